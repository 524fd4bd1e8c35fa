// store.import with `requestId`: the engine exports the completed request's PFX in-process, straight into the
// import script's stdin (the page that asked never holds it). Real requests service, temp data folder,
// passphrase vault (no keychain needed); a recording executor stands in for PowerShell.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/operations/dispatch';
import { createWindowsHandlers, type AuditedOperation } from '../../../electron/operations/handlers/windows';
import { readContainer } from '../../../electron/engine/pki/read';
import { closeDatabase, completeRequest, database, newRequest, spkiSha256 } from '../../../electron/engine/requests/service';
import { isDryRun, type StoreImportDryRun } from '../../../shared/contract/windows';
import { usesPbes2 } from '../../../electron/engine/windows/placement';
import { amtHierarchy, Pki, type Issued } from '../../support/openssl';
import { ok, recording } from './recording';

const PASSWORD = 'Imp0rt-From-Request-55';
const saved = { home: process.env.CERTDESK_HOME, vault: process.env.CERTDESK_VAULT, pass: process.env.CERTDESK_PASSPHRASE };

let home: string;
let pki: Pki;
let completedId: string;
let pendingId: string;
let leafSha1: string;
let spki: string;
let chain: { root: Issued; intermediate: Issued; leaf: Issued };
let chainSha256: { leaf: string; intermediate: string; root: string };

const imported = { exportable: false, certificates: [], keyThumbprint: null };

function exportAuditLines(): number {
  return (database().prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.pfx'").get() as { n: number }).n;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'certdesk-import-request-'));
  process.env.CERTDESK_HOME = home;
  process.env.CERTDESK_VAULT = 'passphrase';
  process.env.CERTDESK_PASSPHRASE = 'unit test vault passphrase, not a secret';
  pki = new Pki();
  chain = amtHierarchy(pki);
  const made = await newRequest({ cn: 'rcs.corp.example.com', org: 'corp.example.com' });
  writeFileSync(pki.path('rcs.csr'), made.csrPem);
  pki.run([
    'x509', '-req', '-in', 'rcs.csr', '-CA', chain.intermediate.cert, '-CAkey', chain.intermediate.key, '-set_serial', '7001', '-sha256',
    '-days', '365', '-extfile', 'ext.cnf', '-extensions', 'amt', '-out', 'rcs.pem',
  ]);
  pki.run(['crl2pkcs7', '-nocrl', '-certfile', 'rcs.pem', '-certfile', chain.intermediate.cert, '-certfile', chain.root.cert, '-out', 'rcs.p7b']);
  const done = await completeRequest({ fileName: 'rcs.p7b', contentBase64: pki.read('rcs.p7b').toString('base64') });
  completedId = done.request.id;
  chainSha256 = { leaf: done.leaf.sha256.toUpperCase(), intermediate: pki.facts(chain.intermediate.cert).sha256, root: pki.facts(chain.root.cert).sha256 };
  leafSha1 = done.leaf.sha1.toUpperCase();
  spki = made.spkiSha256;
  pendingId = (await newRequest({ cn: 'pending.corp.example.com', org: 'corp.example.com' })).id;
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

describe('store.import from a completed request (requestId)', () => {
  it('puts the PFX exported in-process on the script\'s stdin: it opens with the password, key matching, full chain', async () => {
    const { calls, context } = recording(() => ok({ ...imported, keyThumbprint: leafSha1 }));
    const audits: Array<[AuditedOperation, string]> = [];
    const handlers = createWindowsHandlers(context, (action, result) => audits.push([action, result]));
    const result = await handlers['store.import']({ fileName: 'rcs.corp.example.com.pfx', requestId: completedId, password: PASSWORD });
    expect(isDryRun(result)).toBe(false);
    expect(calls).toHaveLength(1);
    const stdin = JSON.parse(calls[0].stdin) as { contentBase64: string; password: string; exportable: boolean; plan: unknown[] };
    expect(Object.keys(stdin).sort()).toEqual(['contentBase64', 'exportable', 'password', 'plan']);
    expect(stdin.plan).toEqual([
      { sha256: chainSha256.leaf, store: 'My', action: 'import' },
      { sha256: chainSha256.intermediate, store: 'CA', action: 'import' },
      { sha256: chainSha256.root, store: 'Root', action: 'import' },
    ]);
    expect(stdin.password).toBe(PASSWORD);
    expect(stdin.exportable).toBe(false);
    const container = readContainer(Buffer.from(stdin.contentBase64, 'base64'), PASSWORD);
    expect(container.format).toBe('pkcs12');
    expect(container.privateKeys).toHaveLength(1);
    expect(container.certificates.map((c) => c.sha1.toUpperCase())).toContain(leafSha1);
    expect(container.certificates).toHaveLength(3);
    expect(spkiSha256(container.privateKeys[0].spki)).toBe(spki);
    expect(audits).toEqual([['store.import', 'ok']]);
  });

  it.each([[true], [undefined]])('legacy %s: the in-process export is always 3DES / SHA-1 MAC (Server 2016 cannot decrypt AES)', async (legacy) => {
    const { calls, context } = recording(() => ok(imported));
    await createWindowsHandlers(context, () => undefined)['store.import']({ requestId: completedId, password: PASSWORD, legacy });
    const pfx = Buffer.from((JSON.parse(calls[0].stdin) as { contentBase64: string }).contentBase64, 'base64');
    expect(usesPbes2(pfx)).toBe(false);
    writeFileSync(pki.path('legacy.pfx'), pfx);
    const info = spawnSync('openssl', ['pkcs12', '-legacy', '-in', 'legacy.pfx', '-info', '-noout', '-passin', 'env:PFXPW'], {
      cwd: pki.dir,
      env: { ...process.env, PFXPW: PASSWORD },
      encoding: 'utf8',
    });
    expect(info.status, info.stderr).toBe(0);
    expect(info.stderr).toMatch(/MAC: sha1/);
    expect(info.stderr).toMatch(/3DES|TripleDES/i);
  });

  it('dry run: checks the request, shows both secrets as ***, runs nothing, opens no key (no export audit line)', async () => {
    const { calls, context } = recording();
    const before = exportAuditLines();
    const result = await createWindowsHandlers(context, () => undefined)['store.import']({ requestId: completedId, password: PASSWORD, dryRun: true });
    expect(calls).toHaveLength(0);
    expect(isDryRun(result) && result.input).toEqual({ contentBase64: '***', password: '***', exportable: false, plan: expect.any(Array) });
    // The plan from the request's stored chain: what the export will carry.
    expect((result as StoreImportDryRun).plan.map((p) => [p.sha256, p.store, p.action])).toEqual([
      [chainSha256.leaf, 'My', 'import'],
      [chainSha256.intermediate, 'CA', 'import'],
      [chainSha256.root, 'Root', 'import'],
    ]);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(exportAuditLines()).toBe(before);
  });

  it('a pending or unknown request is refused, in a dry run too, before anything runs', async () => {
    const { calls, context } = recording();
    const handlers = createWindowsHandlers(context, () => undefined);
    await expect(handlers['store.import']({ requestId: pendingId, password: PASSWORD, dryRun: true })).rejects.toMatchObject({ code: 'usage', message: expect.stringMatching(/pending/) });
    await expect(handlers['store.import']({ requestId: pendingId, password: PASSWORD })).rejects.toMatchObject({ code: 'usage' });
    await expect(handlers['store.import']({ requestId: 'ffffffff', password: PASSWORD, dryRun: true })).rejects.toMatchObject({ code: 'not-found' });
    expect(calls).toHaveLength(0);
  });

  it('off Windows a real run fails with not-windows before the key is opened', async () => {
    const { calls, context } = recording();
    const before = exportAuditLines();
    await expect(createWindowsHandlers({ ...context, platform: 'linux' }, () => undefined)['store.import']({ requestId: completedId, password: PASSWORD })).rejects.toMatchObject({ code: 'not-windows' });
    expect(calls).toHaveLength(0);
    expect(exportAuditLines()).toBe(before);
  });

  it.each([
    [{ requestId: 'abcd', contentBase64: 'QUJD', password: 'x' }, /exactly one/],
    [{ password: 'x' }, /exactly one/],
    [{ requestId: 'abcd' }, /password/],
    [{ requestId: 'abcd', password: '' }, /password/],
    [{ contentBase64: 'QUJD', password: 'x', legacy: true }, /legacy/],
  ])('the contract refuses %j', async (input, message) => {
    const result = await dispatch('store.import', { ...input, dryRun: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'usage', message: expect.stringMatching(message) } });
  });
});
