// The request flow end to end, in Debian's Chromium against the in-process preview and the real engine
// (vault in the OS keychain — run under scripts/with-keyring.sh): Request wizard → CSR downloaded → openssl
// verifies it and its subject → an openssl CA (root → intermediate) signs it → the CA reply dropped / picked
// on the Requests list → completed with readiness checks → Export PFX (AES, legacy) opened by openssl with the
// key matching the CSR; a certificate for another key → key-mismatch; Delete with its warning.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestInfo, RequestNewResult } from '../../shared/contract/requests';
import { AMT_OU, Pki, type Issued } from '../support/openssl';
import { screenshotPath, startApp, type App } from './support';

const ORG = 'corp.example.com';
const CN = 'prov.corp.example.com';
const PFX_PASSWORD = 'Correct-Horse-42!';
const KEY_MISMATCH = 'This certificate does not belong to any pending request on this computer';

function opensslFull(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('openssl', args, { cwd, env: { ...process.env, ...env }, encoding: 'buffer' });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

/** Drops bytes as a file onto an element (a real DragEvent with a DataTransfer holding a File). */
async function dropFile(page: Page, selector: string, name: string, bytes: Buffer) {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, fileName }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], fileName));
      return dt;
    },
    { b64: bytes.toString('base64'), fileName: name },
  );
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(selector, type, { dataTransfer });
}

describe('Request wizard, Requests list and Export PFX (preview, Chromium, real keychain)', () => {
  let home: string;
  let pki: Pki;
  let root: Issued;
  let inter: Issued;
  let app: App;
  let page: Page;
  let requestId: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'certdesk-e2e-requests-'));
    process.env.CERTDESK_HOME = home;
    pki = new Pki();
    root = pki.root('ca-root', { subject: '/O=CertDesk Test/CN=CertDesk E2E Root' });
    inter = pki.issue('ca-inter', root, { subject: '/O=CertDesk Test/CN=CertDesk E2E Issuing CA', profile: 'intermediate', days: 1800 });
    app = await startApp();
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    pki?.cleanup();
    if (home) rmSync(home, { recursive: true, force: true });
    delete process.env.CERTDESK_HOME;
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const wizard = () => page.getByRole('main', { name: 'Request wizard' });
  const list = () => page.getByRole('main', { name: 'Requests' });

  /** Signs a CSR file in the fixture folder with the intermediate (AMT profile) → PEM certificate. */
  const sign = (csrFile: string, out: string, serial: number) =>
    pki.run([
      'x509', '-req', '-in', csrFile, '-CA', inter.cert, '-CAkey', inter.key, '-set_serial', String(serial), '-sha256', '-days', '365',
      '-extfile', 'ext.cnf', '-extensions', 'amt', '-out', out,
    ]);

  it('walks the wizard: name and key size, organization with the fixed OU, CN checked against the suffix, review', async () => {
    await nav('Request wizard').click();
    const w = wizard();
    await w.getByRole('heading', { name: 'Name and key size' }).waitFor();
    expect(await w.getByRole('navigation', { name: 'Request wizard steps' }).getByRole('listitem').allInnerTexts()).toHaveLength(5);
    // The engine's name rule, shown in place: at most 64 characters.
    const nameBox = w.getByRole('textbox', { name: 'Friendly name:' });
    await nameBox.fill('x'.repeat(65));
    await w.getByRole('button', { name: 'Next' }).click();
    await w.getByRole('alert').filter({ hasText: 'The name is 65 characters; at most 64.' }).waitFor();
    expect(await nameBox.getAttribute('aria-invalid')).toBe('true');
    await nameBox.fill('E2E provisioning');
    expect(await w.getByRole('radio', { name: /RSA 2048 bits/ }).isChecked()).toBe(true);
    // Larger keys sit behind an explicit choice, with the engine's warning.
    expect(await w.getByRole('radio', { name: 'RSA 4096 bits' }).count()).toBe(0);
    await w.getByRole('checkbox', { name: 'Use a larger key (not recommended)' }).check();
    await w.getByText('Intel SCS 3.x and older AMT firmware accept at most 2048 bits').waitFor();
    await w.getByRole('radio', { name: 'RSA 4096 bits' }).check();
    await page.screenshot({ path: screenshotPath('request-1-name-keysize') });
    await w.getByRole('checkbox', { name: 'Use a larger key (not recommended)' }).uncheck();
    expect(await w.getByRole('radio', { name: /RSA 2048 bits/ }).isChecked()).toBe(true);
    await w.getByRole('button', { name: 'Next' }).click();

    await w.getByRole('heading', { name: 'Organization' }).waitFor();
    // Empty organization is refused in place.
    await w.getByRole('button', { name: 'Next' }).click();
    await w.getByRole('alert').filter({ hasText: 'DNS context' }).waitFor();
    await w.getByRole('textbox', { name: 'Organization (DNS context):' }).fill(ORG);
    const ou = w.getByRole('textbox', { name: 'Organizational unit (fixed):' });
    expect(await ou.inputValue()).toBe(AMT_OU);
    expect(await ou.getAttribute('readonly')).not.toBeNull();
    expect(await w.textContent()).toContain('never the ® sign');
    await page.screenshot({ path: screenshotPath('request-2-organization') });
    await w.getByRole('button', { name: 'Next' }).click();

    await w.getByRole('heading', { name: 'Common name' }).waitFor();
    const cn = w.getByRole('textbox', { name: 'Common name (FQDN of the provisioning server):' });
    const suffix = w.getByRole('textbox', { name: 'DNS suffix the AMT clients get (DHCP option 15):' });
    expect(await suffix.inputValue()).toBe(ORG);
    const verdict = w.locator('[data-suffix-state]');
    await cn.fill('prov.other.example.net');
    expect(await verdict.getAttribute('data-suffix-state')).toBe('no-match');
    expect(await verdict.textContent()).toContain('is not under corp.example.com');
    await page.screenshot({ path: screenshotPath('request-3-cn-not-under-suffix') });
    await cn.fill(CN.toUpperCase());
    expect(await verdict.getAttribute('data-suffix-state')).toBe('match');
    expect(await verdict.textContent()).toContain(`${CN} is under ${ORG}`);
    await page.screenshot({ path: screenshotPath('request-3-cn') });
    await w.getByRole('button', { name: 'Next' }).click();

    await w.getByRole('heading', { name: 'Review' }).waitFor();
    expect(await w.getByTestId('review-subject').textContent()).toBe(`CN=${CN},OU=${AMT_OU},O=${ORG}`);
    await page.screenshot({ path: screenshotPath('request-4-review') });
  });

  it('generates the key (progress shown) and the CSR; Save CSR downloads the exact PEM; openssl verifies it and its subject', async () => {
    const w = wizard();
    // Hold the answer back a moment so the progress state can be seen and captured.
    await page.route('**/api/request.new', async (route) => {
      await new Promise((r) => setTimeout(r, 1200));
      await route.continue();
    });
    await w.getByRole('button', { name: 'Generate key and request' }).click();
    const progress = w.getByRole('progressbar', { name: 'Generating the key' });
    await progress.waitFor();
    expect(await w.locator('[aria-busy="true"]').count()).toBe(1);
    expect(await w.getByRole('status').filter({ hasText: 'Generating an RSA 2048-bit key' }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('request-5-generating') });
    const pemBox = w.getByRole('textbox', { name: 'Certificate request (PEM):' });
    await pemBox.waitFor();
    await page.unroute('**/api/request.new');
    expect(await progress.count()).toBe(0);

    const pem = await pemBox.inputValue();
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE REQUEST-----\n$/);
    requestId = (await w.getByTestId('request-id').textContent())!.trim();
    const shown = await app.call<RequestNewResult>('request.show', { id: requestId });
    if (!shown.ok) throw new Error(shown.error.message);
    expect(shown.result.csrPem).toBe(pem);
    // The wizard's friendly name is stored by the engine with the request (nothing kept in the page).
    expect(shown.result.name).toBe('E2E provisioning');
    expect(await w.getByTestId('request-name').textContent()).toBe('E2E provisioning');
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
    expect(await w.getByTestId('csr-sha256').textContent()).toBe(shown.result.csrSha256);
    await page.screenshot({ path: screenshotPath('request-6-csr') });

    const [download] = await Promise.all([page.waitForEvent('download'), w.getByRole('button', { name: 'Save CSR…' }).click()]);
    expect(download.suggestedFilename()).toBe(`${CN}.csr`);
    await download.saveAs(pki.path('wizard.csr'));
    expect(readFileSync(pki.path('wizard.csr'), 'utf8')).toBe(pem);

    const verify = opensslFull(['req', '-in', 'wizard.csr', '-verify', '-noout'], pki.dir);
    expect(verify.status).toBe(0);
    expect(verify.stdout + verify.stderr).toMatch(/verify OK/i);
    const rfc2253 = pki.run(['req', '-in', 'wizard.csr', '-noout', '-subject', '-nameopt', 'RFC2253']).toString().trim();
    expect(rfc2253).toBe(`subject=CN=${CN},OU=${AMT_OU},O=${ORG}`);
    // DER order is O, OU, CN (what the IIS wizard writes): openssl's one-per-RDN listing in encoding order.
    const derOrder = pki.run(['req', '-in', 'wizard.csr', '-noout', '-subject', '-nameopt', 'compat']).toString().trim();
    expect(derOrder).toBe(`subject=/O=${ORG}/OU=${AMT_OU}/CN=${CN}`);
    const text = pki.run(['req', '-in', 'wizard.csr', '-noout', '-text']).toString();
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toContain('sha256WithRSAEncryption');

    // Copy to clipboard reports the outcome.
    await w.getByRole('button', { name: 'Copy to clipboard' }).click();
    await w.getByRole('status').filter({ hasText: /Copied|Copy failed/ }).waitFor();
  });

  it('lists the pending request (status, subject, key size)', async () => {
    await wizard().getByRole('button', { name: 'Go to Requests' }).click();
    expect(await nav('Requests').getAttribute('aria-current')).toBe('page');
    const row = list().getByRole('row').filter({ hasText: requestId });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('pending');
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    expect(rowText).toContain('E2E provisioning');
    expect(rowText).toContain(`CN=${CN},OU=${AMT_OU},O=${ORG}`);
    expect(rowText).toContain('Pending');
    expect(rowText).toContain('RSA 2048');
    expect(rowText).toContain('Waiting for the CA');
    await page.screenshot({ path: screenshotPath('request-7-list-pending') });
  });

  it('still shows the name after a reload with empty browser storage (the engine is the source of truth)', async () => {
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await nav('Requests').click();
    const row = list().getByRole('row').filter({ hasText: requestId });
    await row.waitFor();
    expect(await row.locator('.rq-cn').textContent()).toBe('E2E provisioning');
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
  });

  it('refuses a certificate for another key with a clear message and stores nothing', async () => {
    pki.key('stranger');
    pki.run(['req', '-new', '-config', 'ext.cnf', '-key', 'stranger.key', '-subj', `/O=${ORG}/OU=${AMT_OU}/CN=${CN}`, '-out', 'stranger.csr']);
    sign('stranger.csr', 'stranger.pem', 9001);
    writeFileSync(pki.path('stranger.cer'), pki.der('stranger.pem'));
    await list().getByLabel('CA certificate file').setInputFiles(pki.path('stranger.cer'));
    const alert = list().getByRole('alert').filter({ hasText: KEY_MISMATCH });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('nothing was stored');
    await page.screenshot({ path: screenshotPath('request-8-key-mismatch') });
    const listed = await app.call<{ requests: RequestInfo[] }>('request.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.result.requests.map((r) => r.status)).toEqual(['pending']);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('completes the request when the CA reply (.p7b: leaf + intermediate + root) is dropped; shows the leaf and the readiness checks', async () => {
    sign('wizard.csr', 'issued.pem', 5001);
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', 'issued.pem', '-certfile', inter.cert, '-certfile', root.cert, '-outform', 'DER', '-out', 'reply.p7b']);
    await dropFile(page, '[data-testid="complete-drop"]', 'reply.p7b', pki.read('reply.p7b'));
    const result = list().getByRole('region', { name: 'Completed request' });
    await result.waitFor();
    expect(await result.getByRole('heading', { name: 'Request completed' }).isVisible()).toBe(true);
    const text = (await result.innerText()).replace(/\s+/g, ' ');
    const facts = pki.facts('issued.pem');
    expect(text).toContain(facts.sha1);
    expect(text).toContain(`CN=${CN},OU=${AMT_OU},O=${ORG}`);
    expect(text).toContain('CN=CertDesk E2E Issuing CA');
    expect(text).toContain('CN=CertDesk E2E Root');
    // The readiness panel is the Inspect view's, reused.
    const readiness = result.getByRole('region', { name: 'AMT readiness' });
    const checks = readiness.getByRole('list', { name: 'Readiness checks' }).getByRole('listitem');
    expect(await checks.count()).toBeGreaterThanOrEqual(7);
    expect(await readiness.locator('[data-check="setup-ou-or-oid"]').getAttribute('data-status')).toBe('pass');
    expect(await readiness.locator('[data-check="chain-complete"]').getAttribute('data-status')).toBe('pass');
    expect(await readiness.locator('[data-check="private-key"]').getAttribute('data-status')).toBe('pass');
    // The test root is not an AMT firmware root: the verdict says not ready, with the fix.
    expect(await readiness.locator('[data-check="root-hash-trusted"]').getAttribute('data-status')).toBe('fail');
    // The DNS suffix box re-runs the checks for the completed request.
    await readiness.getByRole('textbox', { name: 'DNS suffix (DHCP option 15):' }).fill(ORG);
    await readiness.getByRole('button', { name: 'Check' }).click();
    await readiness.locator('[data-check="dns-suffix"][data-status="pass"]').waitFor();
    await page.screenshot({ path: screenshotPath('request-9-completed'), fullPage: true });

    const row = list().getByRole('row').filter({ hasText: requestId });
    await row.and(page.locator('[data-status="completed"]')).waitFor();
    const chip = row.locator('.chip');
    expect(await chip.textContent()).toMatch(/^36[45] days left$/);
    expect(await chip.getAttribute('data-level')).toBe('ok');
  });

  it('Show: subject, CSR PEM and chain in a modal dialog', async () => {
    await list().getByRole('button', { name: `Show ${CN}` }).click();
    const dialog = page.getByRole('dialog', { name: `Request ${CN}` });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    await dialog.getByRole('textbox', { name: 'Certificate request (PEM):' }).waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Certificate request (PEM):' }).inputValue()).toBe(readFileSync(pki.path('wizard.csr'), 'utf8'));
    expect(await dialog.getByRole('listitem').count()).toBe(3);
    expect((await dialog.innerText()).replace(/\s+/g, ' ')).toContain('Friendly name E2E provisioning');
    await page.screenshot({ path: screenshotPath('request-10-show') });
    await page.keyboard.press('Escape');
    expect(await dialog.count()).toBe(0);
  });

  /** The status of a GET sent as a browser navigation sends it (Sec-Fetch-Mode: navigate, same origin). */
  const navigationGetStatus = (url: string) =>
    new Promise<number>((resolve, reject) => {
      const req = httpGet(url, { headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'same-origin' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
    });

  const exportPfx = async (legacy: boolean, file: string) => {
    await list().getByRole('button', { name: `Export PFX of ${CN}` }).click();
    const dialog = page.getByRole('dialog', { name: `Export PFX — ${CN}` });
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Friendly name:' }).inputValue()).toBe('E2E provisioning');
    const pw = dialog.getByLabel('Password:', { exact: true });
    const confirm = dialog.getByLabel('Confirm password:');
    // Empty and mismatched passwords are refused in place.
    await dialog.getByRole('button', { name: 'Export' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'empty PFX password is refused' }).waitFor();
    await pw.fill(PFX_PASSWORD);
    await confirm.fill(`${PFX_PASSWORD}x`);
    await dialog.getByRole('button', { name: 'Export' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'The two passwords do not match.' }).waitFor();
    await confirm.fill(PFX_PASSWORD);
    expect(await dialog.locator('.pw-strength').textContent()).toContain('Strong');
    if (legacy) await dialog.getByRole('checkbox', { name: 'Legacy encryption (3DES/SHA-1) for Windows Server 2016 and older' }).check();
    await page.screenshot({ path: screenshotPath(legacy ? 'request-12-export-legacy' : 'request-11-export') });
    // What the page's JavaScript receives from /api/export.pfx: no PFX, only a one-time download address.
    const exportAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/export.pfx');
    const fetched: string[] = [];
    const onRequest = (r: { url(): string; resourceType(): string }) => fetched.push(`${r.resourceType()} ${new URL(r.url()).pathname}`);
    page.on('request', onRequest);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export' }).click()]);
    page.off('request', onRequest);
    expect(download.suggestedFilename()).toBe(`${CN}.pfx`);
    await download.saveAs(pki.path(file));
    const answerText = await (await exportAnswer).text();
    const answer = JSON.parse(answerText) as { ok: boolean; result: Record<string, unknown> };
    expect(answer.ok).toBe(true);
    expect(answer.result).not.toHaveProperty('pfxBase64');
    expect(answer.result.download).toEqual({ url: expect.stringMatching(/^\/download\/[A-Za-z0-9_-]{43}$/), fileName: `${CN}.pfx` });
    const pfxBytes = pki.read(file);
    expect(pfxBytes.length).toBeGreaterThan(1000);
    for (const encoding of ['base64', 'hex', 'latin1'] as const) {
      for (const at of [0, 200, pfxBytes.length - 64]) expect(answerText).not.toContain(pfxBytes.subarray(at, at + 48).toString(encoding));
    }
    // The page's scripts never fetched the download URL: the browser's download manager did (a navigation).
    expect(fetched.filter((f) => /^(fetch|xhr) \/download\//.test(f))).toEqual([]);
    // The link worked once: it is gone now. Asked as the download manager asks (a navigation; the preview
    // refuses any other Sec-Fetch-Mode with 403, and Node's fetch always says cors), so 404 means "used".
    const again = await navigationGetStatus(new URL((answer.result.download as { url: string }).url, app.server.origin).href);
    expect(again).toBe(404);
    await dialog.getByText(`Saved ${CN}.pfx`).waitFor();
    expect(await dialog.getByTestId('pfx-certificates').textContent()).toMatch(/^3 /);
    expect(await dialog.getByTestId('pfx-chain').textContent()).toContain('Complete');
    if (!legacy) await page.screenshot({ path: screenshotPath('request-11-export-done') });
    // The password is nowhere in the page.
    expect(await page.content()).not.toContain(PFX_PASSWORD);
    expect(await page.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value).join('\n'))).not.toContain(PFX_PASSWORD);
    await dialog.getByRole('button', { name: 'Close' }).click();
  };

  it('Export PFX (AES-256): opens with openssl, 3 certificates, a key matching the CSR', async () => {
    await exportPfx(false, 'export.pfx');
    const env = { PFXPW: PFX_PASSWORD };
    const info = opensslFull(['pkcs12', '-in', 'export.pfx', '-info', '-noout', '-passin', 'env:PFXPW'], pki.dir, env);
    expect(info.status).toBe(0);
    expect(info.stdout + info.stderr).toMatch(/AES-256-CBC/);
    const certs = pki.run(['pkcs12', '-in', 'export.pfx', '-nokeys', '-passin', 'env:PFXPW'], undefined, env).toString();
    expect(certs.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    expect(certs).toContain('friendlyName: E2E provisioning');
    const keyPem = pki.run(['pkcs12', '-in', 'export.pfx', '-nocerts', '-nodes', '-passin', 'env:PFXPW'], undefined, env);
    const pfxPub = pki.run(['pkey', '-pubout'], keyPem).toString();
    const csrPub = pki.run(['req', '-in', 'wizard.csr', '-noout', '-pubkey']).toString();
    expect(pfxPub).toBe(csrPub);
  });

  it('Export PFX (legacy 3DES/SHA-1) opens with openssl pkcs12 -legacy', async () => {
    await exportPfx(true, 'export-legacy.pfx');
    const env = { PFXPW: PFX_PASSWORD };
    const info = opensslFull(['pkcs12', '-legacy', '-in', 'export-legacy.pfx', '-info', '-noout', '-passin', 'env:PFXPW'], pki.dir, env);
    expect(info.status).toBe(0);
    expect(info.stdout + info.stderr).toMatch(/3-KeyTripleDES|des-ede3/i);
    expect(info.stdout + info.stderr).toMatch(/MAC: sha1/i);
    const certs = pki.run(['pkcs12', '-legacy', '-in', 'export-legacy.pfx', '-nokeys', '-passin', 'env:PFXPW'], undefined, env).toString();
    expect(certs.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
  });

  it('completes a second request from a picked .cer, and one from a .p7b of leaf + intermediate (no root)', async () => {
    const second = await app.call<RequestNewResult>('request.new', { cn: 'prov2.corp.example.com', org: ORG });
    if (!second.ok) throw new Error(second.error.message);
    writeFileSync(pki.path('second.csr'), second.result.csrPem);
    sign('second.csr', 'second.pem', 5002);
    writeFileSync(pki.path('second.cer'), pki.der('second.pem'));
    await list().getByRole('button', { name: 'Refresh' }).click();
    await list().getByLabel('CA certificate file').setInputFiles(pki.path('second.cer'));
    const result = list().getByRole('region', { name: 'Completed request' });
    await result.getByText('second.cer matched the request').waitFor();
    // Only the leaf came: the chain is incomplete, and the panel says so.
    expect(await result.locator('[data-check="chain-complete"]').getAttribute('data-status')).not.toBe('pass');
    // Made without a name: the list shows its common name.
    expect(await list().getByRole('row').filter({ hasText: second.result.id }).locator('.rq-cn').textContent()).toBe('prov2.corp.example.com');

    const third = await app.call<RequestNewResult>('request.new', { cn: 'prov3.corp.example.com', org: ORG });
    if (!third.ok) throw new Error(third.error.message);
    writeFileSync(pki.path('third.csr'), third.result.csrPem);
    sign('third.csr', 'third.pem', 5003);
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', 'third.pem', '-certfile', inter.cert, '-out', 'third.p7b']);
    // Dropped on the list itself (the whole view takes drops, not only the zone).
    await dropFile(page, '[aria-label="Certificate requests"]', 'third.p7b', pki.read('third.p7b'));
    await result.getByText('third.p7b matched the request').waitFor();
    const chain = result.locator('.rq-chain li');
    expect((await chain.allInnerTexts())[1]).toContain('CertDesk E2E Issuing CA');
    await page.screenshot({ path: screenshotPath('request-13-list-completed'), fullPage: true });
  });

  it('Delete asks first ("the private key will be destroyed") and removes the request', async () => {
    await list().getByRole('button', { name: 'Delete prov3.corp.example.com' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete request' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await dialog.textContent()).toContain('The private key will be destroyed; you cannot complete this request afterwards.');
    // Cancel is the default (focused) button.
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: screenshotPath('request-14-delete') });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.waitFor({ state: 'detached' });
    await list().getByRole('status').filter({ hasText: 'Deleted the request for prov3.corp.example.com' }).waitFor();
    expect(await list().getByRole('row').filter({ hasText: 'prov3.corp.example.com' }).count()).toBe(0);
    const listed = await app.call<{ requests: RequestInfo[] }>('request.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.result.requests.map((r) => r.cn).sort()).toEqual([CN, 'prov2.corp.example.com']);
  });
});
