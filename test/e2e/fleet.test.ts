// Issue [10] item 4 in the app: the Fleet view, in Chromium on the real preview, driven as a user does. Fixtures
// made by openssl at test time, PFX files with key and chain as provisioning servers hold them: a ready-looking
// one (OU=Intel(R) Client Setup Certificate, serverAuth + the AMT OID), one expiring in 20 days, one without the
// OU or the OID, one with another password; a garbage file, and a text file the view must skip. The root is trusted the way Inspect's "Trust this root" saves it
// (settings.json), so the table's per-generation verdicts are those the user sees when opening one file.
// Asserts the visible rows (CN, expiry warning, verdict per generation, the error row with its code), the
// totals, the CSV (equal to `certdesk check DIR --csv`), "Choose files…" (a file over 10 MiB listed as
// too-large, not read) and a drop of several files. Writes docs/screenshots/fleet.png at 1024×768.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertDeskSettings } from '../../shared/contract/settings';
import { runCli } from '../support/cli';
import { AMT_OID, AMT_OU, amtHierarchy, Pki, type Issued } from '../support/openssl';
import { ROOT, screenshotPath, startApp, type App } from './support';

const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const DOMAIN = 'corp.example.com';
const FOLDER = 'fleet';
const PASSWORD = 'fleet-e2e-password';
const FILES = ['expiring.pfx', 'garbage.cer', 'locked.pfx', 'no-ou.pfx', 'ready.pfx'];
const GENERATIONS = [
  { id: 'amt-11', header: 'AMT 11' },
  { id: 'amt-12-15', header: 'AMT 12–15' },
  { id: 'amt-16', header: 'AMT 16+' },
];

describe('Fleet view (preview, Chromium, 1024×768)', () => {
  let pki: Pki;
  let chain: { root: Issued; intermediate: Issued; leaf: Issued };
  let rootSha256: string;
  let folder: string;
  let app: App;
  let page: Page;

  /** A PFX with the key and the chain, as a provisioning server's export holds them. */
  const bundle = (leaf: Issued, file: string, password = PASSWORD) =>
    copyFileSync(pki.path(pki.pfx(file.replace(/\.pfx$/, ''), leaf, [chain.intermediate, chain.root], { password })), join(folder, file));

  beforeAll(async () => {
    pki = new Pki();
    chain = amtHierarchy(pki, DOMAIN);
    rootSha256 = pki.facts(chain.root.cert).sha256;
    folder = pki.path(FOLDER);
    mkdirSync(folder);
    bundle(chain.leaf, 'ready.pfx');
    const amtExtensions = `basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth, ${AMT_OID}\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always`;
    const soon = pki.issue('soon', chain.intermediate, { subject: `/O=${DOMAIN}/OU=${AMT_OU}/CN=soon.${DOMAIN}`, extensions: amtExtensions, days: 20 });
    bundle(soon, 'expiring.pfx');
    // serverAuth alone: neither the setup OU nor the AMT OID.
    const noou = pki.issue('noou', chain.intermediate, { subject: `/O=${DOMAIN}/CN=noou.${DOMAIN}`, profile: 'server', days: 365 });
    bundle(noou, 'no-ou.pfx');
    bundle(chain.leaf, 'locked.pfx', 'another-password');
    writeFileSync(join(folder, 'garbage.cer'), 'this is not a certificate\n'.repeat(20));
    writeFileSync(join(folder, 'notes.txt'), 'not a certificate file name: the view skips it\n');
    // Over 10 MiB, for "Choose files…" only: outside the folder.
    writeFileSync(pki.path('huge.pem'), Buffer.alloc(11 * 1024 * 1024, 0x41));

    app = await startApp({ viewport: { width: 1024, height: 768 } });
    page = app.page;
    // The root trusted as Inspect's "Trust this root" does it (settings.json in the data folder).
    const saved = await app.call<CertDeskSettings>('settings.set', { trustedRoots: [{ hash: rootSha256, name: 'CertDesk Test Root' }] });
    if (!saved.ok) throw new Error(saved.error.message);
  });

  afterAll(async () => {
    await app?.close();
    pki?.cleanup();
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const view = () => page.getByRole('main', { name: 'Fleet' });
  const table = () => view().getByRole('table', { name: 'Certificate files' });
  const rowOf = (file: string) =>
    table()
      .locator('tbody tr')
      .filter({ has: page.getByRole('cell', { name: file, exact: true }) });
  const headers = () => table().locator('thead th').allInnerTexts();

  /** The visible cells of one row, by column header. */
  async function cells(row: Locator): Promise<Record<string, string>> {
    const names = await headers();
    const texts = await row.locator('td').allInnerTexts();
    return Object.fromEntries(names.map((n, i) => [n, (texts[i] ?? '').replace(/\s+/g, ' ').trim()]));
  }

  /** The engine's own verdict per generation for one file, through `inspect` (the single-file path). */
  async function expectedVerdicts(file: string): Promise<Record<string, string>> {
    const result = await app.inspect({
      fileName: file,
      contentBase64: readFileSync(join(folder, file)).toString('base64'),
      password: PASSWORD,
      trustRootHashes: [rootSha256],
    });
    return Object.fromEntries(
      GENERATIONS.map((g) => {
        const gen = result.amt.generations.find((x) => x.id === g.id);
        return [g.header, gen ? (gen.ready ? '✓ Ready' : '✗ No') : '—'];
      }),
    );
  }

  it('a folder chosen with "Choose a folder…": one row per certificate file, what the user needs to see', async () => {
    await nav('Fleet').click();
    await view().getByRole('heading', { name: 'Fleet' }).waitFor();
    await view().getByLabel('PFX password (tried on every PFX)').fill(PASSWORD);
    await view().getByTestId('fleet-folder-input').setInputFiles(folder);
    await table().waitFor();
    await view().getByRole('button', { name: 'Save as CSV…' }).waitFor();

    expect(await headers()).toEqual(['File', 'Server CN', 'Suffixes served', 'Expires', 'AMT 11', 'AMT 12–15', 'AMT 16+', 'What to do']);
    // notes.txt is not a certificate file name: a row for each of the others, named by its path in the folder.
    const files = (await table().locator('tbody tr td:first-child').allInnerTexts()).sort();
    expect(files).toEqual(FILES.map((f) => `${FOLDER}/${f}`));

    // The ready-looking file: its CN, the suffix it serves, its expiry date from openssl, no warning.
    const ready = await cells(rowOf(`${FOLDER}/ready.pfx`));
    expect(ready['Server CN']).toBe(`prov.${DOMAIN}`);
    expect(ready['Suffixes served'].split(', ')).toContain(DOMAIN);
    // The app's one date format (lib/dates.ts: en-US M/d/yyyy in the page's time zone, the browser's = this process's).
    const readyEnd = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', day: 'numeric' }).format(pki.facts(chain.leaf.cert).notAfter);
    expect(ready.Expires).toMatch(new RegExp(`^${readyEnd.replaceAll('/', '\\/')} · 36[45] days left$`));
    expect(ready.Expires).not.toContain('⚠');
    expect(ready['AMT 11']).toBe('✓ Ready');
    expect(ready['AMT 12–15']).toBe('✓ Ready');
    for (const g of GENERATIONS) expect(ready[g.header], g.header).toBe((await expectedVerdicts('ready.pfx'))[g.header]);
    expect(await rowOf(`${FOLDER}/ready.pfx`).getAttribute('data-status')).toBe('ready');

    // 20 days left: the 30-day warning, in words (not only in red).
    const soon = await cells(rowOf(`${FOLDER}/expiring.pfx`));
    expect(soon['Server CN']).toBe(`soon.${DOMAIN}`);
    expect(soon.Expires).toMatch(/ · (19|20) days left ⚠ Expires within 30 days$/);
    expect(await rowOf(`${FOLDER}/expiring.pfx`).locator('td.fleet-expiry').getAttribute('class')).toContain('30-days');
    expect(soon['AMT 11']).toBe('✓ Ready');
    for (const g of GENERATIONS) expect(soon[g.header], g.header).toBe((await expectedVerdicts('expiring.pfx'))[g.header]);

    // No OU, no OID: refused by every generation, and the fix names the OU.
    const noou = await cells(rowOf(`${FOLDER}/no-ou.pfx`));
    expect(noou['Server CN']).toBe(`noou.${DOMAIN}`);
    for (const g of GENERATIONS) expect(noou[g.header], g.header).toBe('✗ No');
    expect(noou['What to do']).toMatch(/^Not ready: /);
    expect(noou['What to do']).toContain('Intel(R) Client Setup Certificate');
    expect(await rowOf(`${FOLDER}/no-ou.pfx`).getAttribute('data-status')).toBe('not-ready');

    // The garbage file: an error row with what is wrong and its code.
    const garbage = await cells(rowOf(`${FOLDER}/garbage.cer`));
    expect(garbage['Server CN']).toBe('—');
    expect(garbage.Expires).toBe('—');
    for (const g of GENERATIONS) expect(garbage[g.header]).toBe('—');
    expect(garbage['What to do']).toMatch(/^Unreadable: This is not a certificate file CertDesk recognises .*\(code: unreadable\)$/);
    expect(await rowOf(`${FOLDER}/garbage.cer`).getAttribute('data-status')).toBe('unreadable');

    // Another password: said so, with the way to give it in this view (not a CLI option).
    const locked = await cells(rowOf(`${FOLDER}/locked.pfx`));
    expect(locked['What to do']).toMatch(/^Needs a password: Type its password in “PFX password” .*\(code: wrong-password\)$/);
    expect(locked['What to do']).not.toContain('--password');

    const totals = (await view().getByTestId('fleet-totals').innerText()).replace(/\s+/g, ' ');
    expect(totals).toContain('5 files: 2 ready, 1 not ready, 1 need a password, 1 unreadable.');
    expect(totals).toContain('Expiring: 0 expired, 0 within 1 day, 1 within 30 days, 0 within 60 days.');
    expect(totals).toContain('Your 1 trusted root count as built into AMT.');

    // Every cell of the table is a table cell (no page style turns one into a box of its own): one row, one line.
    const tops = await rowOf(`${FOLDER}/garbage.cer`)
      .locator('td')
      .evaluateAll((tds) => tds.map((td) => [getComputedStyle(td).display, td.getBoundingClientRect().bottom]));
    for (const [display, bottom] of tops) {
      expect(display).toBe('table-cell');
      expect(bottom).toBe(tops[0][1]);
    }

    await view().getByLabel('PFX password (tried on every PFX)').blur();
    const path = screenshotPath('e2e-fleet');
    await page.screenshot({ path });
    mkdirSync(SCREENSHOTS, { recursive: true });
    copyFileSync(path, join(SCREENSHOTS, 'fleet.png'));
  });

  it('"Save as CSV…" downloads the table as `certdesk check DIR --csv` writes it', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), view().getByRole('button', { name: 'Save as CSV…' }).click()]);
    expect(download.suggestedFilename()).toBe('certdesk-fleet.csv');
    const saved = pki.path('downloaded.csv');
    await download.saveAs(saved);
    const csv = readFileSync(saved, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('file,server_cn,suffixes,not_after,days_left,expiry_warning,amt_11,amt_12_15,amt_16,status,todo');
    const byFile = new Map(lines.slice(1, -1).map((l) => [l.split(',')[0], l]));
    expect([...byFile.keys()].sort()).toEqual(FILES.map((f) => `${FOLDER}/${f}`));
    expect(byFile.get(`${FOLDER}/expiring.pfx`)).toMatch(
      new RegExp(`^${FOLDER}/expiring\\.pfx,soon\\.${DOMAIN.replace(/\./g, '\\.')},.*,(19|20),30-days,ready,ready,`),
    );
    expect(byFile.get(`${FOLDER}/garbage.cer`)).toMatch(/,unreadable,"This is not a certificate file CertDesk recognises/);

    // The CLI on the same folder, with the same trusted root: the same rows (names relative to the folder).
    const cli = runCli(['check', folder, '--csv', '--trust-root-hash', rootSha256, '--password-env', 'FLEET_PASSWORD'], { env: { FLEET_PASSWORD: PASSWORD } });
    expect(cli.stderr).toBe('');
    const cliLines = cli.stdout.split('\r\n');
    expect(cliLines[0]).toBe(lines[0]);
    const mine = lines
      .slice(1, -1)
      .map((l) => l.slice(FOLDER.length + 1))
      .sort();
    expect(mine).toEqual(cliLines.slice(1, -1).sort());
  });

  it('"Choose files…": the files picked, a file over 10 MiB listed as too large without being read', async () => {
    await view()
      .getByTestId('fleet-files-input')
      .setInputFiles([join(folder, 'no-ou.pfx'), pki.path('huge.pem')]);
    await rowOf('huge.pem').waitFor();
    expect((await table().locator('tbody tr td:first-child').allInnerTexts()).sort()).toEqual(['huge.pem', 'no-ou.pfx']);
    const huge = await cells(rowOf('huge.pem'));
    expect(huge['What to do']).toBe('Unreadable: 11.0 MiB; certificate files over 10 MiB are refused. (code: too-large)');
    expect((await cells(rowOf('no-ou.pfx')))['Server CN']).toBe(`noou.${DOMAIN}`);
    expect((await view().getByTestId('fleet-totals').innerText()).replace(/\s+/g, ' ')).toContain('2 files: 0 ready, 1 not ready, 1 unreadable.');
  });

  it('a drop of several files lists every one of them', async () => {
    const payload = ['ready.pfx', 'garbage.cer', 'notes.txt'].map((f) => ({ name: f, b64: readFileSync(join(folder, f)).toString('base64') }));
    const dataTransfer = await page.evaluateHandle((files) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      return dt;
    }, payload);
    const zone = view().getByTestId('fleet-drop');
    for (const type of ['dragenter', 'dragover', 'drop']) await zone.dispatchEvent(type, { dataTransfer });
    await rowOf('ready.pfx').waitFor();
    await rowOf('garbage.cer').waitFor();
    expect((await table().locator('tbody tr td:first-child').allInnerTexts()).sort()).toEqual(['garbage.cer', 'ready.pfx']);
    expect((await cells(rowOf('ready.pfx')))['AMT 11']).toBe('✓ Ready');
  });
});
