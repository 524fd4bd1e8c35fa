// Fix 10 of issue [7]: the engine decides where each certificate of a PFX goes; the script gets the plan on
// stdin and `store import --dry-run --json` shows it. Real openssl-made PFX files, the engine's own reader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWindowsHandlers } from '../../../electron/operations/handlers/windows';
import { placementPlan, REASONS, usesPbes2 } from '../../../electron/engine/windows/placement';
import { type PlacementEntry, type StoreImportDryRun } from '../../../shared/contract/windows';
import { Pki, type Issued } from '../../support/openssl';
import { runCli } from '../../support/cli';
import { ok, recording } from './recording';

const PASSWORD = 'Pl4cement "plan" $(x)';
let pki: Pki;
let root: Issued;
let inter: Issued;
let leaf: Issued;
let evilRoot: Issued;
let strayInter: Issued;
const sha = (c: Issued) => pki.facts(c.cert).sha256;
const read = (file: string) => pki.read(file);

beforeAll(() => {
  pki = new Pki();
  root = pki.root('root', { subject: '/O=CertDesk Test/CN=Plan Root' });
  inter = pki.issue('inter', root, { subject: '/O=CertDesk Test/CN=Plan Issuing CA', profile: 'intermediate' });
  leaf = pki.issue('leaf', inter, { subject: '/CN=prov.corp.example.com' });
  evilRoot = pki.root('evil', { subject: '/O=Mallory/CN=Totally Trusted Root' });
  strayInter = pki.issue('stray', evilRoot, { subject: '/O=Mallory/CN=Stray CA', profile: 'intermediate' });
}, 60_000);
afterAll(() => pki?.cleanup());

const byStore = (plan: PlacementEntry[]) => plan.map((p) => [p.sha256, p.store, p.action]);

describe('placementPlan', () => {
  it('leaf with key → My, intermediate → CA, its own root → Root (whatever the file order)', () => {
    const plan = placementPlan(read(pki.pfx('full', leaf, [root, inter], { password: PASSWORD })), PASSWORD);
    expect(byStore(plan)).toEqual([
      [sha(leaf), 'My', 'import'],
      [sha(inter), 'CA', 'import'],
      [sha(root), 'Root', 'import'],
    ]);
    expect(plan[0]).toMatchObject({ subject: 'CN=prov.corp.example.com', reason: REASONS.leafWithKey });
    expect(plan[1].subject).toBe('CN=Plan Issuing CA,O=CertDesk Test');
    expect(plan.every((p) => /^[0-9A-F]{64}$/.test(p.sha256))).toBe(true);
  });

  it('a self-signed root and a CA that are not on the leaf\'s chain are skipped: a PFX cannot plant a trusted root', () => {
    const plan = placementPlan(read(pki.pfx('hostile', leaf, [evilRoot, inter, strayInter, root], { password: PASSWORD })), PASSWORD);
    expect(byStore(plan)).toEqual([
      [sha(leaf), 'My', 'import'],
      [sha(inter), 'CA', 'import'],
      [sha(root), 'Root', 'import'],
      ...[evilRoot, strayInter].map((c) => [sha(c), null, 'skip']).sort((a, b) => plan.findIndex((p) => p.sha256 === a[0]) - plan.findIndex((p) => p.sha256 === b[0])),
    ]);
    for (const skipped of plan.filter((p) => p.action === 'skip')) expect(skipped.reason).toBe("not on the leaf's chain: a PFX cannot plant a trusted root");
  });

  it('a root with the right name but another key is not on the chain (the intermediate does not verify with it)', () => {
    // An intermediate without an authority key identifier, so only the signature can tell the roots apart.
    const bare = pki.issue('bare-inter', root, { subject: '/O=CertDesk Test/CN=Bare CA', extensions: 'basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\nauthorityKeyIdentifier = none' });
    const bareLeaf = pki.issue('bare-leaf', bare, { subject: '/CN=bare.corp.example.com' });
    const spoofKey = pki.key('spoof');
    pki.run(['req', '-x509', '-new', '-key', spoofKey, '-subj', '/O=CertDesk Test/CN=Plan Root', '-days', '30', '-config', 'ext.cnf', '-extensions', 'intermediate', '-out', 'spoof.pem']);
    const spoof: Issued = { key: spoofKey, cert: 'spoof.pem', name: 'spoof' };
    const plan = placementPlan(read(pki.pfx('spoofed', bareLeaf, [bare, spoof], { password: PASSWORD })), PASSWORD);
    expect(byStore(plan)).toEqual([
      [sha(bareLeaf), 'My', 'import'],
      [sha(bare), 'CA', 'import'],
      [sha(spoof), null, 'skip'],
    ]);
    expect(plan[2].reason).toBe(REASONS.unverified);
  });

  it('a leaf without its key → AddressBook (Other People), as MMC does; its chain as usual', () => {
    const plan = placementPlan(read(pki.pfx('nokey', null, [leaf, inter, root], { password: PASSWORD })), PASSWORD);
    expect(byStore(plan)).toEqual([
      [sha(leaf), 'AddressBook', 'import'],
      [sha(inter), 'CA', 'import'],
      [sha(root), 'Root', 'import'],
    ]);
    expect(plan[0].reason).toBe(REASONS.leafWithoutKey);
  });

  it('without the root in the file: leaf and intermediate only (nothing is added from elsewhere)', () => {
    const plan = placementPlan(read(pki.pfx('noroot', leaf, [inter], { password: PASSWORD })), PASSWORD);
    expect(byStore(plan)).toEqual([
      [sha(leaf), 'My', 'import'],
      [sha(inter), 'CA', 'import'],
    ]);
  });

  it('wrong password → wrong-password; not a PFX → refused', () => {
    const file = read(pki.pfx('pw', leaf, [inter, root], { password: PASSWORD }));
    expect(() => placementPlan(file, 'wrong')).toThrow(expect.objectContaining({ code: 'wrong-password' }));
    expect(() => placementPlan(read(leaf.cert), undefined)).toThrow(expect.objectContaining({ code: 'unsupported-format' }));
  });

  it('usesPbes2: AES (OpenSSL 3 default) yes, -legacy (3DES) no', () => {
    expect(usesPbes2(read(pki.pfx('aes', leaf, [inter, root], { password: PASSWORD })))).toBe(true);
    expect(usesPbes2(read(pki.pfx('legacy', leaf, [inter, root], { password: PASSWORD, variant: 'legacy' })))).toBe(false);
  });
});

describe('store.import sends the plan to the script', () => {
  it('stdin carries plan: [{ sha256, store, action }] and the dry run shows it with subjects and reasons', async () => {
    const contentBase64 = read(pki.pfx('sent', leaf, [evilRoot, inter, root], { password: PASSWORD })).toString('base64');
    const { calls, context } = recording(() => ok({ exportable: false, certificates: [], keyThumbprint: null }));
    const handlers = createWindowsHandlers(context, () => undefined);
    await handlers['store.import']({ contentBase64, password: PASSWORD });
    const stdin = JSON.parse(calls[0].stdin);
    expect(Object.keys(stdin).sort()).toEqual(['contentBase64', 'exportable', 'password', 'plan']);
    expect(stdin.plan).toEqual([
      { sha256: sha(leaf), store: 'My', action: 'import' },
      { sha256: sha(inter), store: 'CA', action: 'import' },
      { sha256: sha(root), store: 'Root', action: 'import' },
      { sha256: sha(evilRoot), store: null, action: 'skip' },
    ]);
    const dry = (await handlers['store.import']({ contentBase64, password: PASSWORD, dryRun: true })) as StoreImportDryRun;
    expect(calls).toHaveLength(1);
    expect(dry.input.plan).toEqual(stdin.plan);
    expect(dry.plan.map((p) => [p.store, p.subject])).toEqual([
      ['My', 'CN=prov.corp.example.com'],
      ['CA', 'CN=Plan Issuing CA,O=CertDesk Test'],
      ['Root', 'CN=Plan Root,O=CertDesk Test'],
      [null, 'CN=Totally Trusted Root,O=Mallory'],
    ]);
  });

  it('the script\'s report of a skipped certificate comes back as action skipped', async () => {
    const contentBase64 = read(pki.pfx('skipped', leaf, [evilRoot, inter, root], { password: PASSWORD })).toString('base64');
    const cert = (sha256: string, store: string | null, action: string) => ({ thumbprint: 'AB', sha256, subject: 'CN=x', issuer: 'CN=y', store, hasPrivateKey: false, action });
    const { context } = recording(() =>
      ok({ exportable: false, keyThumbprint: 'AB', certificates: [cert(sha(leaf), 'LocalMachine\\My', 'added'), { ...cert(sha(evilRoot), null, 'skip'), reason: 'plan' }] }),
    );
    const result = await createWindowsHandlers(context, () => undefined)['store.import']({ contentBase64, password: PASSWORD });
    expect('certificates' in result && result.certificates.map((c) => c.action)).toEqual(['added', 'skipped']);
  });

  it('a wrong password is wrong-password in a dry run too, and nothing runs', async () => {
    const contentBase64 = read(pki.pfx('dry-pw', leaf, [inter, root], { password: PASSWORD })).toString('base64');
    const { calls, context } = recording();
    const handlers = createWindowsHandlers(context, () => undefined);
    await expect(handlers['store.import']({ contentBase64, password: 'nope', dryRun: true })).rejects.toMatchObject({ code: 'wrong-password' });
    await expect(handlers['store.import']({ contentBase64, password: 'nope' })).rejects.toMatchObject({ code: 'wrong-password' });
    expect(calls).toHaveLength(0);
  });
});

describe('certdesk store import --dry-run (the built CLI)', () => {
  it('--json carries plan; a wrong password is wrong-password (exit 2)', () => {
    const file = pki.path(pki.pfx('cli', leaf, [evilRoot, inter, root], { password: PASSWORD }));
    const run = runCli(['store', 'import', file, '--password-env', 'P', '--dry-run', '--json'], { env: { P: PASSWORD } });
    expect(run.code, run.stderr).toBe(0);
    const out = run.json();
    expect(out.plan).toEqual([
      { sha256: sha(leaf), subject: 'CN=prov.corp.example.com', store: 'My', action: 'import', reason: REASONS.leafWithKey },
      { sha256: sha(inter), subject: 'CN=Plan Issuing CA,O=CertDesk Test', store: 'CA', action: 'import', reason: REASONS.intermediate },
      { sha256: sha(root), subject: 'CN=Plan Root,O=CertDesk Test', store: 'Root', action: 'import', reason: REASONS.root },
      { sha256: sha(evilRoot), subject: 'CN=Totally Trusted Root,O=Mallory', store: null, action: 'skip', reason: REASONS.offChain },
    ]);
    const wrong = runCli(['store', 'import', file, '--password-env', 'P', '--dry-run', '--json'], { env: { P: 'wrong' } });
    expect(wrong.code).toBe(2);
    expect(wrong.json()).toMatchObject({ error: { code: 'wrong-password' } });
  });

  it('as text: each certificate → its store, as certlm.msc names it', () => {
    const file = pki.path(pki.pfx('cli-text', leaf, [evilRoot, inter, root], { password: PASSWORD }));
    const run = runCli(['store', 'import', file, '--password-stdin', '--dry-run'], { input: `${PASSWORD}\n` });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const line = (subject: string) => lines.find((l) => l.includes(subject)) ?? '';
    expect(line('CN=prov.corp.example.com')).toMatch(/→ Personal \(LocalMachine\\My\)/);
    expect(line('CN=Plan Issuing CA')).toMatch(/→ Intermediate Certification Authorities \(LocalMachine\\CA\)/);
    expect(line('CN=Plan Root')).toMatch(/→ Trusted Root Certification Authorities \(LocalMachine\\Root\)/);
    expect(line('CN=Totally Trusted Root')).toMatch(/skipped/);
    expect(run.stdout).toContain("not on the leaf's chain");
  });
});
