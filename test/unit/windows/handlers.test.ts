// The Windows operations end to end through a recording executor (the script's answers are canned,
// including Windows PowerShell 5.1's JSON quirks), and through dispatch for validation and dry runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/operations/dispatch';
import { createWindowsHandlers } from '../../../electron/operations/handlers/windows';
import { isDryRun, windowsOperations, type DryRunResult, type VerifyResult } from '../../../shared/contract/windows';
import { amtHierarchy, Pki } from '../../support/openssl';
import { makeTestPfx, type TestPfx } from './pfx-fixture';
import { ok, recording } from './recording';

const THUMB = '0123456789ABCDEF0123456789ABCDEF01234567';

describe('validation (the contract schemas, through dispatch)', () => {
  it('normalises thumbprints: spaces, colons, lower case and MMC\'s invisible left-to-right mark', () => {
    const parsed = windowsOperations['acl.show'].input.parse({ thumbprint: '\u200e01 23 45 67 89:ab:cd:ef 0123456789abcdef01234567' });
    expect(parsed.thumbprint).toBe(THUMB);
  });

  it.each([
    ['acl.grant', { thumbprint: 'xyz', service: 'AMTconfig' }, /thumbprint/],
    ['acl.grant', { thumbprint: THUMB }, /service/],
    ['acl.grant', { thumbprint: THUMB, service: 'a', account: 'b' }, /either a service or an account/],
    ['acl.show', { thumbprint: THUMB, account: 'bad\u0000name' }, /control characters/],
    ['acl.show', { thumbprint: THUMB, account: 'bad\u0007name' }, /\(account\): control characters are not allowed in an account name$/],
    ['verify', { thumbprint: THUMB, service: 'bad\u001fname' }, /\(service\): control characters are not allowed in a service name$/],
    ['acl.grant', { thumbprint: THUMB, service: 's'.repeat(257) }, /\(service\)/],
    ['acl.grant', { thumbprint: THUMB, account: 'a'.repeat(513) }, /\(account\)/],
    ['verify', { thumbprint: THUMB.slice(1) }, /40 hexadecimal/],
    ['store.import', { password: 'x' }, /contentBase64/],
    ['service.list', { all: true, script: 'evil.ps1' }, /Unrecognized key|script/],
    ['association.launch', { path: 'C:\\evil.exe' }, /Unrecognized key|path/],
  ] as const)('%s rejects %j', async (name, input, message) => {
    const result = await dispatch(name, input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('usage');
      expect(result.error.message).toMatch(message);
    }
  });

  it('off Windows: not-windows without dryRun, the dry run with it (the app\'s real handlers)', async () => {
    if (process.platform === 'win32') return;
    const run = await dispatch('service.list', { all: true });
    expect(run).toEqual({ ok: false, error: { code: 'not-windows', message: expect.stringContaining('--dry-run') } });
    const dry = await dispatch('acl.grant', { thumbprint: THUMB, account: `CORP\\svc"; Stop-Computer; "$(calc)\``, dryRun: true });
    expect(dry.ok).toBe(true);
    const result = (dry as { result: DryRunResult }).result;
    expect(result.input).toEqual({ thumbprint: THUMB, account: `CORP\\svc"; Stop-Computer; "$(calc)\`` });
    expect(result.script).toMatch(/acl-grant\.ps1$/);
  });

  it('store.import refuses bad base64 and empty files before anything runs', async () => {
    const { calls, context } = recording();
    const handlers = createWindowsHandlers(context);
    await expect(handlers['store.import']({ contentBase64: 'not base64 !!' })).rejects.toMatchObject({ code: 'unreadable' });
    await expect(handlers['store.import']({ contentBase64: '====' })).rejects.toMatchObject({ code: 'unreadable' });
    expect(calls).toHaveLength(0);
  });
});

describe('operations', () => {
  let fixture: TestPfx;
  beforeAll(() => {
    fixture = makeTestPfx('pw');
  });
  afterAll(() => fixture?.cleanup());

  it('store.import: the PFX as base64, the password and the plan on stdin; per-certificate results; a single certificate normalised to a list', async () => {
    const { calls, context } = recording(() =>
      ok({
        exportable: false,
        certificates: { thumbprint: THUMB.toLowerCase(), subject: 'CN=prov', issuer: 'CN=CA', store: 'LocalMachine\\My', hasPrivateKey: true, action: 'added' },
        keyThumbprint: THUMB,
      }),
    );
    const handlers = createWindowsHandlers(context);
    const wrapped = fixture.base64.replace(/.{76}/g, '$&\n');
    const result = await handlers['store.import']({ fileName: 'prov.pfx', contentBase64: wrapped, password: 'pw' });
    expect(JSON.parse(calls[0].stdin)).toEqual({
      contentBase64: fixture.base64,
      password: 'pw',
      exportable: false,
      plan: [
        { sha256: fixture.sha256.leaf, store: 'My', action: 'import' },
        { sha256: fixture.sha256.inter, store: 'CA', action: 'import' },
        { sha256: fixture.sha256.root, store: 'Root', action: 'import' },
      ],
    });
    expect(result).toEqual({
      fileName: 'prov.pfx',
      exportable: false,
      certificates: [{ thumbprint: THUMB, subject: 'CN=prov', issuer: 'CN=CA', store: 'LocalMachine\\My', hasPrivateKey: true, action: 'added' }],
      keyThumbprint: THUMB,
    });
  });

  it('store.import dry run: password and PFX redacted', async () => {
    const { context } = recording();
    const secret = makeTestPfx('hunter2');
    try {
      const result = await createWindowsHandlers(context)['store.import']({ contentBase64: secret.base64, password: 'hunter2', exportable: true, dryRun: true });
      expect(isDryRun(result) && result.input).toEqual({ contentBase64: '***', password: '***', exportable: true, plan: expect.any(Array) });
      expect(JSON.stringify(result)).not.toContain('hunter2');
      expect(JSON.stringify(result)).not.toContain(secret.base64.slice(0, 64));
    } finally {
      secret.cleanup();
    }
  });

  it('service.list: sends the provisioning patterns, unwraps PS 5.1 { value, Count } arrays', async () => {
    const service = { name: 'AMTconfig', displayName: 'Intel(R) AMT Configuration', state: 'Running', startMode: 'Auto', account: { name: 'NT SERVICE\\AMTconfig', sid: 'S-1-5-80-1', kind: 'virtual' }, matched: true, pathName: 'C:\\x.exe' };
    const { calls, context } = recording(() => ok({ all: false, patterns: { value: ['*AMT*'], Count: 1 }, services: { value: [service], Count: 1 } }));
    const result = await createWindowsHandlers(context)['service.list']({});
    const sent = JSON.parse(calls[0].stdin);
    expect(sent.all).toBe(false);
    expect(sent.patterns).toEqual(expect.arrayContaining(['*AMT*', '*Intel*SCS*', '*Remote Configuration*', 'AMTconfig*']));
    expect(result).toEqual({ all: false, patterns: ['*AMT*'], services: [service] });
  });

  it('acl.grant: before/after rules and the account\'s access', async () => {
    const key = { thumbprint: THUMB, subject: 'CN=prov', provider: 'CAPI', providerName: 'Microsoft RSA SChannel Cryptographic Provider', uniqueName: 'abc_123', keyFile: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\abc_123' };
    const rule = { identity: 'BUILTIN\\Administrators', sid: 'S-1-5-32-544', rights: 'FullControl', type: 'Allow', inherited: false, read: true };
    const added = { identity: 'NT SERVICE\\AMTconfig', sid: 'S-1-5-80-1', rights: 'Read, Synchronize', type: 'Allow', inherited: false, read: true };
    const { calls, context } = recording(() =>
      ok({ key, service: 'AMTconfig', account: { name: 'NT SERVICE\\AMTconfig', sid: 'S-1-5-80-1', kind: 'virtual', canRead: true, via: 'NT SERVICE\\AMTconfig: Read, Synchronize', basis: 'well-known' }, before: rule, after: [rule, added], changed: true, verified: true }),
    );
    const result = await createWindowsHandlers(context)['acl.grant']({ thumbprint: THUMB, service: 'AMTconfig' });
    expect(JSON.parse(calls[0].stdin)).toEqual({ thumbprint: THUMB, service: 'AMTconfig' });
    if (isDryRun(result)) throw new Error('not a dry run');
    expect(result.before).toEqual([rule]);
    expect(result.after).toEqual([rule, added]);
    expect(result.key.provider).toBe('CAPI');
    expect(result.account).toMatchObject({ canRead: true, sid: 'S-1-5-80-1', kind: 'virtual' });
    expect(result).toMatchObject({ changed: true, verified: true, service: 'AMTconfig' });
  });

  it('acl.show: the key, its rules (a single rule normalised to a list), the owner and the account\'s access', async () => {
    const key = { thumbprint: THUMB.toLowerCase(), subject: 'CN=prov', provider: 'CNG', providerName: 'Microsoft Software Key Storage Provider', uniqueName: 'u1', keyFile: 'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\u1' };
    const rule = { identity: 'NT AUTHORITY\\SYSTEM', sid: 'S-1-5-18', rights: 'FullControl', type: 'Allow', inherited: false, read: true };
    const account = { name: 'CORP\\svc', sid: 'S-1-5-21-1-2-3-1001', kind: 'domain', canRead: false, via: null, basis: 'token' };
    const { calls, context } = recording(() => ok({ key, owner: 'BUILTIN\\Administrators', rules: rule, service: 'AMTconfig', account }));
    const result = await createWindowsHandlers(context)['acl.show']({ thumbprint: THUMB, account: 'CORP\\svc' });
    expect(JSON.parse(calls[0].stdin)).toEqual({ thumbprint: THUMB, account: 'CORP\\svc' });
    expect(result).toEqual({ key: { ...key, thumbprint: THUMB }, owner: 'BUILTIN\\Administrators', rules: [rule], service: 'AMTconfig', account });
    const bare = recording(() => ok({ key, owner: 7, service: 5 }));
    await expect(createWindowsHandlers(bare.context)['acl.show']({ thumbprint: THUMB })).resolves.toEqual({ key: { ...key, thumbprint: THUMB }, owner: null, rules: [] });
    expect(JSON.parse(bare.calls[0].stdin)).toEqual({ thumbprint: THUMB });
  });

  it('association.detect: guidance with the thumbprint, LoadCert found or not, and the seed\'s fallback', async () => {
    const found = recording(() => ok({ loadCert: { found: true, path: 'C:\\Program Files\\Intel\\AMTConfServer\\Tools\\LoadCert.exe', fileVersion: '3.3.0.1', searched: ['C:\\Program Files\\Intel\\AMTConfServer\\Tools\\LoadCert.exe'] } }));
    const a = await createWindowsHandlers(found.context)['association.detect']({ thumbprint: THUMB });
    if (isDryRun(a)) throw new Error('not a dry run');
    expect(a.loadCert).toMatchObject({ found: true, fileVersion: '3.3.0.1' });
    expect(a.guidance.join(' ')).toContain(THUMB);
    expect(a.guidance.join(' ')).toContain('association launch');
    expect(a.fallback.join(' ')).toMatch(/service account's own Personal store/);
    const missing = recording(() => ok({ loadCert: { found: false, path: null, fileVersion: null, searched: [] } }));
    const b = await createWindowsHandlers(missing.context)['association.detect']({});
    if (isDryRun(b)) throw new Error('not a dry run');
    expect(b.guidance.join(' ')).toMatch(/not installed.*Remote Configuration Service/);
    expect(JSON.parse(missing.calls[0].stdin)).toEqual({});
  });

  it('association.launch sends nothing the script could launch: the path comes from its own detection', async () => {
    const { calls, context } = recording(() => ok({ launched: true, path: 'C:\\Program Files\\Intel\\AMTConfServer\\Tools\\LoadCert.exe', processId: 4242 }));
    const result = await createWindowsHandlers(context)['association.launch']({});
    expect(JSON.parse(calls[0].stdin)).toEqual({});
    expect(result).toEqual({ launched: true, path: 'C:\\Program Files\\Intel\\AMTConfServer\\Tools\\LoadCert.exe', processId: 4242 });
  });

  it('elevation.check', async () => {
    const { context } = recording(() => ok({ elevated: false, user: 'CORP\\admin', userSid: 'S-1-5-21-1-2-3-500', psVersion: '5.1.17763.1', osVersion: 'Microsoft Windows NT 10.0.17763.0' }));
    await expect(createWindowsHandlers(context)['elevation.check']({})).resolves.toMatchObject({ elevated: false, psVersion: '5.1.17763.1' });
  });
});

describe('verify', () => {
  let pki: Pki;
  let chain: { thumbprint: string; sha256: string; subject: string; status: string[]; rawBase64: string }[];
  beforeAll(() => {
    pki = new Pki();
    const { root, intermediate, leaf } = amtHierarchy(pki);
    chain = [leaf, intermediate, root].map((c) => {
      const facts = pki.facts(c.cert);
      return { thumbprint: facts.sha1, sha256: facts.sha256, subject: facts.subject, status: [], rawBase64: pki.der(c.cert).toString('base64') };
    });
  });
  afterAll(() => pki?.cleanup());

  const raw = (over: Record<string, unknown> = {}) => ({
    thumbprint: chain[0].thumbprint,
    store: 'LocalMachine\\My',
    found: true,
    hasPrivateKey: true,
    keyError: null,
    key: { thumbprint: chain[0].thumbprint, subject: chain[0].subject, provider: 'CNG', providerName: 'Microsoft Software Key Storage Provider', uniqueName: 'u', keyFile: 'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\u' },
    certificateBase64: chain[0].rawBase64,
    chain: { built: true, status: [], elements: chain },
    account: { name: 'NT SERVICE\\AMTconfig', sid: 'S-1-5-80-1', kind: 'virtual', canRead: true, via: 'NT SERVICE\\AMTconfig: Read', basis: 'well-known' },
    service: 'AMTconfig',
    ...over,
  });

  async function verify(answer: Record<string, unknown>, input: Record<string, unknown> = {}): Promise<VerifyResult> {
    const { context } = recording(() => ok(answer));
    const result = await createWindowsHandlers(context).verify({ thumbprint: chain[0].thumbprint, service: 'AMTconfig', dnsSuffixes: ['corp.example.com'], ...input });
    if (isDryRun(result)) throw new Error('not a dry run');
    return result;
  }
  const step = (r: VerifyResult, id: string) => r.steps.find((s) => s.id === id);

  it('reports each step, the root SHA-256 and the engine\'s AMT checks on the installed chain', async () => {
    const result = await verify(raw());
    expect(result.steps.map((s) => s.id)).toEqual(['in-store', 'private-key', 'chain-builds', 'root-in-catalogue', 'service-can-read', 'amt-checks']);
    expect(step(result, 'in-store')?.status).toBe('pass');
    expect(step(result, 'private-key')?.status).toBe('pass');
    expect(step(result, 'chain-builds')?.status).toBe('pass');
    expect(step(result, 'service-can-read')?.status).toBe('pass');
    expect(result.rootSha256).toBe(chain[2].sha256);
    // The test root is not an AMT firmware root: not ready, and the engine agrees.
    expect(step(result, 'root-in-catalogue')?.status).toBe('fail');
    expect(result.amt?.checks.find((c) => c.id === 'root-hash-trusted')?.status).toBe('fail');
    expect(result.amt?.checks.find((c) => c.id === 'dns-suffix')?.status).toBe('pass');
    expect(result.leaf?.sha1).toBe(chain[0].thumbprint);
    expect(result.ok).toBe(false);
    expect(result.chain[0]).not.toHaveProperty('rawBase64');
  });

  it('not in the store: one failing step with the import command', async () => {
    const result = await verify({ thumbprint: chain[0].thumbprint, found: false, hasPrivateKey: false, key: null, chain: null, account: null });
    expect(result.steps).toEqual([expect.objectContaining({ id: 'in-store', status: 'fail', fix: expect.stringContaining('certdesk store import') })]);
    expect(result.ok).toBe(false);
  });

  it('the service cannot read the key: the fix is the exact grant command', async () => {
    const result = await verify(raw({ account: { name: 'CORP\\svc-scs', sid: 'S-1-5-21-1-2-3-1105', kind: 'domain', canRead: false, via: null, basis: 'token' } }));
    expect(step(result, 'service-can-read')).toMatchObject({ status: 'fail', fix: `certdesk acl grant ${chain[0].thumbprint} --service "AMTconfig"` });
  });

  it('a chain that does not build, and a partial chain (no root reached)', async () => {
    const partial = chain.slice(0, 2).map((e) => ({ ...e, status: ['PartialChain'] }));
    const result = await verify(raw({ chain: { built: false, status: ['PartialChain'], elements: partial } }));
    expect(step(result, 'chain-builds')).toMatchObject({ status: 'fail', message: expect.stringContaining('PartialChain') });
    expect(step(result, 'root-in-catalogue')).toMatchObject({ status: 'fail', message: expect.stringContaining('does not reach a root') });
    expect(result.rootSha256).toBeNull();
  });

  it('no key, and a key Windows cannot locate', async () => {
    expect(step(await verify(raw({ hasPrivateKey: false, key: null, account: null })), 'private-key')?.status).toBe('fail');
    const lost = await verify(raw({ key: null, keyError: 'The CNG key file u was not found', account: null }));
    expect(step(lost, 'private-key')).toMatchObject({ status: 'fail', message: expect.stringContaining('was not found') });
    expect(step(lost, 'service-can-read')?.status).toBe('fail');
  });

  it('without a service: key access is a warning, not a failure', async () => {
    const result = await verify(raw({ account: null, service: null }), { service: undefined });
    expect(step(result, 'service-can-read')?.status).toBe('warn');
  });
});
