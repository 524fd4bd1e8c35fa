// Issue [9], shared components: the three modal dialogs share one component (renderer/src/components/Modal.tsx).
// For each — a View Certificate pop-up, the Requests list's Show dialog, "Which roots does AMT trust?" — in
// Chromium on the real preview, driven by the keyboard: focus starts inside; Tab from the last stop goes to the
// first and Shift-Tab from the first to the last; a full round of Tab never leaves the dialog; Escape closes;
// focus returns to the button that opened it. Stacked pop-ups: Escape closes the top one only. The vault runs in
// passphrase mode (no keychain needed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestNewResult } from '../../shared/contract/requests';
import { amtHierarchy, Pki, type Issued } from '../support/openssl';
import { commonName, startApp, type App } from './support';

const PASSWORD = 'modal-e2e';
const CN = 'modal.corp.example.com';

describe('Modal dialogs: focus, Tab trap, Escape, focus return (preview, Chromium)', () => {
  let home: string;
  let pki: Pki;
  let chain: { root: Issued; intermediate: Issued; leaf: Issued };
  let names: { root: string; intermediate: string };
  let pfxPath: string;
  let app: App;
  let page: Page;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'certdesk-e2e-modal-'));
    for (const k of ['CERTDESK_HOME', 'CERTDESK_VAULT', 'CERTDESK_PASSPHRASE']) saved[k] = process.env[k];
    process.env.CERTDESK_HOME = home;
    process.env.CERTDESK_VAULT = 'passphrase';
    process.env.CERTDESK_PASSPHRASE = 'e2e modal vault passphrase';
    pki = new Pki();
    chain = amtHierarchy(pki);
    pfxPath = pki.path(pki.pfx('amt', chain.leaf, [chain.intermediate, chain.root], { password: PASSWORD }));
    names = { root: commonName(pki.facts(chain.root.cert).subject), intermediate: commonName(pki.facts(chain.intermediate.cert).subject) };
    app = await startApp({ viewport: { width: 1024, height: 768 } });
    page = app.page;
    const made = await app.call<RequestNewResult>('request.new', { cn: CN, org: 'corp.example.com' });
    if (!made.ok) throw new Error(made.error.message);
  });

  afterAll(async () => {
    await app?.close();
    pki?.cleanup();
    if (home) rmSync(home, { recursive: true, force: true });
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const inspect = () => page.getByRole('main', { name: 'Inspect' });
  const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);
  const focusInside = (dialog: Locator) => dialog.evaluate((el) => el !== document.activeElement && el.contains(document.activeElement));
  /** A readable name for what has focus (for failure messages). */
  const focusedName = () => page.evaluate(() => `${document.activeElement?.tagName} "${(document.activeElement?.textContent ?? '').trim().slice(0, 40)}"`);

  /**
   * The keyboard contract of one open modal. `first` / `last` are its first and last Tab stops as a user sees
   * them; `opener` is the button that opened it.
   */
  async function checkModal(dialog: Locator, parts: { initial: Locator; first: Locator; last: Locator; opener: Locator }) {
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    const labelledBy = await dialog.getAttribute('aria-labelledby');
    expect(labelledBy).toBeTruthy();
    expect((await page.locator(`[id="${labelledBy}"]`).innerText()).trim()).not.toBe('');

    // Focus starts inside, on the control the dialog chose.
    expect(await focusInside(dialog)).toBe(true);
    expect(await isFocused(parts.initial), await focusedName()).toBe(true);

    // Tab from the last stop goes to the first; Shift-Tab from the first goes back to the last.
    await parts.last.focus();
    await page.keyboard.press('Tab');
    expect(await isFocused(parts.first), `Tab from the last went to ${await focusedName()}`).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await isFocused(parts.last), `Shift-Tab from the first went to ${await focusedName()}`).toBe(true);

    // A whole round of Tab stays inside and comes back to the first stop.
    await parts.first.focus();
    let steps = 0;
    for (; steps < 40; steps++) {
      await page.keyboard.press('Tab');
      expect(await focusInside(dialog), `Tab ${steps + 1} left the dialog for ${await focusedName()}`).toBe(true);
      if (await isFocused(parts.first)) break;
    }
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThan(40);

    // Escape closes; focus is back on the opener.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction((el) => el === document.activeElement, await parts.opener.elementHandle());
    expect(await isFocused(parts.opener)).toBe(true);
  }

  it("the certificate dialog's View Certificate pop-up; a pop-up on a pop-up closes one at a time", async () => {
    await nav('Inspect').click();
    await inspect().locator('input[type="file"][accept*=".pfx"]').setInputFiles(pfxPath);
    const password = inspect().getByLabel('Password:', { exact: true });
    await password.waitFor();
    await password.fill(PASSWORD);
    await password.press('Enter');
    await page.getByRole('tab', { name: 'Certification Path' }).click();
    const items = page.getByRole('tree', { name: 'Certification path' }).getByRole('treeitem');
    await items.nth(0).click();
    const viewButton = page.getByRole('button', { name: 'View Certificate' });
    await viewButton.click();

    const popup = page.getByRole('dialog', { name: `Certificate: ${names.root}` });
    await popup.waitFor();
    await checkModal(popup, {
      initial: popup.getByRole('tab', { name: 'General' }),
      first: popup.getByRole('tab', { name: 'General' }),
      last: popup.getByRole('button', { name: 'OK' }),
      opener: viewButton,
    });

    // The intermediate's pop-up, and from its own Certification Path the root's on top of it.
    await items.nth(1).click();
    await viewButton.click();
    const lower = page.getByRole('dialog', { name: `Certificate: ${names.intermediate}` });
    await lower.waitFor();
    await lower.getByRole('tab', { name: 'Certification Path' }).click();
    await lower.getByRole('tree', { name: 'Certification path' }).getByRole('treeitem').nth(0).click();
    const lowerView = lower.getByRole('button', { name: 'View Certificate' });
    await lowerView.click();
    const upper = page.getByRole('dialog', { name: `Certificate: ${names.root}` });
    await upper.waitFor();
    expect(await focusInside(upper)).toBe(true);
    // Escape closes the top pop-up only (like its OK); the one under it keeps its tab and gets focus back.
    await page.keyboard.press('Escape');
    await upper.waitFor({ state: 'detached' });
    expect(await lower.isVisible()).toBe(true);
    expect(await lower.getByRole('tab', { name: 'Certification Path' }).getAttribute('aria-selected')).toBe('true');
    await page.waitForFunction((el) => el === document.activeElement, await lowerView.elementHandle());
    // A modal inside the pop-up (Details → Copy to File...): Escape closes that one only, the pop-up stays.
    await lower.getByRole('tab', { name: 'Details' }).click();
    await lower.getByRole('button', { name: 'Copy to File...' }).click();
    const wizard = page.getByRole('dialog', { name: 'Certificate Export Wizard' });
    await wizard.waitFor();
    // Tab from its last control stays in the wizard (the pop-up around it does not re-wrap it).
    await wizard.getByRole('button').last().focus();
    await page.keyboard.press('Tab');
    expect(await focusInside(wizard), await focusedName()).toBe(true);
    await page.keyboard.press('Escape');
    await wizard.waitFor({ state: 'detached' });
    expect(await lower.isVisible()).toBe(true);
    expect(await focusInside(lower), await focusedName()).toBe(true);
    // Tab is trapped in the remaining pop-up again, not in the closed one.
    await lower.getByRole('button', { name: 'OK' }).focus();
    await page.keyboard.press('Tab');
    expect(await focusInside(lower), await focusedName()).toBe(true);
    await page.keyboard.press('Escape');
    await lower.waitFor({ state: 'detached' });
    expect(await isFocused(viewButton)).toBe(true);
    // The file's own sheet is not a modal: Escape there closes nothing.
    await page.keyboard.press('Escape');
    expect(await page.getByRole('button', { name: 'Close file' }).isVisible()).toBe(true);
  });

  it('"Which roots does AMT trust?" (the root catalogue)', async () => {
    const opener = page.getByRole('region', { name: 'AMT readiness' }).getByRole('button', { name: 'Which roots does AMT trust?' }).first();
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Which roots does AMT trust?' });
    await dialog.waitFor();
    // The table (the last stop) arrives with the catalogue.
    await dialog.getByRole('table', { name: 'AMT firmware root catalogue' }).waitFor();
    const close = dialog.getByRole('button', { name: 'Close' });
    await checkModal(dialog, {
      initial: close,
      first: close,
      last: dialog.getByRole('region', { name: 'Root catalogue table' }),
      opener,
    });
  });

  it("the Requests list's Show dialog", async () => {
    await nav('Requests').click();
    const list = page.getByRole('main', { name: 'Requests' });
    const opener = list.getByRole('button', { name: `Show ${CN}` });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: `Request ${CN}` });
    await dialog.waitFor();
    const pem = dialog.getByRole('textbox', { name: 'Certificate request (PEM):' });
    await pem.waitFor();
    const close = dialog.getByRole('button', { name: 'Close' });
    await checkModal(dialog, { initial: close, first: pem, last: close, opener });
  });
});
