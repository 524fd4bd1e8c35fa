// index.html's CSP meta tag is the contract's policy (shared/csp.ts), written by the Vite plugin; checked in
// the source page, in the plugin, and in a real `vite build` of the renderer (what Electron loads from disk
// and the preview serves).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import { cspMetaPlugin } from '../../../renderer/vite.config.mts';

const root = join(__dirname, '../../..');

/** The content attribute of the page's CSP meta tag(s), HTML entities decoded. */
function cspMetas(html: string): string[] {
  return [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)].map((m) =>
    m[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&'),
  );
}

describe('CSP meta tag', () => {
  it('index.html has the placeholder, no inline script and no remote URL', () => {
    const html = readFileSync(join(root, 'renderer/index.html'), 'utf8');
    expect(html).toContain('content="%CERTDESK_CSP%"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('the plugin writes exactly shared/csp.ts', () => {
    const plugin = cspMetaPlugin();
    const hook = plugin.transformIndexHtml as (html: string) => string;
    const out = hook('<meta http-equiv="Content-Security-Policy" content="%CERTDESK_CSP%" />');
    expect(cspMetas(out)).toEqual([CONTENT_SECURITY_POLICY]);
    expect(() => hook('<html></html>')).toThrow(/placeholder/);
  });

  it('the plugin escapes a policy that would break out of the attribute', () => {
    const hook = cspMetaPlugin(`default-src 'none'"><script>alert(1)</script>`).transformIndexHtml as (html: string) => string;
    const out = hook('<meta http-equiv="Content-Security-Policy" content="%CERTDESK_CSP%" />');
    expect(out).not.toContain('<script>');
    expect(cspMetas(out)).toEqual([`default-src 'none'"><script>alert(1)</script>`]);
  });
});

describe('the built page (vite build of renderer/)', () => {
  let outDir: string;
  let html: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'certdesk-csp-build-'));
    const { build } = await import('vite');
    await build({ configFile: join(root, 'renderer', 'vite.config.mts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    html = readFileSync(join(outDir, 'index.html'), 'utf8');
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('has exactly one CSP meta, equal to shared/csp.ts, before any script or stylesheet', () => {
    expect(cspMetas(html)).toEqual([CONTENT_SECURITY_POLICY]);
    const meta = html.search(/<meta\s+http-equiv="Content-Security-Policy"/i);
    const firstResource = html.search(/<script|<link/i);
    expect(meta).toBeGreaterThan(-1);
    expect(meta).toBeLessThan(firstResource);
  });

  it('has no inline script, style element, style attribute, event handler or remote URL', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\.\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//i);
    expect(html).not.toMatch(/(?:src|href)="data:/i);
  });

  it('emits only files (scripts and styles load from the page folder, nothing inlined as data:)', () => {
    const assets = readdirSync(join(outDir, 'assets'));
    expect(assets.some((f) => f.endsWith('.js'))).toBe(true);
    expect(assets.some((f) => f.endsWith('.css'))).toBe(true);
    const css = assets.filter((f) => f.endsWith('.css')).map((f) => readFileSync(join(outDir, 'assets', f), 'utf8')).join('\n');
    expect(css).not.toMatch(/url\(\s*['"]?(?:https?:)?\/\//i);
    expect(css).not.toMatch(/@import/i);
  });
});
