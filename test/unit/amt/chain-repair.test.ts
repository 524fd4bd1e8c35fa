// Chain repair (issue [10] item 3) over openssl-made hierarchies: an old root A that signs itself with SHA-1, a new
// root B (SHA-256), B cross-signed by A (same subject and key as B), an intermediate under B and an AMT leaf. The
// shape of device-management-toolkit/rpc-go #413 / deployment #268 and of Intel KB 000090051 (DigiCert Global
// Root CA → Global Root G2), with test roots trusted through --trust-root-hash.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainPaths, repairChain } from '../../../electron/engine/repair';
import { inspectBytes } from '../../../electron/engine/inspect';
import { issuerPaths, type PoolCert } from '../../../electron/engine/pki/chain-paths';
import { readContainer } from '../../../electron/engine/pki/read';
import { parseCertificate } from '../../../electron/engine/pki/x509';
import { AMT_OU, type Issued, Pki } from '../../support/openssl';

const PASSWORD = 'Chain-Repair pass 7';
const CA_EXT = 'basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always';
const LEAF_EXT = 'basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always';

let pki: Pki;
let A: Issued;
let B: Issued;
let cross: Issued;
let inter: Issued;
let leaf: Issued;
let sha: Record<'A' | 'B' | 'cross' | 'inter' | 'leaf', string>;
let trust: string[];
let sha2Root: string;

const fingerprint = (i: Issued) => createHash('sha256').update(pki.der(i.cert)).digest('hex').toUpperCase();
const bytes = (name: string) => readFileSync(pki.path(name));

beforeAll(() => {
  pki = new Pki();
  A = pki.root('rootA', { subject: '/O=CertDesk Test/CN=Old Root A', hash: 'sha1' });
  B = pki.root('rootB', { subject: '/O=CertDesk Test/CN=New Root B' });
  // The cross certificate: B's subject and key, issued (with SHA-256) by A.
  cross = pki.issue('crossB', A, { key: B.key, subject: '/O=CertDesk Test/CN=New Root B', extensions: CA_EXT, days: 3000 });
  inter = pki.issue('inter', B, { subject: '/O=CertDesk Test/CN=CertDesk Test Issuing CA', profile: 'intermediate', days: 1800 });
  leaf = pki.issue('leaf', inter, { subject: `/O=corp.example.com/OU=${AMT_OU}/CN=prov.corp.example.com`, extensions: LEAF_EXT });
  sha = { A: fingerprint(A), B: fingerprint(B), cross: fingerprint(cross), inter: fingerprint(inter), leaf: fingerprint(leaf) };
  trust = [sha.A, sha.B];
  // The cross certificate comes before B in the file: the chain the file presents goes through it to A.
  pki.pfx('five', leaf, [inter, cross, A, B], { password: PASSWORD });
  pki.pfx('four', leaf, [inter, cross, A], { password: PASSWORD });
  pki.pfx('nointer', leaf, [B], { password: PASSWORD });
  pki.pfx('good', leaf, [inter, B], { password: PASSWORD });
  // A second old root, SHA-256 this time, that also cross-signs B.
  const A2 = pki.root('rootA2', { subject: '/O=CertDesk Test/CN=Other Root A2' });
  const cross2 = pki.issue('crossB2', A2, { key: B.key, subject: '/O=CertDesk Test/CN=New Root B', extensions: CA_EXT, days: 3000 });
  sha2Root = fingerprint(A2);
  pki.pfx('sha2cross', leaf, [inter, cross2, A2, B], { password: PASSWORD });
}, 120_000);

afterAll(() => pki?.cleanup());

const inspect = (file: string, extra: Partial<Parameters<typeof inspectBytes>[0]> = {}) =>
  inspectBytes({ fileName: file, bytes: bytes(file), password: PASSWORD, trustRootHashes: trust, ...extra });

describe('issuer paths', () => {
  it('a cross-signed intermediate gives the leaf two paths, shortest first, each ending at a root', () => {
    const pool: PoolCert[] = ['leaf', 'inter', 'crossB', 'rootA', 'rootB'].map((n) => ({ cert: parseCertificate(pki.der(`${n}.pem`)), source: 'file' }));
    const search = issuerPaths(pool[0].cert, pool);
    const names = search.paths.map((p) => p.certs.map((c) => c.cert.sha256.toUpperCase()));
    expect(names).toEqual([
      [sha.leaf, sha.inter, sha.B],
      [sha.leaf, sha.inter, sha.cross, sha.A],
    ]);
    expect(search.paths.every((p) => p.end === 'root' && p.signaturesValid)).toBe(true);
    expect(search.truncated).toBe(false);
    expect([...search.crossSigned].map((s) => s.toUpperCase())).toEqual([sha.cross]);
  });

  it("a certificate with the issuer's name but another key is not an issuer: the path stops, naming it", () => {
    const impostor = pki.root('impostorB', { subject: '/O=CertDesk Test/CN=New Root B' });
    const pool: PoolCert[] = ['leaf', 'inter', 'impostorB'].map((n) => ({ cert: parseCertificate(pki.der(`${n}.pem`)), source: 'file' }));
    const search = issuerPaths(pool[0].cert, pool);
    expect(search.paths).toHaveLength(1);
    expect(search.paths[0].end).toBe('issuer-missing');
    expect(search.paths[0].certs.map((c) => c.cert.sha256.toUpperCase())).toEqual([sha.leaf, sha.inter]);
    expect(search.paths[0].nameOnly.map((c) => c.cert.sha256.toUpperCase())).toEqual([fingerprint(impostor)]);
    expect(search.work.signatureChecks).toBeGreaterThan(0);
  });

  it('a missing issuer ends the path there', () => {
    const pool: PoolCert[] = ['leaf', 'rootB'].map((n) => ({ cert: parseCertificate(pki.der(`${n}.pem`)), source: 'file' }));
    const search = issuerPaths(pool[0].cert, pool);
    expect(search.paths).toHaveLength(1);
    expect(search.paths[0].end).toBe('issuer-missing');
    expect(search.paths[0].certs).toHaveLength(1);
  });
});

describe('chain repair in inspect/check', () => {
  it('chooses leaf → intermediate → B and says why the path through the cross certificate fails (SHA-1, AMT 16)', () => {
    const result = inspect('five.pfx');
    const repair = result.amt.chainRepair!;
    expect(repair).toBeDefined();
    expect(repair.chosen.certificates).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(repair.chosen.root).toMatchObject({ sha256: sha.B, name: 'New Root B', inFirmware: true });
    expect(repair.chosen.sha2).toBe(true);
    expect(repair.chosen.readyFor).toEqual(['AMT 11', 'AMT 12–15', 'AMT 16 and later']);
    expect(repair.alternatives).toHaveLength(1);
    const [alt] = repair.alternatives;
    expect(alt.certificates).toEqual([sha.leaf, sha.inter, sha.cross, sha.A]);
    expect(alt.sha2).toBe(false);
    expect(alt.readyFor).not.toContain('AMT 16 and later');
    expect(alt.reason).toBe(
      'The path through the cross-signed "New Root B" ends at "Old Root A", which signs itself with SHA-1: AMT 16 and later refuse it (Intel KB 000090051).',
    );
    expect(alt.links[2].crossSigned).toBe(true);
    // The file presents the cross certificate and A too: the repair drops them, each with the reason.
    expect(repair.changed).toBe(true);
    expect(repair.better).toBe(true);
    expect(repair.dropped.map((d) => d.sha256).sort()).toEqual([sha.A, sha.cross].sort());
    expect(repair.dropped.every((d) => /SHA-1/.test(d.reason))).toBe(true);
    expect(repair.added).toEqual([]);
  });

  it('the verdict still judges the chain the file presents, and its fix points to the repair', () => {
    const result = inspect('five.pfx');
    expect(result.chain.map((c) => c.sha256)).toEqual([sha.leaf, sha.inter, sha.cross, sha.A]);
    expect(result.amt.ready).toBe(false);
    expect(result.amt.generations.find((g) => g.id === 'amt-16')!.ready).toBe(false);
    const signature = result.amt.checks.find((c) => c.id === 'signature-hash')!;
    expect(signature.status).toBe('fail');
    expect(signature.fix).toContain('certdesk repair-chain five.pfx');
    expect(signature.fix).toContain('"prov.corp.example.com" → "CertDesk Test Issuing CA" → "New Root B"');
    // A check the repair does not change keeps its own fix only.
    expect(result.amt.checks.find((c) => c.id === 'dns-suffix')!.fix ?? '').not.toContain('repair-chain');
  });

  it('only AMT 11 asked: both paths ready, the SHA-2 one still chosen, the other one named for AMT 16', () => {
    const result = inspect('five.pfx', { amtVersions: ['11'] });
    const repair = result.amt.chainRepair!;
    expect(result.amt.ready).toBe(true);
    expect(repair.chosen.certificates).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(repair.alternatives[0].ready).toBe(true);
    expect(repair.alternatives[0].reason).toMatch(/signs itself with SHA-1: AMT 16 and later refuse it/);
  });

  it('a CA bundle supplies the SHA-2 root the file lacks', () => {
    const result = inspect('four.pfx', { caBundles: [{ fileName: 'rootB.pem', bytes: bytes('rootB.pem') }] });
    const repair = result.amt.chainRepair!;
    expect(repair.chosen.certificates).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(repair.chosen.links[2]).toMatchObject({ source: 'bundle', bundle: 'rootB.pem' });
    expect(repair.added).toEqual([expect.objectContaining({ sha256: sha.B, source: 'bundle', bundle: 'rootB.pem' })]);
    expect(repair.added[0].reason).toContain('CA bundle rootB.pem');
    expect(repair.bundles).toEqual(['rootB.pem']);
    // The bundle never changes the verdict: it judges the file's own chain, through A.
    expect(result.chain.map((c) => c.sha256)).toEqual([sha.leaf, sha.inter, sha.cross, sha.A]);
    expect(result.amt.checks.find((c) => c.id === 'signature-hash')!.fix).toContain('--ca-bundle rootB.pem');
  });

  it('a CA bundle supplying a missing intermediate fixes an incomplete chain', () => {
    const alone = inspect('nointer.pfx');
    expect(alone.amt.chainRepair).toBeUndefined(); // one path, no bundle: nothing to choose
    expect(alone.amt.checks.find((c) => c.id === 'chain-complete')!.status).toBe('fail');
    const result = inspect('nointer.pfx', { caBundles: [{ fileName: 'inter.pem', bytes: bytes('inter.pem') }] });
    const repair = result.amt.chainRepair!;
    expect(repair.chosen.certificates).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(repair.chosen.end).toBe('root');
    expect(repair.chosen.ready).toBe(true);
    expect(repair.changed).toBe(true);
    expect(repair.better).toBe(true);
    expect(repair.added.map((a) => a.sha256)).toEqual([sha.inter]);
    expect(result.amt.ready).toBe(false);
    expect(result.amt.checks.find((c) => c.id === 'chain-complete')!.fix).toContain('repair-chain');
  });

  it('a SHA-256 cross path to a root AMT does not trust: named as such', () => {
    const result = inspect('sha2cross.pfx', { trustRootHashes: [sha.B] });
    const repair = result.amt.chainRepair!;
    expect(repair.chosen.certificates).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(repair.alternatives[0].reason).toBe(
      'The path through the cross-signed "New Root B" ends at "Other Root A2", whose hash is not among the roots AMT 11 and later firmware trusts.',
    );
  });

  it('two paths equally ready: the shorter one, and the other one says so', () => {
    const result = inspect('sha2cross.pfx', { trustRootHashes: [sha.B, sha2Root] });
    const repair = result.amt.chainRepair!;
    expect(repair.chosen.certificates).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(repair.alternatives[0].ready).toBe(true);
    expect(repair.alternatives[0].reason).toBe('The path through the cross-signed "New Root B" also works, but it is 4 certificates long where the chosen path has 3.');
    // Same readiness: the repair drops the extra certificates, but the file's verdict is not worse.
    expect(repair.changed).toBe(true);
    expect(repair.better).toBe(false);
    expect(result.amt.ready).toBe(true);
  });

  it('a good file with one path gets no chainRepair field', () => {
    const result = inspect('good.pfx');
    expect(result.amt.ready).toBe(true);
    expect(result.amt.chainRepair).toBeUndefined();
  });

  it('a bundle that is password-protected is refused, naming the bundle', () => {
    expect(() => inspect('four.pfx', { caBundles: [{ fileName: 'bundle.pfx', bytes: bytes('five.pfx') }] })).toThrow(/CA bundle bundle\.pfx/);
  });
});

describe('repairChain (the service under repair-chain)', () => {
  it('writes a PFX with the key and exactly the chosen path, which the engine reads back', () => {
    const out = repairChain({ fileName: 'five.pfx', bytes: bytes('five.pfx'), password: PASSWORD, trustRootHashes: trust });
    expect(out.output.format).toBe('pfx');
    expect(out.output.fileName).toBe('five-repaired.pfx');
    expect(out.output.sha256s).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(out.repaired.ready).toBe(true);
    expect(out.asIs.ready).toBe(false);
    const back = readContainer(Buffer.from(out.fileBase64!, 'base64'), PASSWORD);
    expect(back.certificates.map((c) => c.sha256.toUpperCase())).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(back.privateKeys).toHaveLength(1);
  });

  it('a keyless file gives a .p7b of the path; asking for a PFX is refused with usage', () => {
    writeFileSync(pki.path('certs.pem'), ['leaf', 'inter', 'crossB', 'rootA', 'rootB'].map((n) => readFileSync(pki.path(`${n}.pem`), 'utf8')).join(''));
    const request = { fileName: 'certs.pem', bytes: bytes('certs.pem'), trustRootHashes: trust };
    const out = repairChain(request);
    expect(out.output.format).toBe('p7b');
    expect(readContainer(Buffer.from(out.fileBase64!, 'base64')).certificates.map((c) => c.sha256.toUpperCase())).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(() => repairChain({ ...request, output: 'pfx' })).toThrow(expect.objectContaining({ code: 'usage' }));
  });

  it('no path to a root: incomplete-chain, nothing made', () => {
    expect(() => repairChain({ fileName: 'nointer.pfx', bytes: bytes('nointer.pfx'), password: PASSWORD, trustRootHashes: trust })).toThrow(
      expect.objectContaining({ code: 'incomplete-chain' }),
    );
  });

  it('chainPaths lists the paths even when there is only one', () => {
    const out = chainPaths({ fileName: 'good.pfx', bytes: bytes('good.pfx'), password: PASSWORD, trustRootHashes: trust });
    expect(out.repair.chosen.certificates).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(out.repair.alternatives).toEqual([]);
    expect(out.repair.changed).toBe(false);
    expect(out.command).toBe(`certdesk repair-chain good.pfx --trust-root-hash ${sha.A} --trust-root-hash ${sha.B} --out good-repaired.pfx`);
  });
});

describe('hostile: 30 roots that all cross-sign each other', () => {
  let file: Buffer;

  beforeAll(() => {
    const n = 30;
    const roots = Array.from({ length: n }, (_, i) => pki.root(`h${i}`, { subject: `/O=Hostile/CN=Hostile Root ${i}`, keySpec: 'ec:P-256' }));
    for (let i = 0; i < n; i++) pki.run(['req', '-new', '-key', roots[i].key, '-subj', `/O=Hostile/CN=Hostile Root ${i}`, '-out', `h${i}.csr`]);
    // Each root signs every other root's request (one `openssl ca` run per issuer, all requests at once).
    const crosses: string[] = [];
    for (let i = 0; i < n; i++) {
      const conf = `h${i}.ca.cnf`;
      mkdirSync(pki.path(`h${i}.out`));
      writeFileSync(pki.path(`h${i}.db`), '');
      writeFileSync(pki.path(`h${i}.serial`), `${(0x1000 + i * 64).toString(16)}\n`);
      writeFileSync(
        pki.path(conf),
        `[ ca ]\ndefault_ca = tmp\n[ tmp ]\ndatabase = h${i}.db\nserial = h${i}.serial\nnew_certs_dir = h${i}.out\npolicy = any\nunique_subject = no\ncopy_extensions = none\n[ any ]\ncommonName = optional\norganizationName = optional\n[ cross ]\n${CA_EXT}\n`,
      );
      const others = Array.from({ length: n }, (_, k) => k).filter((k) => k !== i).map((k) => `h${k}.csr`);
      pki.run(['ca', '-batch', '-preserveDN', '-config', conf, '-cert', roots[i].cert, '-keyfile', roots[i].key, '-md', 'sha256', '-days', '365', '-extensions', 'cross', '-notext', '-out', `h${i}.crosses.pem`, '-infiles', ...others]);
      // `-out` keeps one certificate of a multi-request run; new_certs_dir has them all.
      for (const name of readdirSync(pki.path(`h${i}.out`))) crosses.push(readFileSync(pki.path(`h${i}.out/${name}`), 'utf8'));
    }
    const hInter = pki.issue('hinter', roots[0], { subject: '/O=Hostile/CN=Hostile Issuing CA', profile: 'intermediate', keySpec: 'ec:P-256' });
    const hLeaf = pki.issue('hleaf', hInter, { subject: `/O=corp.example.com/OU=${AMT_OU}/CN=prov.corp.example.com`, extensions: LEAF_EXT });
    const pem = [hLeaf.key, hLeaf.cert, hInter.cert, ...roots.map((r) => r.cert)].map((f) => readFileSync(pki.path(f), 'utf8')).join('') + crosses.join('');
    file = Buffer.from(pem);
    expect(readContainer(file).certificates.length).toBe(2 + n + n * (n - 1));
  }, 240_000);

  it('finishes quickly with a bounded number of paths and a bounded amount of work', () => {
    const container = readContainer(file);
    const pool: PoolCert[] = container.certificates.map((cert) => ({ cert, source: 'file' }));
    const started = performance.now();
    const search = issuerPaths(pool[0].cert, pool);
    const ms = performance.now() - started;
    expect(search.paths.length).toBeGreaterThan(1);
    expect(search.paths.length).toBeLessThanOrEqual(16);
    expect(search.truncated).toBe(true);
    expect(search.work.expansions).toBeLessThanOrEqual(256);
    expect(search.work.signatureChecks).toBeLessThanOrEqual(256 * 8 + 256);
    // The shortest path (through Hostile Root 0 itself) comes first.
    expect(search.paths[0].certs).toHaveLength(3);
    expect(ms).toBeLessThan(3_000);

    const startedInspect = performance.now();
    const result = inspectBytes({ fileName: 'hostile.pem', bytes: file });
    expect(performance.now() - startedInspect).toBeLessThan(8_000);
    const repair = result.amt.chainRepair!;
    expect(repair.truncated).toBe(true);
    expect(repair.alternatives.length).toBeLessThanOrEqual(15);
    expect(repair.chosen.certificates).toHaveLength(3);
  });
});
