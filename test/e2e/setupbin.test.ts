// The "USB setup.bin" page in Chromium against the preview: root picked by the file input, suffix, MEBx passwords
// (the live rule check), Create → the browser's download manager saves setup.bin; the page's JavaScript never gets
// the file nor the password back. Then the page's reader on the downloaded file and on a broken one.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSetupBin, readSetupBin } from '../../electron/engine/amt/setupbin/read';
import { Pki, type Issued } from '../support/openssl';
import { screenshotPath, startApp, type App } from './support';

const NEW_PASSWORD = 'E2e-Mebx-Pass1!';

describe('USB setup.bin page (preview, Chromium)', () => {
  let pki: Pki;
  let root: Issued;
  let app: App;
  let page: Page;

  beforeAll(async () => {
    pki = new Pki();
    root = pki.root('e2e-root', { subject: '/O=CertDesk Test/CN=CertDesk E2E Internal Root' });
    app = await startApp({ viewport: { width: 1100, height: 1000 } });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    pki?.cleanup();
  });

  const view = () => page.getByRole('main', { name: 'USB setup.bin' });

  it('is in the top bar and explains when USB is needed', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'USB setup.bin', exact: true }).click();
    await view().getByRole('heading', { name: 'USB setup.bin for a custom root' }).waitFor();
    const why = await view().getByRole('region', { name: 'When a USB stick is needed' }).textContent();
    expect(why).toContain('KB 000059996');
    expect(why).toContain('#256');
    expect(why).toMatch(/Unprovisioning .* deletes custom hashes/);
  });

  it('refuses a weak MEBx password before calling the engine', async () => {
    await view().getByTestId('sb-root-input').setInputFiles(pki.path(root.cert));
    await view().getByTestId('sb-root-name').filter({ hasText: 'e2e-root.pem' }).waitFor();
    await view().getByTestId('sb-suffix').fill('corp.example.com');
    await view().getByTestId('sb-new').fill('password');
    await view().getByText(/MEBx would refuse it: it has no digit/).waitFor();
    await view().getByTestId('sb-create').click();
    expect(await view().getByTestId('sb-form-error').textContent()).toMatch(/MEBx would refuse the new password/);
  });

  it('creates setup.bin: a one-time download holding the root hash; no bytes and no password reach the page', async () => {
    await view().getByTestId('sb-new').fill(NEW_PASSWORD);
    await view().getByTestId('sb-again').fill(NEW_PASSWORD);
    await page.screenshot({ path: screenshotPath('setupbin-01-form') });
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/setupbin.create');
    const [download] = await Promise.all([page.waitForEvent('download'), view().getByTestId('sb-create').click()]);
    expect(download.suggestedFilename()).toBe('setup.bin');
    const file = pki.path('setup.bin');
    await download.saveAs(file);
    const text = await (await answer).text();
    const body = JSON.parse(text) as { ok: boolean; result: Record<string, unknown> };
    expect(body.ok).toBe(true);
    expect(body.result).not.toHaveProperty('setupBinBase64');
    expect(body.result.download).toEqual({ url: expect.stringMatching(/^\/download\/[A-Za-z0-9_-]{43}$/), fileName: 'setup.bin' });
    expect(text).not.toContain(NEW_PASSWORD);

    const bytes = readFileSync(file);
    const sha256 = createHash('sha256').update(new X509Certificate(pki.read(root.cert)).raw).digest('hex').toUpperCase();
    const read = readSetupBin('setup.bin', bytes, { showSecrets: true });
    expect(read.problems).toEqual([]);
    expect(read.summary.hashes).toEqual([{ algorithm: 'SHA-256', hash: sha256, name: 'CertDesk E2E Internal Root' }]);
    expect(read.summary.pkiDnsSuffix).toBe('corp.example.com');
    expect(read.records[0].variables.find((v) => v.key === 'new-mebx-password')?.value).toBe(NEW_PASSWORD);

    const done = view().getByTestId('sb-done');
    await done.getByText('Saved setup.bin').waitFor();
    expect(await done.getByTestId('sb-done-sha256').textContent()).toBe(sha256);
    expect(await done.getByTestId('sb-done-suffix').textContent()).toBe('corp.example.com');
    // The password boxes are empty again.
    expect(await view().getByTestId('sb-new').inputValue()).toBe('');
    expect(await view().getByTestId('sb-again').inputValue()).toBe('');
    // The link worked once: a second GET gets no file.
    const again = await fetch(new URL((body.result.download as { url: string }).url, app.server.origin));
    expect(again.status).toBeGreaterThanOrEqual(400);
    await page.screenshot({ path: screenshotPath('setupbin-02-created'), fullPage: true });
  });

  it('reads a setup.bin back: the records with passwords hidden, and the problems of a broken one', async () => {
    await view().getByTestId('sb-show-input').setInputFiles(pki.path('setup.bin'));
    const shown = view().getByTestId('sb-show');
    await shown.getByText('No format problems.').waitFor();
    const table = await shown.textContent();
    expect(table).toContain('PKI DNS Suffix');
    expect(table).toContain('corp.example.com');
    expect(table).not.toContain(NEW_PASSWORD);

    // The same file with its header's module list cleared, as old MeshCommander versions saved it.
    const broken = Buffer.from(readFileSync(pki.path('setup.bin')));
    broken.fill(0, 40, 46);
    writeFileSync(pki.path('broken.bin'), broken);
    expect(decodeSetupBin(broken).problems.map((p) => p.id).sort()).toEqual(['header-bytes', 'module-list']);
    await view().getByTestId('sb-show-input').setInputFiles(pki.path('broken.bin'));
    const problems = view().getByTestId('sb-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toMatch(/header-bytes[\s\S]*module-list/);
    await page.screenshot({ path: screenshotPath('setupbin-03-show-problems'), fullPage: true });

    await view().getByTestId('sb-show-input').setInputFiles(pki.path(root.cert));
    expect(await view().getByTestId('sb-show-error').textContent()).toMatch(/not a setup\.bin/);
  });
});
