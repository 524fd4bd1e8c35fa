// The Inspect view end to end: a 3-certificate AMT PFX made by openssl, opened through the page's file input,
// against the real engine behind the real preview server, in Debian's Chromium. Screenshots go to test-results/.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { formatDatesIn } from '../../renderer/src/lib/dates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertView, InspectResult } from '../../shared/dto';
import { amtHierarchy, Pki, type Issued } from '../support/openssl';
import { commonName, opensslExtensions, screenshotPath, startApp, type App } from './support';

const PASSWORD = 'secret';
const SHOW_OPTIONS = ['<All>', 'Version 1 Fields Only', 'Extensions Only', 'Critical Extensions Only', 'Properties Only'];
const V1_FIELDS = ['Version', 'Serial number', 'Issuer', 'Valid from', 'Valid to', 'Subject', 'Public key'];

const norm = (hex: string) => hex.replace(/[^0-9a-f]/gi, '').toUpperCase();

describe('Inspect view (preview, Chromium)', () => {
  let pki: Pki;
  let chain: { root: Issued; intermediate: Issued; leaf: Issued };
  let pfxPath: string;
  let registeredPfxPath: string;
  let app: App;
  let page: Page;
  let expected: InspectResult;
  let leafView: CertView;

  beforeAll(async () => {
    pki = new Pki();
    chain = amtHierarchy(pki);
    pfxPath = pki.path(pki.pfx('amt', chain.leaf, [chain.intermediate, chain.root], { password: PASSWORD }));

    // The ® case: OU written with the registered sign (UTF-8) instead of "(R)", and no AMT OID to fall back on.
    pki.key('reg');
    pki.run([
      'req', '-new', '-utf8', '-config', 'ext.cnf', '-key', 'reg.key',
      '-subj', '/O=corp.example.com/OU=Intel® Client Setup Certificate/CN=reg.corp.example.com', '-out', 'reg.csr',
    ]);
    pki.run([
      'x509', '-req', '-in', 'reg.csr', '-CA', chain.intermediate.cert, '-CAkey', chain.intermediate.key, '-set_serial', '7001',
      '-sha256', '-days', '365', '-extfile', 'ext.cnf', '-extensions', 'server', '-out', 'reg.pem',
    ]);
    registeredPfxPath = pki.path(pki.pfx('registered', { key: 'reg.key', cert: 'reg.pem', name: 'reg' }, [chain.intermediate, chain.root], { password: PASSWORD }));

    app = await startApp();
    page = app.page;
    expected = await app.inspect({
      fileName: 'amt.pfx',
      contentBase64: readFileSync(pfxPath).toString('base64'),
      password: PASSWORD,
      includeViews: true,
    });
    const view = expected.views?.find((v) => norm(v.sha256) === norm(expected.leaf!.sha256));
    if (!view) throw new Error('the engine returned no view for the leaf');
    leafView = view;
  });

  afterAll(async () => {
    await app?.close();
    pki?.cleanup();
  });

  const dialog = () => page.locator('.cert-dialog');
  const gridRows = () => page.getByRole('grid', { name: 'Certificate fields' }).locator('.details-body [role="row"]');
  const readiness = () => page.getByRole('region', { name: 'AMT readiness' });

  it('shows the empty Inspect view with an Open button', async () => {
    await expect(page.getByRole('heading', { name: 'Open a certificate file' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Open file…' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Inspect' }).getAttribute('aria-current')).resolves.toBe('page');
  });

  it('asks for the PFX password, says when it is wrong, and opens with the right one (no reload)', async () => {
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    await page.getByLabel('Certificate file', { exact: true }).setInputFiles(pfxPath);
    const password = page.getByRole('main', { name: 'Inspect' }).getByLabel('Password:');
    await password.waitFor();
    expect(await page.getByText('To open this file, enter the password').isVisible()).toBe(true);
    expect(await page.getByText('The password is incorrect.').count()).toBe(0);

    await password.fill('not-the-password');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByText('The password is incorrect.').waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'The password is incorrect.' }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('e2e-password') });
    // A second wrong try keeps the prompt and the message.
    await password.fill('still-wrong');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: 'Open', exact: true }).and(page.locator(':enabled')).waitFor();
    expect(await page.getByText('The password is incorrect.').isVisible()).toBe(true);

    await password.fill(PASSWORD);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('tab', { name: 'General' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });

  it('General tab: Certificate Information, purposes or status, Issued to/by, validity, private key', async () => {
    const general = page.getByRole('tabpanel');
    expect(await page.getByRole('tab', { name: 'General' }).getAttribute('aria-selected')).toBe('true');
    expect(await general.getByRole('heading', { name: 'Certificate Information' }).isVisible()).toBe(true);
    const g = leafView.general;
    if (g.statusText) {
      expect(await general.getByText(g.statusText).isVisible()).toBe(true);
    } else {
      expect(await general.getByText('This certificate is intended for the following purpose(s):').isVisible()).toBe(true);
      expect(await general.getByRole('listitem').allInnerTexts()).toEqual(g.purposes);
    }
    const text = ((await general.textContent()) ?? '').replace(/\s+/g, ' ');
    const leafCN = commonName(pki.facts(chain.leaf.cert).subject);
    const interCN = commonName(pki.facts(chain.intermediate.cert).subject);
    expect(text).toContain(`Issued to: ${leafCN}`);
    expect(text).toContain(`Issued by: ${interCN}`);
    expect(text).toContain(`Valid from ${g.validFrom} to ${g.validTo}`);
    expect(text).toContain('You have a private key that corresponds to this certificate.');
    await page.screenshot({ path: screenshotPath('e2e-general') });
  });

  it('tabs are keyboard operable (Left/Right/Home/End)', async () => {
    const tab = (name: string) => page.getByRole('tab', { name });
    await tab('General').focus();
    await page.keyboard.press('ArrowRight');
    expect(await tab('Details').getAttribute('aria-selected')).toBe('true');
    expect(await tab('Details').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await tab('Certification Path').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect(await tab('General').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    expect(await tab('Certification Path').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await tab('General').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    expect(await tab('Certification Path').getAttribute('aria-selected')).toBe('true');
    // Only the selected tab is in the Tab order.
    expect(await page.getByRole('tab').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('tabindex')))).toEqual(['-1', '-1', '0']);
    const panelId = await tab('Certification Path').getAttribute('aria-controls');
    expect(await page.locator(`[id="${panelId}"]`).getAttribute('role')).toBe('tabpanel');
  });

  it('Details tab: every Show option, row counts consistent with openssl', async () => {
    await page.getByRole('tab', { name: 'Details' }).click();
    const show = page.getByRole('combobox', { name: 'Show:' });
    expect(await show.locator('option').allInnerTexts()).toEqual(SHOW_OPTIONS);
    expect(await show.inputValue()).toBe('all');

    const opensslText = pki.run(['x509', '-in', chain.leaf.cert, '-noout', '-text']).toString();
    const extensions = opensslExtensions(opensslText);
    expect(extensions.length).toBe(6);
    const fields = async () => (await gridRows().locator('.details-field').allInnerTexts()).map((t) => t.replace(/\s*\(critical extension\)\s*$/, '').trim());

    // <All>: every row of the engine's view, fields then extensions then properties.
    expect(await gridRows().count()).toBe(leafView.details.length);
    expect(await fields()).toEqual(leafView.details.map((r) => r.field));

    await show.selectOption({ label: 'Version 1 Fields Only' });
    const v1 = await fields();
    expect(v1).toEqual(leafView.details.filter((r) => r.v1).map((r) => r.field));
    for (const f of V1_FIELDS) expect(v1).toContain(f);

    await show.selectOption({ label: 'Extensions Only' });
    expect(await gridRows().count()).toBe(extensions.length);

    await show.selectOption({ label: 'Critical Extensions Only' });
    expect(await gridRows().count()).toBe(extensions.filter((e) => e.critical).length);
    expect(await gridRows().locator('.visually-hidden', { hasText: 'critical extension' }).count()).toBe(extensions.filter((e) => e.critical).length);

    await show.selectOption({ label: 'Properties Only' });
    const props = leafView.details.filter((r) => r.kind === 'property');
    expect(props.length).toBeGreaterThan(0);
    expect(await fields()).toEqual(props.map((r) => r.field));

    await show.selectOption({ label: '<All>' });
    expect(await gridRows().count()).toBe(leafView.details.length);
  });

  it('Details tab: rows are selectable by mouse and keyboard; the lower pane shows the detail', async () => {
    const pane = page.locator('textarea.details-pane');
    expect(await pane.inputValue()).toBe(leafView.details[0].detail);
    const subjectIndex = leafView.details.findIndex((r) => r.field === 'Subject');
    await gridRows().nth(subjectIndex).click();
    expect(await gridRows().nth(subjectIndex).getAttribute('aria-selected')).toBe('true');
    expect(await pane.inputValue()).toBe(leafView.details[subjectIndex].detail);
    // Multi-line (one RDN per line) for the subject.
    expect((await pane.inputValue()).split('\n').length).toBeGreaterThan(1);
    await page.keyboard.press('ArrowDown');
    expect(await gridRows().nth(subjectIndex + 1).getAttribute('aria-selected')).toBe('true');
    expect(await pane.inputValue()).toBe(leafView.details[subjectIndex + 1].detail);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await gridRows().nth(subjectIndex - 1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await gridRows().nth(0).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    expect(await gridRows().nth(leafView.details.length - 1).getAttribute('aria-selected')).toBe('true');
    // Leave Subject selected for the screenshot.
    await gridRows().nth(subjectIndex).click();
    await page.screenshot({ path: screenshotPath('e2e-details') });
  });

  it('Copy to File... saves DER equal to openssl -outform DER, and Base-64 as 64-column PEM', async () => {
    const der = pki.der(chain.leaf.cert);

    await page.getByRole('button', { name: 'Copy to File...' }).click();
    const wizard = page.getByRole('dialog', { name: 'Certificate Export Wizard' });
    await wizard.waitFor();
    expect(await wizard.getByLabel('DER encoded binary X.509 (.CER)').isChecked()).toBe(true);
    const [derDownload] = await Promise.all([page.waitForEvent('download'), wizard.getByRole('button', { name: 'Save' }).click()]);
    expect(derDownload.suggestedFilename()).toMatch(/\.cer$/);
    const derPath = pki.path('downloaded.cer');
    await derDownload.saveAs(derPath);
    expect(readFileSync(derPath).equals(der)).toBe(true);
    expect(await wizard.count()).toBe(0);

    await page.getByRole('button', { name: 'Copy to File...' }).click();
    await wizard.getByLabel('Base-64 encoded X.509 (.CER)').check();
    await wizard.getByLabel('File name:').fill('leaf-base64.cer');
    const [pemDownload] = await Promise.all([page.waitForEvent('download'), wizard.getByRole('button', { name: 'Save' }).click()]);
    expect(pemDownload.suggestedFilename()).toBe('leaf-base64.cer');
    const pemPath = pki.path('downloaded-b64.cer');
    await pemDownload.saveAs(pemPath);
    const pem = readFileSync(pemPath, 'utf8');
    const lines = pem.trim().split(/\r?\n/);
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-1)).toBe('-----END CERTIFICATE-----');
    expect(lines.slice(1, -1).every((l) => l.length <= 64)).toBe(true);
    expect(lines.slice(1, -2).every((l) => l.length === 64)).toBe(true);
    // openssl reads it back to the same DER.
    expect(pki.run(['x509', '-in', 'downloaded-b64.cer', '-outform', 'DER']).equals(der)).toBe(true);

    // Escape cancels the wizard and focus returns to the button.
    await page.getByRole('button', { name: 'Copy to File...' }).click();
    await wizard.waitFor();
    await page.keyboard.press('Escape');
    expect(await wizard.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Copy to File...' }).evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('Certification Path: root first, the leaf last, order equal to openssl; status; View Certificate', async () => {
    await page.getByRole('tab', { name: 'Certification Path' }).click();
    const tree = page.getByRole('tree', { name: 'Certification path' });
    const items = tree.getByRole('treeitem');
    const names = [chain.root, chain.intermediate, chain.leaf].map((c) => commonName(pki.facts(c.cert).subject));
    expect((await items.allInnerTexts()).map((t) => t.trim())).toEqual(names);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-level')))).toEqual(['1', '2', '3']);
    expect(await items.nth(2).getAttribute('aria-selected')).toBe('true');

    const status = page.getByLabel('Certificate status:');
    expect(await status.inputValue()).toBe(leafView.path[2].status);
    const viewButton = page.getByRole('button', { name: 'View Certificate' });
    expect(await viewButton.isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('e2e-path') });

    // Keyboard: Up selects the intermediate, Home the root.
    await items.nth(2).focus();
    await page.keyboard.press('ArrowUp');
    expect(await items.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await status.inputValue()).toBe(leafView.path[1].status);
    await page.keyboard.press('Home');
    expect(await items.nth(0).getAttribute('aria-selected')).toBe('true');
    expect(await status.inputValue()).toBe(leafView.path[0].status);
    expect(await viewButton.isEnabled()).toBe(true);

    // View Certificate opens the root's own dialog as a pop-up (Windows: a modal Certificate window); its OK
    // closes only the pop-up.
    await viewButton.click();
    const popup = page.getByRole('dialog', { name: `Certificate: ${names[0]}` });
    await popup.getByRole('tabpanel').getByText(`Issued to: ${names[0]}`).waitFor();
    expect(await popup.getByRole('tab', { name: 'General' }).getAttribute('aria-selected')).toBe('true');
    await popup.getByRole('button', { name: 'OK' }).click();
    await popup.waitFor({ state: 'detached' });
    // The leaf's dialog is still on the tab it was left on, as closing the nested dialog does on Windows.
    expect(await page.getByRole('tab', { name: 'Certification Path' }).getAttribute('aria-selected')).toBe('true');
    expect((await items.allInnerTexts()).map((t) => t.trim())).toEqual(names);
    await page.getByRole('tab', { name: 'General' }).click();
    await page.getByRole('tabpanel').getByText(`Issued to: ${names[2]}`).waitFor();
  });

  it('readiness panel: every check with its icon text, the verdict; expiry and thumbprints', async () => {
    const panel = readiness();
    // Problems first (failures, then warnings and notes), the passes folded behind "Show N passed checks".
    const passes = expected.amt.checks.filter((c) => c.status === 'pass').length;
    if (passes) await panel.getByText(`Show ${passes} passed check${passes === 1 ? '' : 's'}`).click();
    const checks = panel.locator('.checks > .check');
    expect(await checks.count()).toBe(expected.amt.checks.length);
    const rank = { fail: 0, warn: 1, pass: 2 } as const;
    const order = [...expected.amt.checks].sort((a, b) => rank[a.status] - rank[b.status]).map((c) => c.id);
    expect(await checks.evaluateAll((items) => items.map((i) => i.getAttribute('data-check')))).toEqual(order);
    const statusWord = { pass: 'Pass', warn: 'Warning', fail: 'Fail' } as const;
    for (const check of expected.amt.checks) {
      const item = panel.locator(`.checks > .check[data-check="${check.id}"]`);
      const note = check.status === 'warn' && check.message.startsWith('Note:');
      expect(await item.getByRole('img').first().getAttribute('aria-label')).toBe(note ? 'Note' : statusWord[check.status]);
      // The app shows the engine's sentence with its dates in the app's one format (lib/dates.ts).
      expect(await item.innerText()).toContain(formatDatesIn(note ? check.message.replace(/^Note:\s*/, '') : check.message));
    }
    if (passes) await panel.getByText(`Show ${passes} passed check${passes === 1 ? '' : 's'}`).click();
    const verdict = await panel.getByRole('status').first().innerText();
    expect(verdict).toMatch(expected.amt.ready ? /^READY/ : /^NOT READY/);
    expect(verdict.replace(/\s+/g, ' ')).toContain(expected.amt.summary);

    const facts = page.getByRole('region', { name: 'This certificate' });
    const days = leafView.daysLeft;
    expect(await facts.locator('.expiry').innerText()).toContain(`${days} days left`);
    expect(await facts.locator('.expiry').getAttribute('class')).toContain(days > 90 ? 'expiry-ok' : days > 30 ? 'expiry-soon' : 'expiry-urgent');
    const leafFacts = pki.facts(chain.leaf.cert);
    expect(await facts.locator('code.thumb-value').allInnerTexts()).toEqual([leafFacts.sha1, leafFacts.sha256]);

    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.origin });
    await page.getByRole('button', { name: 'Copy SHA-1 thumbprint' }).click();
    await facts.getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(leafFacts.sha1);
    await page.getByRole('button', { name: 'Copy SHA-256 thumbprint' }).click();
    await page.waitForFunction((v) => navigator.clipboard.readText().then((t) => t === v), leafFacts.sha256);

    // The whole panel in one picture: a taller window, then back to 1024×768.
    await page.setViewportSize({ width: 1024, height: 1300 });
    await page.screenshot({ path: screenshotPath('e2e-readiness') });
    await page.setViewportSize({ width: 1024, height: 768 });
  });

  it('the DNS suffix box re-runs the check with the suffixes', async () => {
    const input = readiness().getByLabel('DNS suffix (DHCP option 15):');
    const dnsCheck = readiness().locator('[data-check="dns-suffix"]');
    await page.getByRole('tab', { name: 'Details' }).click();
    const runWith = async (text: string, suffixes: string[]) => {
      await input.fill(text);
      const [request] = await Promise.all([
        page.waitForRequest((r) => r.url().endsWith('/api/inspect') && r.method() === 'POST'),
        page.waitForResponse((r) => r.url().endsWith('/api/inspect')),
        readiness().getByRole('button', { name: 'Check' }).click(),
      ]);
      const body = JSON.parse(request.postData() ?? '{}');
      expect(body.dnsSuffixes).toEqual(suffixes);
      expect(body.password).toBe(PASSWORD);
      const answer = await app.inspect({ fileName: 'amt.pfx', contentBase64: readFileSync(pfxPath).toString('base64'), password: PASSWORD, dnsSuffixes: suffixes });
      const want = answer.amt.checks.find((c) => c.id === 'dns-suffix')!;
      await page.waitForFunction(
        ([s, m]) => {
          const el = document.querySelector('[data-check="dns-suffix"]');
          return el?.getAttribute('data-status') === s && (el.textContent ?? '').includes(m);
        },
        [want.status, want.message] as const,
      );
      return want;
    };
    const matching = await runWith('corp.example.com', ['corp.example.com']);
    expect(matching.status).toBe('pass');
    const other = await runWith('lab.example.net, other.example.org', ['lab.example.net', 'other.example.org']);
    expect(other.status).not.toBe('pass');
    expect(await dnsCheck.getAttribute('data-status')).toBe(other.status);
    // The dialog stayed on the same certificate and tab.
    expect(await page.getByRole('tab', { name: 'Details' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('region', { name: 'This certificate' }).getByRole('heading').innerText()).toBe(leafView.general.issuedTo);
  });

  it('lists the certificates of the file and switches the dialog between them', async () => {
    const list = page.getByRole('region', { name: /Certificates in this file/ });
    const items = list.getByRole('button');
    expect(await items.count()).toBe(3);
    const rootCN = commonName(pki.facts(chain.root.cert).subject);
    await list.getByRole('button', { name: new RegExp(rootCN) }).click();
    await page.getByRole('tab', { name: 'General' }).click();
    await page.getByRole('tabpanel').getByText(`Issued to: ${rootCN}`).waitFor();
    expect(await list.getByRole('button', { name: new RegExp(rootCN) }).getAttribute('aria-current')).toBe('true');
    const leafCN = commonName(pki.facts(chain.leaf.cert).subject);
    await list.getByRole('button', { name: new RegExp(leafCN) }).click();
    await page.getByRole('tabpanel').getByText(`Issued to: ${leafCN}`).waitFor();
  });

  it('flags an OU written with ® instead of (R)', async () => {
    await page.getByLabel('Certificate file', { exact: true }).setInputFiles(registeredPfxPath);
    const password = page.getByRole('main', { name: 'Inspect' }).getByLabel('Password:');
    await password.waitFor();
    await password.fill(PASSWORD);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('tabpanel').getByText('Issued to: reg.corp.example.com').waitFor();
    const check = readiness().locator('[data-check="setup-ou-or-oid"]');
    expect(await check.getAttribute('data-status')).not.toBe('pass');
    expect(await check.innerText()).toMatch(/®|\(R\)/);
    expect(await readiness().getByRole('status').first().innerText()).toMatch(/^NOT READY/);
    await page.screenshot({ path: screenshotPath('e2e-registered-sign') });
  });

  it('opens a file dropped on the window (no password for a PEM certificate)', async () => {
    const pem = readFileSync(pki.path(chain.leaf.cert), 'utf8');
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'leaf.pem', { type: 'application/x-pem-file' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, pem);
    await page.getByRole('tabpanel').getByText('Issued to: prov.corp.example.com').waitFor();
    expect(await page.locator('.toolbar-file').innerText()).toContain('leaf.pem');
    // No key in a .pem certificate: no key line.
    expect(await page.getByText('You have a private key that corresponds to this certificate.').count()).toBe(0);
  });

  it('a bundle with more certificates than the UI shows says how many more there are', async () => {
    const { buildSignedDataBundle } = await import('../../bench/p7b');
    const base = pki.der(chain.leaf.cert);
    const serial = Buffer.from(pki.facts(chain.leaf.cert).serial.padStart(4, '0'), 'hex');
    const at = base.indexOf(Buffer.concat([Buffer.from([0x02, serial.length]), serial])) + 2;
    const ders = Array.from({ length: 300 }, (_, i) => {
      const der = Buffer.from(base);
      der.writeUInt16BE(i + 1, at);
      return der;
    });
    const file = pki.path('many.p7b');
    writeFileSync(file, buildSignedDataBundle(ders));
    await page.getByLabel('Certificate file', { exact: true }).setInputFiles(file);
    await page.getByRole('heading', { name: 'Certificates in this file (300)' }).waitFor();
    expect(await page.getByRole('note').filter({ hasText: '44 more are in the file' }).count()).toBe(1);
  });

  it('keeps working at 1024×768: dialog and panel side by side, no horizontal scroll', async () => {
    const box = await dialog().boundingBox();
    const side = await readiness().boundingBox();
    expect(box && side && box.x + box.width <= side.x).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});

