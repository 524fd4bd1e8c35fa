// store.import and a chain that does not reach a root: refused with `incomplete-chain` (as export-pfx refuses it)
// unless `allowIncompleteChain` / `--allow-incomplete-chain`; then the dry-run plan and the real run carry a warning.
// Both sources: a PFX file, and a completed request whose stored chain is incomplete (real requests service,
// temp data folder, passphrase vault); a recording executor stands in for PowerShell.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/operations/dispatch';
import { createWindowsHandlers } from '../../../electron/operations/handlers/windows';
import { readContainer } from '../../../electron/engine/pki/read';
import { closeDatabase, completeRequest, newRequest } from '../../../electron/engine/requests/service';
import { analysePfx } from '../../../electron/engine/windows/placement';
import { isDryRun, type StoreImportDryRun, type StoreImportOutcome } from '../../../shared/contract/windows';
import { runCli } from '../../support/cli';
import { amtHierarchy, Pki, type Issued } from '../../support/openssl';
import { ok, recording } from './recording';

const PASSWORD = 'Inc0mplete "chain" $(x)';
const saved = { home: process.env.CERTDESK_HOME, vault: process.env.CERTDESK_VAULT, pass: process.env.CERTDESK_PASSPHRASE };
const imported = { exportable: false, certificates: [], keyThumbprint: null };

let home: string;
let pki: Pki;
let chain: { root: Issued; intermediate: Issued; leaf: Issued };
let alone: string;
let full: string;
let incompleteId: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'certdesk-incomplete-'));
  process.env.CERTDESK_HOME = home;
  process.env.CERTDESK_VAULT = 'passphrase';
  process.env.CERTDESK_PASSPHRASE = 'unit test vault passphrase, not a secret';
  pki = new Pki();
  chain = amtHierarchy(pki);
  alone = pki.pfx('alone', chain.leaf, [chain.intermediate], { password: PASSWORD });
  full = pki.pfx('full', chain.leaf, [chain.intermediate, chain.root], { password: PASSWORD });
  // A request completed with the issued certificate alone: its stored chain stops at the issuing CA.
  const made = await newRequest({ cn: 'rcs.corp.example.com', org: 'corp.example.com' });
  writeFileSync(pki.path('rcs.csr'), made.csrPem);
  pki.run([
    'x509', '-req', '-in', 'rcs.csr', '-CA', chain.intermediate.cert, '-CAkey', chain.intermediate.key, '-set_serial', '7101', '-sha256',
    '-days', '365', '-extfile', 'ext.cnf', '-extensions', 'amt', '-out', 'rcs.pem',
  ]);
  const done = await completeRequest({ fileName: 'rcs.pem', contentBase64: pki.read('rcs.pem').toString('base64') });
  incompleteId = done.request.id;
}, 60_000);

afterAll(() => {
  closeDatabase();
  pki?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
  for (const [key, value] of [['CERTDESK_HOME', saved.home], ['CERTDESK_VAULT', saved.vault], ['CERTDESK_PASSPHRASE', saved.pass]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const b64 = (file: string) => pki.read(file).toString('base64');

describe('a PFX file whose chain does not reach a root', () => {
  it('analysePfx says where the chain stops', () => {
    expect(analysePfx(pki.read(alone), PASSWORD).chain).toEqual({ complete: false, top: 'CN=CertDesk Test Issuing CA,O=CertDesk Test', missingIssuer: 'CN=CertDesk Test Root,O=CertDesk Test' });
    expect(analysePfx(pki.read(full), PASSWORD).chain).toEqual({ complete: true });
  });

  it('is refused with incomplete-chain, in a dry run and a real run, before anything runs', async () => {
    const { calls, context } = recording(() => ok(imported));
    const handlers = createWindowsHandlers(context, () => undefined);
    for (const dryRun of [true, false]) {
      await expect(handlers['store.import']({ fileName: 'alone.pfx', contentBase64: b64(alone), password: PASSWORD, dryRun })).rejects.toMatchObject({
        code: 'incomplete-chain',
        message: expect.stringMatching(/alone\.pfx.*"CN=CertDesk Test Root,O=CertDesk Test".*--allow-incomplete-chain/),
      });
    }
    expect(calls).toHaveLength(0);
  });

  it('allowIncompleteChain: the plan and the result carry the warning; the script gets no extra field', async () => {
    const { calls, context } = recording(() => ok(imported));
    const handlers = createWindowsHandlers(context, () => undefined);
    const input = { fileName: 'alone.pfx', contentBase64: b64(alone), password: PASSWORD, allowIncompleteChain: true };
    const dry = (await handlers['store.import']({ ...input, dryRun: true })) as StoreImportDryRun;
    expect(isDryRun(dry)).toBe(true);
    expect(dry.plan.map((p) => p.store)).toEqual(['My', 'CA']);
    expect(dry.warnings).toEqual([expect.stringMatching(/^incomplete chain .*alone\.pfx.*CN=CertDesk Test Root/)]);
    const real = (await handlers['store.import'](input)) as StoreImportOutcome;
    expect(real.warnings).toEqual(dry.warnings);
    expect(Object.keys(JSON.parse(calls[0].stdin)).sort()).toEqual(['contentBase64', 'exportable', 'password', 'plan']);
  });

  it('a complete chain carries no warnings field', async () => {
    const { context } = recording(() => ok(imported));
    const dry = await createWindowsHandlers(context, () => undefined)['store.import']({ contentBase64: b64(full), password: PASSWORD, dryRun: true });
    expect('warnings' in dry).toBe(false);
  });

  it('the contract takes allowIncompleteChain as a boolean only', async () => {
    expect(await dispatch('store.import', { contentBase64: 'QUJD', password: 'x', allowIncompleteChain: 'yes', dryRun: true })).toMatchObject({ ok: false, error: { code: 'usage' } });
  });

  it('the CLI: refused (exit 2, [incomplete-chain]); --allow-incomplete-chain: WARN line, warnings in JSON', () => {
    const file = pki.path(alone);
    const refused = runCli(['store', 'import', file, '--password-env', 'P', '--dry-run'], { env: { P: PASSWORD } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/does not reach a root.*\[incomplete-chain\]$/m);
    const text = runCli(['store', 'import', file, '--password-env', 'P', '--dry-run', '--allow-incomplete-chain'], { env: { P: PASSWORD } });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^WARN {2}incomplete chain .*CN=CertDesk Test Root/m);
    expect(text.stdout).toMatch(/certdesk\.cmd" store import alone\.pfx --password-stdin --allow-incomplete-chain$/m);
    const json = runCli(['store', 'import', file, '--password-env', 'P', '--dry-run', '--allow-incomplete-chain', '--json'], { env: { P: PASSWORD } });
    expect(json.code).toBe(0);
    expect(json.json()).toMatchObject({ dryRun: true, plan: expect.any(Array), warnings: [expect.stringMatching(/^incomplete chain/)] });
  });
});

describe('a completed request whose chain is incomplete (store import --request)', () => {
  it('is refused with incomplete-chain, dry run and real run, before a key is opened', async () => {
    const { calls, context } = recording(() => ok(imported));
    const handlers = createWindowsHandlers(context, () => undefined);
    for (const dryRun of [true, false]) {
      await expect(handlers['store.import']({ requestId: incompleteId, password: PASSWORD, dryRun })).rejects.toMatchObject({ code: 'incomplete-chain' });
    }
    expect(calls).toHaveLength(0);
  });

  it('allowIncompleteChain reaches the requests service: the dry run warns, the real run imports the leaf alone', async () => {
    const { calls, context } = recording(() => ok(imported));
    const handlers = createWindowsHandlers(context, () => undefined);
    const dry = (await handlers['store.import']({ requestId: incompleteId, password: PASSWORD, allowIncompleteChain: true, dryRun: true })) as StoreImportDryRun;
    expect(dry.plan.map((p) => p.store)).toEqual(['My']);
    expect(dry.warnings).toEqual([expect.stringMatching(new RegExp(`^incomplete chain .*request ${incompleteId}.*CN=CertDesk Test Issuing CA`))]);
    const real = (await handlers['store.import']({ requestId: incompleteId, password: PASSWORD, allowIncompleteChain: true })) as StoreImportOutcome;
    expect(real.warnings).toEqual(dry.warnings);
    const stdin = JSON.parse(calls[0].stdin) as { contentBase64: string };
    expect(readContainer(Buffer.from(stdin.contentBase64, 'base64'), PASSWORD).certificates).toHaveLength(1);
  });
});
