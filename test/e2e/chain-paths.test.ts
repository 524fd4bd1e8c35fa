// Chain paths in the readiness panel (chain repair), in the preview with Debian's Chromium and the real engine: a PFX
// that carries both paths of a cross-signed root shows the chosen SHA-2 path and why the path through the cross
// certificate fails on AMT 16; "Export repaired PFX…" delivers a PFX (through the one-time download, never to the
// page) that openssl reads with exactly the chosen certificates and the key. A PFX that lacks its CA certificates
// gets them from "Add CA certificates…" (the CLI's --ca-bundle), and the repaired PFX holds them.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMT_OU, Pki } from '../support/openssl';
import { screenshotPath, startApp, type App } from './support';

const PASSWORD = 'Chain paths e2e 1';
const NEW_PASSWORD = 'Repaired PFX e2e pass 2';
const CA_EXT = 'basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always';

describe('Chain paths (preview, Chromium)', () => {
  let pki: Pki;
  let app: App;
  let page: Page;
  let pfxPath: string;
  let leafOnlyPath: string;
  let bundlePath: string;
  let sha: Record<string, string>;

  beforeAll(async () => {
    pki = new Pki();
    const A = pki.root('rootA', { subject: '/O=CertDesk Test/CN=Old Root A', hash: 'sha1' });
    const B = pki.root('rootB', { subject: '/O=CertDesk Test/CN=New Root B' });
    const cross = pki.issue('crossB', A, { key: B.key, subject: '/O=CertDesk Test/CN=New Root B', extensions: CA_EXT, days: 3000 });
    const inter = pki.issue('inter', B, { subject: '/O=CertDesk Test/CN=CertDesk Test Issuing CA', profile: 'intermediate', days: 1800 });
    const leaf = pki.issue('leaf', inter, { subject: `/O=corp.example.com/OU=${AMT_OU}/CN=prov.corp.example.com`, profile: 'amt' });
    pfxPath = pki.path(pki.pfx('crosschain', leaf, [inter, cross, A, B], { password: PASSWORD }));
    // The same leaf and key without any CA certificate, and the CA's own PEM of the issuing CA and the SHA-2 root.
    leafOnlyPath = pki.path(pki.pfx('leafonly', leaf, [], { password: PASSWORD }));
    bundlePath = pki.path('ca-bundle.pem');
    writeFileSync(bundlePath, Buffer.concat([pki.read(inter.cert), pki.read(B.cert)]));
    const fp = (file: string) => createHash('sha256').update(pki.der(file)).digest('hex').toUpperCase();
    sha = { A: fp(A.cert), B: fp(B.cert), inter: fp(inter.cert), leaf: fp(leaf.cert) };
    app = await startApp();
    page = app.page;
    // The test roots stand for roots in firmware: trusted the way "Trust this root" keeps them.
    const now = new Date().toISOString();
    const saved = await app.call('settings.set', { trustedRoots: [sha.A, sha.B].map((hash) => ({ hash, addedAt: now })) });
    if (!saved.ok) throw new Error(saved.error.message);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    pki?.cleanup();
  });

  const panel = () => page.getByRole('region', { name: 'AMT readiness' });

  async function openPfx(path: string): Promise<void> {
    const inspect = page.getByRole('main', { name: 'Inspect' });
    await inspect.locator('input[type="file"][accept*=".pfx"]').setInputFiles(path);
    await inspect.getByLabel('Password:').fill(PASSWORD);
    await inspect.getByRole('button', { name: 'Open', exact: true }).click();
  }

  /** Fills "Export repaired PFX" for `fileName` and saves the download as `saveAs`; the SHA-256s of its certificates (openssl). */
  async function exportRepaired(fileName: string, saveAs: string): Promise<{ suggested: string; saved: string; certs: string[] }> {
    const paths = panel().getByTestId('chain-paths');
    await paths.getByRole('button', { name: 'Export repaired PFX…' }).click();
    const form = paths.getByRole('form', { name: 'Export repaired PFX' });
    await form.getByLabel(new RegExp(`^Password of ${fileName.replace('.', '\\.')}`)).fill(PASSWORD);
    await form.getByLabel('Password:', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('Confirm password:').fill(NEW_PASSWORD);
    const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Export' }).click()]);
    const saved = pki.path(saveAs);
    await download.saveAs(saved);
    const pem = pki.run(['pkcs12', '-in', saved, '-nokeys', '-passin', 'env:PW'], undefined, { PW: NEW_PASSWORD }).toString();
    const certs = (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((b) =>
      createHash('sha256').update(Buffer.from(b.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')).digest('hex').toUpperCase(),
    );
    return { suggested: download.suggestedFilename(), saved, certs };
  }

  it('lists the paths, marks the chosen one and gives the other one its reason', async () => {
    await openPfx(pfxPath);
    const paths = panel().getByTestId('chain-paths');
    await paths.waitFor();
    expect(await paths.getAttribute('data-better')).toBe('true');
    const chosen = paths.locator('.chain-path[data-chosen="true"] .chain-links > li');
    expect(await chosen.evaluateAll((items) => items.map((i) => i.getAttribute('data-sha256')))).toEqual([sha.leaf, sha.inter, sha.B]);
    const reason = await paths.locator('.chain-path[data-chosen="false"] .chain-path-reason').innerText();
    expect(reason).toBe('The path through the cross-signed "New Root B" ends at "Old Root A", which signs itself with SHA-1: AMT 16 and later refuse it (Intel KB 000090051).');
    await paths.screenshot({ path: screenshotPath('chain-paths') });
    expect(await paths.locator('.chain-command code').innerText()).toMatch(/^certdesk repair-chain crosschain\.pfx .*--out crosschain-repaired\.pfx$/);
  });

  it('"Export repaired PFX…" downloads exactly the chosen path and the key', async () => {
    const paths = panel().getByTestId('chain-paths');
    const { suggested, saved, certs } = await exportRepaired('crosschain.pfx', 'downloaded.pfx');
    expect(suggested).toBe('crosschain-repaired.pfx');
    await paths.getByRole('status').filter({ hasText: 'exactly the chosen path' }).waitFor();
    expect(certs).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(pki.run(['pkcs12', '-in', saved, '-nocerts', '-nodes', '-passin', 'env:PW'], undefined, { PW: NEW_PASSWORD }).toString()).toContain('PRIVATE KEY');
    // The page never held the PFX: no password box keeps a value either.
    expect(await page.locator('input[type="password"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value).filter(Boolean))).toEqual([]);
  });

  it('"Add CA certificates…" finishes a chain the file lacks, and the repaired PFX holds it', async () => {
    await openPfx(leafOnlyPath);
    const paths = panel().getByTestId('chain-paths');
    await paths.locator('summary', { hasText: 'stops short of a root' }).waitFor();
    await paths.locator('input[type="file"]').setInputFiles(bundlePath);
    // Judged again with the bundle: the chosen path takes the issuing CA and the root from it.
    await paths.getByRole('list', { name: 'CA certificate files' }).getByText('ca-bundle.pem', { exact: true }).waitFor();
    const chosen = paths.locator('.chain-path[data-chosen="true"] .chain-links > li');
    expect(await chosen.evaluateAll((items) => items.map((i) => `${i.getAttribute('data-sha256')}:${i.getAttribute('data-source')}`))).toEqual([
      `${sha.leaf}:file`,
      `${sha.inter}:bundle`,
      `${sha.B}:bundle`,
    ]);
    expect(await paths.locator('.chain-command code').innerText()).toMatch(/^certdesk repair-chain leafonly\.pfx --ca-bundle ca-bundle\.pem .*--out leafonly-repaired\.pfx$/);
    // The verdict above still judges the file as it is: its chain lacks the issuer.
    expect(await panel().getByRole('list', { name: 'Readiness checks' }).innerText()).toMatch(/issuer/i);

    const { certs } = await exportRepaired('leafonly.pfx', 'leafonly-downloaded.pfx');
    expect(certs).toEqual([sha.leaf, sha.inter, sha.B]);

    // Removing the bundle judges the file without it again.
    await paths.getByRole('button', { name: 'Remove ca-bundle.pem' }).click();
    await paths.locator('summary', { hasText: 'stops short of a root' }).waitFor();
  });
});
