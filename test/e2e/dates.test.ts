// Issue [8] item 9 in the app: one date format (renderer/src/lib/dates.ts, the certificate dialog's M/d/yyyy)
// on the Requests list, its Show dialog, the completion panel with its readiness messages (the engine writes
// ISO days there), and the certificate dialog's General tab. Every date-like piece of text on those screens is
// collected and must be that one format; a completion whose chain does not reach a root never gets a green
// days-left chip. Preview in Chromium with the real engine; the vault in passphrase mode (no keychain needed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestNewResult } from '../../shared/contract/requests';
import { ONE_DATE_FORMAT } from '../../renderer/src/lib/dates';
import { amtHierarchy, Pki, type Issued } from '../support/openssl';
import { screenshotPath, startApp, type App } from './support';

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?';
/** Anything a person would read as a date or a time of day, in any common form. */
const DATE_LIKE = new RegExp(
  [
    '\\b\\d{4}-\\d{1,2}-\\d{1,2}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\.\\d+)?Z?)?', // ISO, with or without a time
    // Numeric with one separator: 11/25/2027, 25.11.2027, 25-11-2027; not a piece of an OID (2.16.840.1.113741).
    '(?<![\\d.])\\d{1,4}([./-])\\d{1,2}\\1\\d{2,4}(?![\\d.])',
    `\\b${MONTH} \\d{1,2},? \\d{4}\\b`, // Nov 25, 2027
    `\\b\\d{1,2} ${MONTH} \\d{4}\\b`, // 25 Nov 2027
    '\\b\\d{1,2}:\\d{2}(?::\\d{2})?(?: ?[AP]M)?(?: UTC)?\\b', // a time of day
  ].join('|'),
  'g',
);

/** The text a person reads in `locator`, without the PEM boxes and hashes (base64 and hex are not dates). */
async function readableText(locator: Locator): Promise<string> {
  return locator.evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('textarea, code, pre').forEach((el) => el.remove());
    document.body.appendChild(copy);
    const text = copy.innerText;
    copy.remove();
    return text;
  });
}

/** The date-like pieces of `text` that are not the one format (and how many date-like pieces there were). */
function offFormat(text: string): { dates: string[]; wrong: string[] } {
  const dates = text.match(DATE_LIKE) ?? [];
  return { dates, wrong: dates.filter((d) => !ONE_DATE_FORMAT.test(d)) };
}

/** M/d/yyyy of an instant in UTC (the browser context runs in UTC: see e2e/support.ts). */
const utcDay = (iso: string) => new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(new Date(iso));

describe('One date format (preview, Chromium)', () => {
  let home: string;
  let pki: Pki;
  let chain: { root: Issued; intermediate: Issued; leaf: Issued };
  let app: App;
  let page: Page;
  const made: Record<'pending' | 'alone' | 'full', RequestNewResult | undefined> = { pending: undefined, alone: undefined, full: undefined };
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'certdesk-e2e-dates-'));
    for (const k of ['CERTDESK_HOME', 'CERTDESK_VAULT', 'CERTDESK_PASSPHRASE']) saved[k] = process.env[k];
    process.env.CERTDESK_HOME = home;
    process.env.CERTDESK_VAULT = 'passphrase';
    process.env.CERTDESK_PASSPHRASE = 'e2e dates vault passphrase';
    pki = new Pki();
    chain = amtHierarchy(pki);
    app = await startApp();
    page = app.page;
    for (const name of ['pending', 'alone', 'full'] as const) {
      const reply = await app.call<RequestNewResult>('request.new', { cn: `${name}.corp.example.com`, org: 'corp.example.com', name: `Dates ${name}` });
      if (!reply.ok) throw new Error(reply.error.message);
      made[name] = reply.result;
    }
    for (const name of ['alone', 'full'] as const) {
      writeFileSync(pki.path(`${name}.csr`), made[name]!.csrPem);
      pki.run([
        'x509', '-req', '-in', `${name}.csr`, '-CA', chain.intermediate.cert, '-CAkey', chain.intermediate.key, '-set_serial', name === 'alone' ? '8001' : '8002',
        '-sha256', '-days', '400', '-extfile', 'ext.cnf', '-extensions', 'amt', '-out', `${name}.pem`,
      ]);
    }
    // The CA's full answer for one, the issued certificate alone for the other.
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', 'full.pem', '-certfile', chain.intermediate.cert, '-certfile', chain.root.cert, '-outform', 'DER', '-out', 'full.p7b']);
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
  const list = () => page.getByRole('main', { name: 'Requests' });
  const result = () => list().getByRole('region', { name: 'Completed request' });

  async function complete(file: string, cn: string): Promise<Locator> {
    await list().getByLabel('CA certificate file').setInputFiles(pki.path(file));
    await result().getByText(cn).first().waitFor();
    // The readiness panel has answered once its checks are listed.
    await result().locator('[data-check]').first().waitFor();
    return result();
  }

  it('the completion panel: dates (and the readiness sentences) in the one format; an incomplete chain gets no green chip', async () => {
    await nav('Requests').click();
    await list().locator(`tr[data-request-id="${made.pending!.id}"]`).waitFor();

    const alone = await complete('alone.pem', 'alone.corp.example.com');
    expect(await alone.getByText('The chain is incomplete', { exact: false }).first().isVisible()).toBe(true);
    expect(await alone.locator('[data-level="chain-incomplete"]').count()).toBe(1);
    expect(await alone.locator('.rq-result-main [data-level="ok"]').count()).toBe(0);
    const aloneText = offFormat(await readableText(alone));
    expect(aloneText.dates.length).toBeGreaterThan(0);
    expect(aloneText.wrong).toEqual([]);
    await alone.getByRole('button', { name: 'Close' }).first().click();

    const full = await complete('full.p7b', 'full.corp.example.com');
    expect(await full.locator('[data-level="chain-incomplete"]').count()).toBe(0);
    expect(await full.locator('.rq-result-main [data-level="ok"]').count()).toBe(1);
    const text = await readableText(full);
    const fullText = offFormat(text);
    // The engine's validity sentence ("… expires on <day> (N days left)") is among them, rewritten.
    const leafEnd = (await app.call<{ chain: { notAfter: string }[] }>('request.show', { id: made.full!.id })) as { ok: true; result: { chain: { notAfter: string }[] } };
    expect(text).toContain(`expires on ${utcDay(leafEnd.result.chain[0].notAfter)}`);
    expect(fullText.wrong).toEqual([]);
    await page.screenshot({ path: screenshotPath('e2e-dates-completion') });
    await full.getByRole('button', { name: 'Close' }).first().click();
  });

  it('the Requests list: every date is the one format; the Created column is the day the engine stored', async () => {
    const table = list().getByRole('table', { name: 'Certificate requests' });
    await table.locator(`tr[data-request-id="${made.full!.id}"][data-status="completed"]`).waitFor();
    const { dates, wrong } = offFormat(await readableText(table));
    expect(dates.length).toBeGreaterThanOrEqual(3);
    expect(wrong).toEqual([]);
    for (const r of Object.values(made)) {
      const created = await table.locator(`tr[data-request-id="${r!.id}"] td.rq-date`).innerText();
      expect(created.trim()).toBe(utcDay(r!.created));
    }
    // The request whose chain stops at the issuing CA: "Chain incomplete", not a green "N days left".
    const alone = table.locator(`tr[data-request-id="${made.alone!.id}"]`);
    expect(await alone.getByText('Chain incomplete').isVisible()).toBe(true);
    expect(await alone.locator('[data-level="ok"]').count()).toBe(0);
    expect(await table.locator(`tr[data-request-id="${made.full!.id}"] [data-level="ok"]`).count()).toBe(1);
  });

  it('the Show dialog: the completion day and each chain certificate\'s end in the one format', async () => {
    await list().getByRole('button', { name: 'Show full.corp.example.com' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request full.corp.example.com' });
    await dialog.getByText('Certificate chain (leaf first)').waitFor();
    const { dates, wrong } = offFormat(await readableText(dialog));
    // Completed <day>, and "valid to <day>" for the leaf, the issuing CA and the root.
    expect(dates.length).toBeGreaterThanOrEqual(4);
    expect(wrong).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('the certificate dialog (General tab) uses the same format', async () => {
    await nav('Inspect').click();
    await page.locator('main[aria-label="Inspect"] input[type="file"]').setInputFiles(pki.path('full.pem'));
    const general = page.getByRole('tab', { name: 'General' }).first();
    await general.waitFor();
    const panel = page.getByRole('tabpanel').first();
    const text = await readableText(panel);
    expect(text).toMatch(/Valid from/);
    const { dates, wrong } = offFormat(text);
    expect(dates.length).toBe(2);
    expect(wrong).toEqual([]);
  });
});
