// The Install wizard end to end in dry-run mode (this is not Windows): a PFX made by openssl, and a completed
// request (imported by id: the engine exports it in-process, the page never gets its PFX), go through import →
// service/account → grant → verify → associate. Every step
// shows the PowerShell it would run (Set-StrictMode…) and its stdin JSON with the password redacted; the real
// password never appears in the page. Run under scripts/with-keyring.sh (the request source needs the vault).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestCompleteResult, RequestNewResult } from '../../shared/contract/requests';
import { amtHierarchy, Pki, type Issued } from '../support/openssl';
import { ROOT, screenshotPath, startApp, type App } from './support';

const PFX_PASSWORD = 'Inst@ll-Pa55word-7781';
const EXPORT_PASSWORD = 'Exp0rt-Secret-Words-3390';
const BANNER = 'Dry run: this computer is not Windows; nothing is changed. The PowerShell below is what would run on the provisioning server.';

describe('Install wizard, dry run (preview, Chromium)', () => {
  let home: string;
  let pki: Pki;
  let chain: { root: Issued; intermediate: Issued; leaf: Issued };
  let pfxPath: string;
  let app: App;
  let page: Page;
  let completed: RequestCompleteResult;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'certdesk-e2e-install-'));
    process.env.CERTDESK_HOME = home;
    pki = new Pki();
    chain = amtHierarchy(pki);
    pfxPath = pki.path(pki.pfx('amt', chain.leaf, [chain.intermediate, chain.root], { password: PFX_PASSWORD }));
    app = await startApp();
    page = app.page;
    // A completed request for the "export, then import" source.
    const made = await app.call<RequestNewResult>('request.new', { cn: 'rcs.corp.example.com', org: 'corp.example.com' });
    if (!made.ok) throw new Error(made.error.message);
    writeFileSync(pki.path('rcs.csr'), made.result.csrPem);
    pki.run([
      'x509', '-req', '-in', 'rcs.csr', '-CA', chain.intermediate.cert, '-CAkey', chain.intermediate.key, '-set_serial', '6001', '-sha256',
      '-days', '365', '-extfile', 'ext.cnf', '-extensions', 'amt', '-out', 'rcs.pem',
    ]);
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', 'rcs.pem', '-certfile', chain.intermediate.cert, '-certfile', chain.root.cert, '-out', 'rcs.p7b']);
    const done = await app.call<RequestCompleteResult>('request.complete', { fileName: 'rcs.p7b', contentBase64: pki.read('rcs.p7b').toString('base64') });
    if (!done.ok) throw new Error(done.error.message);
    completed = done.result;
  });

  afterAll(async () => {
    await app?.close();
    pki?.cleanup();
    if (home) rmSync(home, { recursive: true, force: true });
    delete process.env.CERTDESK_HOME;
  });

  const wizard = () => page.getByRole('main', { name: 'Install wizard' });
  const heading = (name: string) => wizard().getByRole('heading', { name, exact: true });
  const next = () => wizard().getByRole('button', { name: 'Next', exact: true }).click();

  /** No password, in any form the page could hold it: HTML, text, input values. */
  const expectNoSecret = async () => {
    const html = await page.content();
    const text = await page.evaluate(() => document.body.innerText);
    const values = await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value).join('\n'));
    for (const secret of [PFX_PASSWORD, EXPORT_PASSWORD]) {
      expect(html).not.toContain(secret);
      expect(text).not.toContain(secret);
      expect(values).not.toContain(secret);
    }
  };

  /** Opens "Show PowerShell" in `scope` and returns the script text and the parsed stdin JSON. */
  const showPowerShell = async (scope: Locator) => {
    const toggle = scope.getByRole('button', { name: 'Show PowerShell' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const script = (await scope.getByTestId('ps-script').textContent()) ?? '';
    // The command line as it runs on the provisioning server with CertDesk installed, never this machine's folder.
    const command = (await scope.getByTestId('ps-command').textContent()) ?? '';
    expect(command).toMatch(/^C:\\Windows\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "C:\\Program Files\\CertDesk\\resources\\app\.asar\.unpacked\\electron\\engine\\windows\\scripts\\[a-z-]+\.ps1"$/);
    expect(await scope.locator('.ps-body').innerText()).not.toContain(process.cwd());
    const input = JSON.parse((await scope.getByTestId('ps-input').textContent()) ?? '{}') as Record<string, unknown>;
    expect(script).toContain('Set-StrictMode -Version Latest');
    expect(script).toContain("$ErrorActionPreference = 'Stop'");
    return { script, input };
  };

  it('says it is a dry run, off Windows', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Install wizard' }).click();
    await heading('Choose the PFX').waitFor();
    const banner = wizard().getByTestId('dry-run-banner');
    await banner.waitFor();
    expect((await banner.innerText()).replace(/\s+/g, ' ').trim()).toBe(BANNER);
    expect(await wizard().getByRole('navigation', { name: 'Install wizard steps' }).getByRole('listitem').count()).toBe(7);
  });

  it('step 1–2: picks the PFX, refuses a wrong password, opens it with the right one', async () => {
    await next();
    await wizard().getByRole('alert').filter({ hasText: 'Choose the PFX file first' }).waitFor();
    await wizard().getByLabel('PFX file to install').setInputFiles(pfxPath);
    await wizard().getByRole('status').filter({ hasText: 'amt.pfx' }).waitFor();
    await page.screenshot({ path: screenshotPath('install-1-choose') });
    await next();
    await heading('Password').waitFor();
    const pw = wizard().getByLabel('PFX password:');
    await pw.fill('not-it');
    await next();
    await wizard().getByRole('alert').filter({ hasText: 'The password is incorrect.' }).waitFor();
    await pw.fill(PFX_PASSWORD);
    await page.screenshot({ path: screenshotPath('install-2-password') });
    await next();
    await heading('Import').waitFor();
    expect(await wizard().getByTestId('thumbprint').textContent()).toBe(pki.facts(chain.leaf.cert).sha1);
    await expectNoSecret();
  });

  it('step 3: import (dry run) shows the planned stores and the script with the password redacted', async () => {
    await wizard().getByRole('button', { name: 'Import (dry run)' }).click();
    const result = wizard().getByTestId('dry-run-result');
    await result.waitFor();
    const rows = wizard().getByRole('table', { name: 'Certificates and stores' }).getByRole('row');
    expect(await rows.count()).toBe(4);
    const byThumb = async (cert: string) => (await rows.filter({ hasText: pki.facts(cert).sha1 }).innerText()).replace(/\s+/g, ' ');
    expect(await byThumb(chain.leaf.cert)).toContain('LocalMachine\\My');
    expect(await byThumb(chain.leaf.cert)).toContain('with private key');
    expect(await byThumb(chain.intermediate.cert)).toContain('LocalMachine\\CA');
    expect(await byThumb(chain.root.cert)).toContain('LocalMachine\\Root');
    // The engine's plan (not the page's guess): store names as certlm.msc shows them, and why.
    expect(await byThumb(chain.leaf.cert)).toContain('Personal (LocalMachine\\My) would add the certificate with its private key');
    expect(await byThumb(chain.intermediate.cert)).toContain("Intermediate Certification Authorities (LocalMachine\\CA) would add an intermediate CA of the leaf's chain");
    expect(await byThumb(chain.root.cert)).toContain("Trusted Root Certification Authorities (LocalMachine\\Root) would add the self-signed root of the leaf's chain");
    const { input } = await showPowerShell(wizard());
    expect(input.password).toBe('***');
    expect(input.contentBase64).toBe('***');
    expect(input.exportable).toBe(false);
    expect(input.plan).toEqual([
      { sha256: pki.facts(chain.leaf.cert).sha256, store: 'My', action: 'import' },
      { sha256: pki.facts(chain.intermediate.cert).sha256, store: 'CA', action: 'import' },
      { sha256: pki.facts(chain.root.cert).sha256, store: 'Root', action: 'import' },
    ]);
    await expectNoSecret();
    await page.screenshot({ path: screenshotPath('install-3-import') });
    // The README shows this step (the placement plan) at the app's 1024×768 window size.
    expect(page.viewportSize()).toEqual({ width: 1024, height: 768 });
    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    copyFileSync(screenshotPath('install-3-import'), join(ROOT, 'docs', 'screenshots', 'install-wizard.png'));
  });

  it('step 4: service account — typed (no service list in a dry run), with the service.list script', async () => {
    await next();
    await heading('Service account').waitFor();
    await wizard().getByText('In a dry run the services of this computer are not read').waitFor();
    expect(await wizard().getByRole('checkbox', { name: 'Show all services' }).isVisible()).toBe(true);
    const { input } = await showPowerShell(wizard());
    expect(input.all).toBe(false);
    await next();
    await wizard().getByRole('alert').filter({ hasText: 'Choose or type the provisioning service.' }).waitFor();
    await wizard().getByRole('textbox', { name: 'Service name' }).fill('AMTconfig');
    await page.screenshot({ path: screenshotPath('install-4-service') });
    await next();
  });

  it('step 5–6: grant and verify (dry run) show their scripts and inputs', async () => {
    await heading('Grant key access').waitFor();
    await wizard().getByRole('button', { name: 'Grant read access (dry run)' }).click();
    await wizard().getByTestId('dry-run-result').waitFor();
    const grant = await showPowerShell(wizard());
    expect(grant.input).toEqual({ thumbprint: pki.facts(chain.leaf.cert).sha1, service: 'AMTconfig' });
    await page.screenshot({ path: screenshotPath('install-5-grant') });
    await next();

    await heading('Verify').waitFor();
    const suffix = wizard().getByRole('textbox', { name: 'DNS suffix (DHCP option 15), optional:' });
    // An invalid suffix is refused in place (the engine's rule), never rewritten, and nothing is verified.
    await suffix.fill('.corp.example.com');
    await wizard().getByRole('alert').filter({ hasText: '".corp.example.com" is not a DNS suffix: it starts with a dot. Not verified.' }).waitFor();
    expect(await suffix.getAttribute('aria-invalid')).toBe('true');
    await wizard().getByRole('button', { name: 'Verify (dry run)' }).click();
    expect(await wizard().getByTestId('dry-run-result').count()).toBe(0);
    await suffix.fill('corp.example.com');
    expect(await suffix.getAttribute('aria-invalid')).toBeNull();
    await wizard().getByRole('button', { name: 'Verify (dry run)' }).click();
    await wizard().getByTestId('dry-run-result').waitFor();
    const verify = await showPowerShell(wizard());
    expect(verify.input.thumbprint).toBe(pki.facts(chain.leaf.cert).sha1);
    expect(verify.input.service).toBe('AMTconfig');
    await expectNoSecret();
    await page.screenshot({ path: screenshotPath('install-6-verify') });
    await next();
  });

  it('step 7: association guidance, its script, the fallback documented, and Finish', async () => {
    await heading('Associate').waitFor();
    await wizard().getByTestId('dry-run-result').waitFor();
    expect(await wizard().getByTestId('dry-run-result').textContent()).toContain('LoadCert.exe');
    await showPowerShell(wizard());
    const fallback = wizard().getByText("If the service cannot be given access to the key: use the service account's own store");
    await fallback.click();
    await wizard().getByText("import the PFX into the service account's own Personal store").waitFor();
    await page.screenshot({ path: screenshotPath('install-7-associate'), fullPage: true });
    await expectNoSecret();
    // No internal words in the wizard's own text (the PowerShell disclosure, closed here, shows the scripts as they are).
    await wizard().getByRole('button', { name: 'Show PowerShell' }).click();
    const text = await wizard().innerText();
    expect(text).not.toMatch(/\bseed\b|\bconstant\b/i);
    await wizard().getByRole('button', { name: 'Finish', exact: true }).click();
    await heading('Choose the PFX').waitFor();
    await wizard().getByRole('status').filter({ hasText: 'The dry run is finished: nothing was changed on this computer.' }).waitFor();
  });

  it('a completed request: imported by id with a new password (dry run); no PFX and no password reach the page', async () => {
    const calls: Array<{ path: string; body: Record<string, unknown> }> = [];
    const answers: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/')) calls.push({ path, body: JSON.parse(r.postData() ?? '{}') as Record<string, unknown> });
    });
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) answers.push(r.url());
    });
    // Finish (the test above) started the wizard again.
    await heading('Choose the PFX').waitFor();
    await wizard().getByRole('radio', { name: 'A completed request in CertDesk' }).check();
    expect(await wizard().getByRole('combobox', { name: 'Completed request' }).inputValue()).toBe(completed.request.id);
    await next();
    await heading('Password').waitFor();
    await wizard().getByLabel('Password:', { exact: true }).fill(EXPORT_PASSWORD);
    await wizard().getByLabel('Confirm password:').fill('different');
    await next();
    await wizard().getByRole('alert').filter({ hasText: 'The two passwords do not match.' }).waitFor();
    await wizard().getByLabel('Confirm password:').fill(EXPORT_PASSWORD);
    await page.screenshot({ path: screenshotPath('install-8-request-password') });
    await next();
    await heading('Import').waitFor();
    expect(await wizard().getByTestId('thumbprint').textContent()).toBe(completed.leaf.sha1);
    await wizard().getByRole('button', { name: 'Import (dry run)' }).click();
    await wizard().getByTestId('dry-run-result').waitFor();
    expect(await wizard().getByRole('table', { name: 'Certificates and stores' }).getByRole('row').count()).toBe(4);
    const { input } = await showPowerShell(wizard());
    expect(input).toEqual({
      contentBase64: '***',
      password: '***',
      exportable: false,
      plan: [
        { sha256: completed.leaf.sha256, store: 'My', action: 'import' },
        { sha256: pki.facts(chain.intermediate.cert).sha256, store: 'CA', action: 'import' },
        { sha256: pki.facts(chain.root.cert).sha256, store: 'Root', action: 'import' },
      ],
    });
    // The page asked for an import by request id; it never called export.pfx, never sent PFX bytes.
    const paths = calls.map((c) => c.path);
    expect(paths).not.toContain('/api/export.pfx');
    expect(answers.some((u) => u.includes('/api/export.pfx'))).toBe(false);
    const imports = calls.filter((c) => c.path === '/api/store.import');
    expect(imports.length).toBeGreaterThan(0);
    for (const call of imports) {
      expect(call.body.requestId).toBe(completed.request.id);
      expect(call.body).not.toHaveProperty('contentBase64');
      expect(call.body.fileName).toBe('rcs.corp.example.com.pfx');
    }
    await expectNoSecret();
    await page.screenshot({ path: screenshotPath('install-9-request-import') });
  });

  it('a PFX whose chain does not reach a root: refused (incomplete-chain), then "Import anyway" shows the warning', async () => {
    const alone = pki.path(pki.pfx('alone', chain.leaf, [chain.intermediate], { password: PFX_PASSWORD }));
    await wizard().getByRole('navigation', { name: 'Install wizard steps' }).getByRole('button', { name: 'Choose the PFX' }).click();
    await heading('Choose the PFX').waitFor();
    await wizard().getByRole('radio', { name: 'A PFX file' }).check();
    await wizard().getByLabel('PFX file to install').setInputFiles(alone);
    await wizard().getByRole('status').filter({ hasText: 'alone.pfx' }).waitFor();
    await next();
    await heading('Password').waitFor();
    await wizard().getByLabel('PFX password:').fill(PFX_PASSWORD);
    await next();
    await heading('Import').waitFor();
    await wizard().getByRole('button', { name: 'Import (dry run)' }).click();
    await wizard().getByRole('alert').filter({ hasText: 'does not reach a root' }).filter({ hasText: '(incomplete-chain)' }).waitFor();
    await wizard().getByRole('checkbox', { name: /Import anyway, without the CA chain/ }).check();
    await wizard().getByRole('button', { name: 'Import (dry run)' }).click();
    await wizard().getByTestId('dry-run-result').waitFor();
    await wizard().getByRole('alert').filter({ hasText: /^incomplete chain \(imported anyway/ }).waitFor();
    expect(await wizard().getByRole('table', { name: 'Certificates and stores' }).getByRole('row').count()).toBe(3);
    await expectNoSecret();
  });
});
