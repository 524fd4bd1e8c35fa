// Issue [8], items 5, 8, 9 in Chromium on the real preview: the dialog's OK closes only a pop-up; Install
// Certificate... starts the Install wizard with the open file (disabled, with its reason, for a file without a
// key); every error says what to do; focus after the password and after View Certificate; visible focus rings;
// one labelled file button; the empty screen; the certificate list in view at 1024×768. Writes
// docs/screenshots/dialog.png (and dialog-popup.png).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amtHierarchy, Pki, type Issued } from '../support/openssl';
import { commonName, ROOT, screenshotPath, startApp, type App } from './support';

const PASSWORD = 'secret';
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

/** Saves a screenshot to test-results/ and copies it to docs/screenshots/ (the README shows those). */
async function docScreenshot(page: Page, name: string) {
  const path = screenshotPath(`e2e-${name}`);
  await page.screenshot({ path });
  mkdirSync(SCREENSHOTS, { recursive: true });
  copyFileSync(path, join(SCREENSHOTS, `${name}.png`));
}

describe('Certificate dialog, errors and focus (preview, Chromium, 1024×768)', () => {
  let pki: Pki;
  let chain: { root: Issued; intermediate: Issued; leaf: Issued };
  let pfxPath: string;
  let names: { root: string; intermediate: string; leaf: string };
  let app: App;
  let page: Page;

  beforeAll(async () => {
    pki = new Pki();
    chain = amtHierarchy(pki);
    pfxPath = pki.path(pki.pfx('amt', chain.leaf, [chain.intermediate, chain.root], { password: PASSWORD }));
    names = {
      root: commonName(pki.facts(chain.root.cert).subject),
      intermediate: commonName(pki.facts(chain.intermediate.cert).subject),
      leaf: commonName(pki.facts(chain.leaf.cert).subject),
    };
    writeFileSync(pki.path('garbage.cer'), 'this is not a certificate\n'.repeat(20));
    // A PEM bundle with the leaf and its chain, no key.
    writeFileSync(
      pki.path('chain.pem'),
      [chain.leaf, chain.intermediate, chain.root].map((c) => readFileSync(pki.path(c.cert), 'utf8')).join(''),
    );
    app = await startApp({ viewport: { width: 1024, height: 768 } });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    pki?.cleanup();
  });

  const fileInput = () => page.locator('main[aria-label="Inspect"] input[type="file"]');
  const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const activeIs = (locator: ReturnType<Page['locator']>) => locator.evaluate((el) => el === document.activeElement);

  async function openPfx() {
    await nav('Inspect').click();
    await fileInput().setInputFiles(pfxPath);
    // Scoped to Inspect: the hidden (still mounted) USB setup.bin view has password fields too.
    const password = page.getByRole('main', { name: 'Inspect' }).getByLabel('Password:', { exact: true });
    await password.waitFor();
    // A wrong password says what to do: retype it (the box is selected for that).
    await password.fill('not-the-password');
    await password.press('Enter');
    const wrong = page.getByRole('alert').filter({ hasText: 'The password is incorrect.' });
    await wrong.waitFor();
    expect(await wrong.innerText()).toContain('Retype the password');
    expect(await activeIs(password)).toBe(true);
    await password.fill(PASSWORD);
    await password.press('Enter');
    await page.getByRole('tab', { name: 'General' }).first().waitFor();
  }

  it('the empty screen says what CertDesk is for and the usual steps, with a way to each', async () => {
    const inspect = page.getByRole('main', { name: 'Inspect' });
    expect(await inspect.getByText('provisioning certificate', { exact: false }).first().isVisible()).toBe(true);
    expect(await inspect.getByRole('heading', { name: 'The usual steps' }).isVisible()).toBe(true);
    const steps = inspect.getByRole('listitem');
    expect((await steps.allInnerTexts()).map((t) => t.split('\n')[0].trim())).toEqual(['Inspect a file', 'Make a request', 'Install on the server']);
    await inspect.getByRole('button', { name: 'Open the Request wizard' }).click();
    expect(await nav('Request wizard').getAttribute('aria-current')).toBe('page');
    await nav('Inspect').click();
  });

  it('the hidden file input is not a second "Certificate file" control: one labelled Open file… button', async () => {
    const inspect = page.getByRole('main', { name: 'Inspect' });
    expect(await inspect.getByRole('button', { name: 'Open file…' }).count()).toBe(1);
    expect(await inspect.getByRole('button', { name: 'Certificate file' }).count()).toBe(0);
    expect(await fileInput().getAttribute('aria-hidden')).toBe('true');
    expect(await fileInput().getAttribute('tabindex')).toBe('-1');
    // The accessibility tree of the toolbar has no file-upload node.
    const snapshot = await page.getByRole('toolbar', { name: 'File' }).ariaSnapshot();
    expect(snapshot).toContain('Open file…');
    expect(snapshot).not.toContain('Certificate file');
  });

  it('an unreadable file: the error says what to do (accepted files) and offers the way out', async () => {
    await fileInput().setInputFiles(pki.path('garbage.cer'));
    const card = page.getByRole('alert').filter({ hasText: 'CertDesk cannot open garbage.cer' });
    await card.waitFor();
    const code = await card.getAttribute('data-error-code');
    expect(['unreadable', 'unsupported-format']).toContain(code);
    expect(await card.getByText('What to do:').isVisible()).toBe(true);
    expect(await card.innerText()).toMatch(/\.pfx, \.p12\).*\.cer, \.crt, \.der, \.pem\).*\.p7b\).*\.csr\)/s);
    // Focus is on the card's heading, not dropped on the page.
    expect(await activeIs(card.getByRole('heading'))).toBe(true);
    expect(await card.getByRole('button', { name: 'Open another file…' }).isVisible()).toBe(true);
    await card.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('heading', { name: 'Open a certificate file' }).waitFor();
  });

  it('after the password, focus goes to the dialog (its selected tab), not the page', async () => {
    await openPfx();
    const general = page.getByRole('tab', { name: 'General' });
    expect(await general.getAttribute('aria-selected')).toBe('true');
    expect(await activeIs(general)).toBe(true);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
  });

  it('tabs and tree items get a visible focus ring (2px, contrast ≥ 3:1 against white)', async () => {
    const ring = (locator: ReturnType<Page['locator']>) =>
      locator.evaluate((el) => {
        const style = getComputedStyle(el);
        return { width: parseFloat(style.outlineWidth), style: style.outlineStyle, color: style.outlineColor };
      });
    const contrast = (rgb: string) => {
      const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      return 1.05 / (l + 0.05);
    };
    await page.keyboard.press('ArrowRight'); // keyboard focus: :focus-visible applies
    const details = page.getByRole('tab', { name: 'Details' });
    expect(await activeIs(details)).toBe(true);
    const tabRing = await ring(details);
    expect(tabRing.style).toBe('solid');
    expect(tabRing.width).toBeGreaterThanOrEqual(2);
    expect(contrast(tabRing.color)).toBeGreaterThanOrEqual(3);

    await page.keyboard.press('ArrowRight');
    const items = page.getByRole('tree', { name: 'Certification path' }).getByRole('treeitem');
    await page.keyboard.press('Tab');
    expect(await activeIs(items.nth(2))).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await activeIs(items.nth(1))).toBe(true);
    const itemRing = await ring(items.nth(1).locator('.path-name'));
    expect(itemRing.style).toBe('solid');
    expect(itemRing.width).toBeGreaterThanOrEqual(2);
    expect(contrast(itemRing.color)).toBeGreaterThanOrEqual(3);
  });

  it("View Certificate opens a pop-up whose OK closes only the pop-up; focus goes to it and back (the file stays open)", async () => {
    const items = page.getByRole('tree', { name: 'Certification path' }).getByRole('treeitem');
    await items.nth(0).click();
    const viewButton = page.getByRole('button', { name: 'View Certificate' });
    await viewButton.click();
    const popup = page.getByRole('dialog', { name: `Certificate: ${names.root}` });
    await popup.waitFor();
    expect(await popup.getAttribute('aria-modal')).toBe('true');
    // Focus: the pop-up's General tab.
    expect(await activeIs(popup.getByRole('tab', { name: 'General' }))).toBe(true);
    expect(((await popup.getByRole('tabpanel').textContent()) ?? '').replace(/\s+/g, ' ')).toContain(`Issued to: ${names.root}`);
    await docScreenshot(page, 'dialog-popup');

    await popup.getByRole('button', { name: 'OK' }).click();
    await popup.waitFor({ state: 'detached' });
    // The file is still open, on the leaf, on the tab the user left; focus is back on View Certificate.
    expect(await page.getByText('amt.pfx').first().isVisible()).toBe(true);
    expect(await page.getByRole('tab', { name: 'Certification Path' }).getAttribute('aria-selected')).toBe('true');
    expect(await activeIs(viewButton)).toBe(true);
    // Escape closes a pop-up too.
    await viewButton.click();
    await popup.waitFor();
    await page.keyboard.press('Escape');
    await popup.waitFor({ state: 'detached' });
    // The file's own sheet has no OK that would close the file; Close file does that.
    const sheet = page.getByRole('region', { name: `Certificate: ${names.leaf}` });
    expect(await sheet.getByRole('button', { name: 'OK' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Close file' }).isVisible()).toBe(true);
  });

  it('the certificate list of the file is in view at 1024×768, above the dialog', async () => {
    await page.getByRole('tab', { name: 'General' }).first().click();
    const list = page.getByRole('region', { name: /Certificates in this file/ });
    const box = await list.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    const items = list.getByRole('button');
    expect(await items.count()).toBe(3);
    for (let i = 0; i < 3; i++) expect(await items.nth(i).isVisible()).toBe(true);
    const last = await items.nth(2).boundingBox();
    expect(last!.y + last!.height).toBeLessThanOrEqual(768);
    // The General tab's Install Certificate... button is in view too.
    const install = page.getByRole('button', { name: 'Install Certificate...' });
    const ib = await install.boundingBox();
    expect(ib!.y + ib!.height).toBeLessThanOrEqual(768);
    await docScreenshot(page, 'dialog');
  });

  it('one date format and one name order: the General tab and the facts beside it agree', async () => {
    const panel = page.getByRole('tabpanel');
    const text = ((await panel.textContent()) ?? '').replace(/\s+/g, ' ');
    const m = /Valid from (\d{1,2}\/\d{1,2}\/\d{4}) to (\d{1,2}\/\d{1,2}\/\d{4})/.exec(text);
    expect(m).not.toBeNull();
    const facts = page.getByRole('region', { name: 'This certificate' });
    expect(await facts.innerText()).toContain(`valid to ${m![2]}`);
    // Issued to and Issued by are both the simple display name (the CN), the same form.
    expect(text).toContain(`Issued to: ${names.leaf}`);
    expect(text).toContain(`Issued by: ${names.intermediate}`);
  });

  it('Install Certificate... starts the Install wizard with the open file, at its password step', async () => {
    await page.getByRole('button', { name: 'Install Certificate...' }).click();
    expect(await nav('Install wizard').getAttribute('aria-current')).toBe('page');
    const wizard = page.getByRole('main', { name: 'Install wizard' });
    await wizard.getByRole('heading', { name: 'Password' }).waitFor();
    expect(await wizard.innerText()).toContain('amt.pfx');
  });

  it('a certificate without its key: Install Certificate... is disabled and says why, visibly', async () => {
    await nav('Inspect').click();
    await page.getByRole('button', { name: 'Close file' }).click();
    await fileInput().setInputFiles(pki.path('chain.pem'));
    const install = page.getByRole('button', { name: 'Install Certificate...' });
    await install.waitFor();
    expect(await install.isDisabled()).toBe(true);
    const reason = page.getByRole('tabpanel').getByText('This file has no private key', { exact: false });
    expect(await reason.isVisible()).toBe(true);
    // The reason is the button's description for screen readers.
    const describedBy = await install.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toContain('no private key');
  });
});
