// Issue [8] item 1 in the app: a request completed with the issued certificate alone is listed with
// "Chain incomplete" (never a green days-left chip), Export PFX spells out the consequence and refuses
// (incomplete-chain) unless "Export anyway" is ticked, and "Add CA chain…" with the CA's .p7b completes
// the chain. Preview in Chromium with the real engine; the vault in passphrase mode (no keychain needed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestCompleteResult, RequestNewResult } from '../../shared/contract/requests';
import { amtHierarchy, Pki, type Issued } from '../support/openssl';
import { screenshotPath, startApp, type App } from './support';

const PASSWORD = 'Chain-E2E-Password-77';

describe('Requests: a chain that does not reach a root (preview, Chromium)', () => {
  let home: string;
  let pki: Pki;
  let chain: { root: Issued; intermediate: Issued; leaf: Issued };
  let app: App;
  let page: Page;
  let requestId: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'certdesk-e2e-chain-'));
    for (const k of ['CERTDESK_HOME', 'CERTDESK_VAULT', 'CERTDESK_PASSPHRASE']) saved[k] = process.env[k];
    process.env.CERTDESK_HOME = home;
    process.env.CERTDESK_VAULT = 'passphrase';
    process.env.CERTDESK_PASSPHRASE = 'e2e chain vault passphrase';
    pki = new Pki();
    chain = amtHierarchy(pki);
    app = await startApp();
    page = app.page;
    const made = await app.call<RequestNewResult>('request.new', { cn: 'alone.corp.example.com', org: 'corp.example.com' });
    if (!made.ok) throw new Error(made.error.message);
    requestId = made.result.id;
    writeFileSync(pki.path('alone.csr'), made.result.csrPem);
    pki.run([
      'x509', '-req', '-in', 'alone.csr', '-CA', chain.intermediate.cert, '-CAkey', chain.intermediate.key, '-set_serial', '7001', '-sha256',
      '-days', '365', '-extfile', 'ext.cnf', '-extensions', 'amt', '-out', 'alone.pem',
    ]);
    // The issued certificate alone: no intermediate, no root.
    const done = await app.call<RequestCompleteResult>('request.complete', { fileName: 'alone.pem', contentBase64: pki.read('alone.pem').toString('base64') });
    if (!done.ok) throw new Error(done.error.message);
    expect(done.result.chainComplete).toBe(false);
    // The CA's chain, as CAs hand it out: issuing CA + root.
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', chain.intermediate.cert, '-certfile', chain.root.cert, '-outform', 'DER', '-out', 'ca-chain.p7b']);
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

  const list = () => page.getByRole('main', { name: 'Requests' });
  const row = () => list().locator(`tr[data-request-id="${requestId}"]`);

  it('lists the request with "Chain incomplete", not a green days-left chip, and offers Add CA chain…', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Requests', exact: true }).click();
    await row().waitFor();
    await row().getByText('Chain incomplete').waitFor();
    expect(await row().locator('[data-level="ok"]').count()).toBe(0);
    await row().getByRole('button', { name: 'Add CA chain for alone.corp.example.com' }).waitFor();
    await page.screenshot({ path: screenshotPath('requests-chain-incomplete') });
  });

  it('Export PFX says what is missing; Export is refused with incomplete-chain until "Export anyway" is ticked', async () => {
    await row().getByRole('button', { name: 'Export PFX of alone.corp.example.com' }).click();
    const dialog = page.getByRole('dialog');
    const note = dialog.getByRole('note', { name: 'Chain incomplete' });
    await note.waitFor();
    expect(await note.innerText()).toContain('CN=CertDesk Test Issuing CA');
    expect(await note.innerText()).toMatch(/Add CA chain/);
    await dialog.getByLabel('Password:', { exact: true }).fill(PASSWORD);
    await dialog.getByLabel('Confirm password:').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/does not reach a root/);
    const anyway = dialog.getByRole('checkbox', { name: /Export anyway, without the CA chain/ });
    expect(await anyway.isChecked()).toBe(false);
    await anyway.check();
    await dialog.getByRole('button', { name: 'Export anyway' }).waitFor();
    await page.screenshot({ path: screenshotPath('requests-export-anyway') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('Add CA chain… with the CA\'s .p7b adds 2 certificates; the row then shows days left', async () => {
    await list().locator('input[type="file"][aria-hidden="true"]').setInputFiles(pki.path('ca-chain.p7b'));
    const lead = list().getByRole('status').filter({ hasText: 'added 2 CA certificates' });
    await lead.waitFor();
    expect(await lead.innerText()).toMatch(/The chain is complete, up to the root\./);
    await row().locator('[data-level="ok"]').waitFor();
    expect(await row().getByText('Chain incomplete').count()).toBe(0);
    expect(await row().getByRole('button', { name: /Add CA chain/ }).count()).toBe(0);
  });
});
