// The Content-Security-Policy as Chromium enforces it on the real renderer build served by the real preview
// server: the policy arrives as header and meta (both exactly shared/csp.ts), the page needs no inline code,
// and what an attacker's injected markup or script would try — inline script, inline handler, eval, a fetch
// or an image to another origin, inline styles — is refused, seen as `securitypolicyviolation` events and
// (for network) as silence at a second local server. A control run with the CSP bypassed shows each probe
// would be caught if the policy were missing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { amtHierarchy, Pki } from '../support/openssl';
import { startApp, type App } from './support';

const PASSWORD = 'secret';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  sourceFile: string;
  line: number;
  column: number;
}

/** Records every CSP violation of the document (before any page script runs). */
async function recordViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const list: unknown[] = [];
    (window as unknown as { __csp: unknown[] }).__csp = list;
    document.addEventListener('securitypolicyviolation', (e) => 
      list.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, sourceFile: e.sourceFile, line: e.lineNumber, column: e.columnNumber }),
    );
  });
}

const violations = (page: Page): Promise<Violation[]> => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp.slice());

/** Waits until a violation of `directive` has been reported (events are asynchronous). */
async function violationOf(page: Page, directive: string): Promise<Violation> {
  await page.waitForFunction((d) => (window as unknown as { __csp: Violation[] }).__csp.some((v) => v.directive === d), directive, { timeout: 5000 });
  return (await violations(page)).find((v) => v.directive === directive)!;
}

/** What the probes do; each returns what the page observed. The same code runs with and without the CSP. */
const probes = {
  inlineScript: (page: Page) =>
    page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    }),
  inlineHandler: (page: Page) =>
    page.evaluate(async () => {
      const holder = document.createElement('div');
      holder.innerHTML = '<img src="data:," onerror="window.__handlerRan = true">';
      document.body.append(holder);
      await new Promise((r) => setTimeout(r, 200));
      holder.remove();
      return (window as unknown as { __handlerRan?: boolean }).__handlerRan === true;
    }),
  // From a timer, i.e. as page code: DevTools' own evaluation (page.evaluate) is exempt from the eval rule.
  evalString: (page: Page) =>
    page.evaluate(
      () =>
        new Promise<string[]>((resolve) =>
          setTimeout(() => {
            const results: string[] = [];
            try {
              results.push(String(eval('6 * 7')));
            } catch (error) {
              results.push((error as Error).name);
            }
            try {
              results.push(String(new Function('return 6 * 7')()));
            } catch (error) {
              results.push((error as Error).name);
            }
            resolve(results);
          }, 0),
        ),
    ),
  foreignFetch: (page: Page, url: string) =>
    page.evaluate(async (target) => {
      try {
        const r = await fetch(target, { mode: 'no-cors' });
        return `fetched ${r.type}`;
      } catch (error) {
        return (error as Error).name;
      }
    }, url),
  remoteImage: (page: Page, url: string) =>
    page.evaluate(
      (src) =>
        new Promise<string>((resolve) => {
          const img = new Image();
          img.onload = () => resolve('loaded');
          img.onerror = () => resolve('error');
          img.src = src;
          document.body.append(img);
        }),
      url,
    ),
  inlineStyle: (page: Page) =>
    page.evaluate(async () => {
      const holder = document.createElement('div');
      holder.innerHTML = '<style>#csp-probe-a { width: 123px; }</style><div id="csp-probe-a"></div><div id="csp-probe-b" style="width: 77px"></div>';
      document.body.append(holder);
      await new Promise((r) => setTimeout(r, 50));
      const widths = [getComputedStyle(document.getElementById('csp-probe-a')!).width, getComputedStyle(document.getElementById('csp-probe-b')!).width];
      holder.remove();
      return widths;
    }),
};

describe('Content-Security-Policy in Chromium (preview server, renderer build)', () => {
  let pki: Pki;
  let pfxPath: string;
  let app: App;
  let page: Page;
  let sink: Server;
  let sinkUrl: string;
  const sinkHits: string[] = [];
  const responses: Response[] = [];
  const cspConsole: string[] = [];

  beforeAll(async () => {
    pki = new Pki();
    const chain = amtHierarchy(pki);
    pfxPath = pki.path(pki.pfx('csp', chain.leaf, [chain.intermediate, chain.root], { password: PASSWORD }));
    // "Another origin": a second local server that records every request reaching it.
    sink = createServer((req, res) => {
      sinkHits.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'Content-Type': 'image/gif', 'Access-Control-Allow-Origin': '*' });
      res.end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

    app = await startApp();
    page = app.page;
    await recordViolations(app.context);
    page.on('response', (response) => responses.push(response));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspConsole.push(message.text());
    });
    await page.reload();
    await page.getByRole('button', { name: 'Open file…' }).waitFor();
  });

  afterAll(async () => {
    await app?.close();
    await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
    pki?.cleanup();
  });

  it('the page, its script and its stylesheet all come with the CSP header of shared/csp.ts; the meta tag is the same policy', async () => {
    const own = responses.filter((r) => r.url().startsWith(app.server.origin));
    const kinds = own.map((r) => r.request().resourceType());
    expect(kinds).toEqual(expect.arrayContaining(['document', 'script', 'stylesheet']));
    for (const response of own) expect(await response.headerValue('content-security-policy'), response.url()).toBe(CONTENT_SECURITY_POLICY);
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    // Nothing loaded from anywhere else.
    expect(responses.filter((r) => !r.url().startsWith(app.server.origin))).toEqual([]);
  });

  it('the page has no inline script, style element, style markup or event-handler attribute (no need for unsafe-inline)', async () => {
    const found = await page.evaluate(() => ({
      inlineScripts: document.querySelectorAll('script:not([src])').length,
      foreignScripts: [...document.querySelectorAll('script[src]')].map((s) => (s as HTMLScriptElement).src).filter((src) => new URL(src).origin !== location.origin),
      styleElements: document.querySelectorAll('style').length,
      handlerAttributes: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}.${a.name}`)),
      stylesheets: [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => new URL((l as HTMLLinkElement).href).origin === location.origin),
    }));
    expect(found).toEqual({ inlineScripts: 0, foreignScripts: [], styleElements: 0, handlerAttributes: [], stylesheets: [true] });
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('an injected inline script does not run', async () => {
    expect(await probes.inlineScript(page)).toBe(false);
    const v = await violationOf(page, 'script-src-elem');
    expect(v.blocked).toBe('inline');
  });

  it('an injected inline event handler does not run', async () => {
    expect(await probes.inlineHandler(page)).toBe(false);
    const v = await violationOf(page, 'script-src-attr');
    expect(v.blocked).toBe('inline');
  });

  it('eval and new Function are refused (EvalError)', async () => {
    expect(await probes.evalString(page)).toEqual(['EvalError', 'EvalError']);
    const v = await violationOf(page, 'script-src');
    expect(v.blocked).toBe('eval');
  });

  it('a fetch to another origin is blocked before it leaves the browser', async () => {
    const before = sinkHits.length;
    expect(await probes.foreignFetch(page, `${sinkUrl}/fetch`)).toBe('TypeError');
    const v = await violationOf(page, 'connect-src');
    expect(v.blocked).toBe(`${sinkUrl}/fetch`);
    expect(sinkHits.slice(before)).toEqual([]);
  });

  it('a remote <img> is blocked and never requested', async () => {
    const before = sinkHits.length;
    expect(await probes.remoteImage(page, `${sinkUrl}/pixel.gif`)).toBe('error');
    const v = await violationOf(page, 'img-src');
    expect(v.blocked).toBe(`${sinkUrl}/pixel.gif`);
    expect(sinkHits.slice(before)).toEqual([]);
  });

  it('injected <style> elements and style="" markup are not applied', async () => {
    const widths = await probes.inlineStyle(page);
    expect(widths).not.toContain('123px');
    expect(widths).not.toContain('77px');
    expect((await violations(page)).map((v) => v.directive)).toEqual(expect.arrayContaining(['style-src-elem', 'style-src-attr']));
  });

  it('the console reports the refusals as CSP errors', async () => {
    await expect.poll(() => cspConsole.length).toBeGreaterThan(0);
    expect(cspConsole.join('\n')).toMatch(/Refused to (execute|evaluate|connect|load)/);
  });

  it('the app itself raises no violation: open a PFX, every tab, Requests, both wizards', async () => {
    await page.reload();
    await page.getByRole('button', { name: 'Open file…' }).waitFor();
    await page.getByLabel('Certificate file', { exact: true }).setInputFiles(pfxPath);
    // Scoped to Inspect: the hidden (still mounted) USB setup.bin view has password fields too.
    await page.getByRole('main', { name: 'Inspect' }).getByLabel('Password:', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('tab', { name: 'General' }).waitFor();
    await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByRole('grid', { name: 'Certificate fields' }).waitFor();
    await page.getByRole('tab', { name: 'Certification Path' }).click();
    const nodes = page.getByRole('treeitem');
    await nodes.first().waitFor();
    // React's style property (set through the CSSOM, which the CSP allows) still indents the path.
    const indents = await nodes.evaluateAll((items) => items.map((el) => getComputedStyle(el).paddingInlineStart));
    expect(indents).toEqual(['4px', '22px', '40px']);
    const nav = page.getByRole('navigation', { name: 'Views' });
    await nav.getByRole('button', { name: 'Requests', exact: true }).click();
    await page.getByRole('main', { name: 'Requests' }).waitFor();
    await nav.getByRole('button', { name: 'Request wizard', exact: true }).click();
    await page.getByRole('main', { name: 'Request wizard' }).waitFor();
    await nav.getByRole('button', { name: 'Install wizard', exact: true }).click();
    await page.getByRole('main', { name: 'Install wizard' }).waitFor();
    await nav.getByRole('button', { name: 'USB setup.bin', exact: true }).click();
    await page.getByRole('main', { name: 'USB setup.bin' }).waitFor();
    await nav.getByRole('button', { name: 'Fleet', exact: true }).click();
    await page.getByRole('main', { name: 'Fleet' }).waitFor();
    await page.waitForTimeout(200);
    // None at all: zod runs jitless (renderer/src/zod-jitless.ts), so not even its eval probe is refused.
    expect(await violations(page)).toEqual([]);
  });

  it('control: with the CSP bypassed the same probes run and reach the other server (so the checks above can fail)', async () => {
    const context = await app.browser.newContext({ bypassCSP: true });
    try {
      await recordViolations(context);
      const open = await context.newPage();
      await open.goto(app.server.url);
      await open.getByRole('button', { name: 'Open file…' }).waitFor();
      const before = sinkHits.length;
      expect(await probes.inlineScript(open)).toBe(true);
      expect(await probes.inlineHandler(open)).toBe(true);
      expect(await probes.evalString(open)).toEqual(['42', '42']);
      expect(await probes.foreignFetch(open, `${sinkUrl}/fetch`)).toBe('fetched opaque');
      expect(await probes.remoteImage(open, `${sinkUrl}/pixel.gif`)).toBe('loaded');
      expect(await probes.inlineStyle(open)).toEqual(['123px', '77px']);
      expect(sinkHits.slice(before)).toEqual(['GET /fetch', 'GET /pixel.gif']);
      expect(await violations(open)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
