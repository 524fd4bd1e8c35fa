// The verdict per AMT firmware generation (issue [6]): each rule with its source, on real openssl-made chains.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertSummary, CheckId, GenerationVerdict } from '../../../shared/dto';
import { CertDeskError } from '../../../shared/errors';
import { runChecks } from '../../../electron/engine/amt/checks';
import { GENERATIONS, selectGenerations } from '../../../electron/engine/amt/generations';
import type { DeviceHashList } from '../../../electron/engine/amt/types';
import { AMT_OID, AMT_OU, Pki, type Issued } from '../../support/openssl';
import { pfxInput, summaryOf } from './helpers';

const AMT_LEAF_EXT = `basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth, ${AMT_OID}\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always`;

let pki: Pki;
let n = 0;

/** root → leaf, each with its own key spec and hash; returns the summaries leaf first. */
function chain(options: { rootHash?: string; rootKey?: string; leafHash?: string; leafKey?: string } = {}): CertSummary[] {
  const id = `g${n++}`;
  const root: Issued = pki.root(`${id}root`, { subject: `/CN=Gen Root ${id}`, hash: options.rootHash, keySpec: options.rootKey });
  const leaf = pki.issue(`${id}leaf`, root, {
    subject: `/O=corp.example.com/OU=${AMT_OU}/CN=prov.corp.example.com`,
    extensions: AMT_LEAF_EXT,
    hash: options.leafHash,
    keySpec: options.leafKey,
  });
  return [summaryOf(pki, leaf.cert), summaryOf(pki, root.cert)];
}

function gen(report: { generations: GenerationVerdict[] }, id: string): GenerationVerdict {
  const g = report.generations.find((x) => x.id === id);
  if (!g) throw new Error(`no generation ${id}`);
  return g;
}

/** A chain judged with its root trusted (so only the rule under test decides). */
function judge(c: CertSummary[], over: Parameters<typeof pfxInput>[1] = {}) {
  return runChecks(pfxInput(c, { trustRootHashes: [c[c.length - 1].sha256], dnsSuffixes: ['corp.example.com'], ...over }));
}

beforeAll(() => {
  pki = new Pki();
});
afterAll(() => pki.cleanup());

describe('generation table', () => {
  it('lists every generation with its range, the proposed one marked and left out of the default verdict', () => {
    const report = judge(chain());
    expect(report.generations.map((g) => [g.name, g.from, g.to, g.proposed, g.asked])).toEqual([
      ['AMT 11', 11, 11, false, true],
      ['AMT 12–15', 12, 15, false, true],
      ['AMT 16 and later', 16, null, false, true],
      ['AMT 22 (proposed)', 22, null, true, false],
    ]);
    expect(report.ready).toBe(true);
    expect(report.summary).toBe('Ready for AMT 11 and later');
  });

  it('every generation carries its sources', () => {
    for (const g of GENERATIONS) {
      expect(g.sources.length).toBeGreaterThan(0);
      for (const s of g.sources) expect(s).toMatch(/Intel|rps|rpc-go|device-management-toolkit|ConfigMgr|deployment/);
    }
  });

  it('selects generations by firmware major, any common spelling; refuses nonsense and pre-11 firmware', () => {
    expect(selectGenerations(['12']).map((g) => g.id)).toEqual(['amt-12-15']);
    expect(selectGenerations(['16.1.27', 'AMT 11']).map((g) => g.id)).toEqual(['amt-11', 'amt-16']);
    expect(selectGenerations(['22']).map((g) => g.id)).toEqual(['amt-16', 'amt-22-proposed']);
    expect(selectGenerations([]).map((g) => g.id)).toEqual(['amt-11', 'amt-12-15', 'amt-16']);
    for (const bad of ['abc', '16;rm', '', '1.2.3.4.5']) {
      expect(() => selectGenerations([bad])).toThrow(CertDeskError);
    }
    expect(() => selectGenerations(['9'])).toThrow(/older than the firmware CertDesk judges/);
  });
});

describe('SHA-1 (Intel AMT SDK rootcertificatehashes.htm: none from ME 16, root included)', () => {
  it('a root that signs itself with SHA-1: ready for AMT 11–15, not for 16 and later, in one line', () => {
    const c = chain({ rootHash: 'sha1' });
    const report = judge(c);
    expect(report.ready).toBe(false);
    expect(gen(report, 'amt-11').ready).toBe(true);
    expect(gen(report, 'amt-12-15').ready).toBe(true);
    expect(gen(report, 'amt-16').ready).toBe(false);
    expect(gen(report, 'amt-16').failing).toEqual<CheckId[]>(['signature-hash']);
    expect(report.summary).toMatch(/^Ready for AMT 11–15, not for 16 and later: the root "Gen Root g\d+" signs itself with SHA-1$/);
  });

  it('follows the versions asked for: ready on 12, not on 16 (the exit code follows amt.ready)', () => {
    const c = chain({ rootHash: 'sha1' });
    expect(judge(c, { amtVersions: ['12'] }).ready).toBe(true);
    const on16 = judge(c, { amtVersions: ['16'] });
    expect(on16.ready).toBe(false);
    expect(on16.summary).toContain('Not ready for AMT 16 and later');
    const sig = on16.checks.find((x) => x.id === 'signature-hash')!;
    expect(sig.status).toBe('fail');
    expect(sig.message).not.toContain('By firmware');
    const on12 = judge(c, { amtVersions: ['12'] }).checks.find((x) => x.id === 'signature-hash')!;
    expect(on12.status).toBe('warn');
    expect(on12.message).toContain('AMT 16 and later');
  });

  it('a SHA-1 signed leaf under a SHA-256 root fails on 16 too', () => {
    const report = judge(chain({ leafHash: 'sha1' }));
    expect(gen(report, 'amt-16').failing).toContain('signature-hash');
    expect(gen(report, 'amt-12-15').ready).toBe(true);
  });
});

describe('RSA key size (ConfigMgr: 1024/2048; SDK: none under 2048 from ME 16; AMT 22 proposal: 3072)', () => {
  it('an RSA-1024 leaf: accepted before 16 with a warning, refused from 16', () => {
    const report = judge(chain({ leafKey: 'rsa:1024' }));
    expect(gen(report, 'amt-11').ready).toBe(true);
    expect(gen(report, 'amt-16').failing).toEqual(['key-type-size']);
    expect(report.summary).toContain('not for 16 and later: the key is RSA 1024-bit');
    const r = judge(chain({ leafKey: 'rsa:1024' }), { amtVersions: ['11'] }).checks.find((x) => x.id === 'key-type-size')!;
    expect(r.status).toBe('warn');
  });

  it('an RSA-1024 root under an RSA-2048 leaf: the whole chain counts from 16', () => {
    const report = judge(chain({ rootKey: 'rsa:1024' }));
    expect(gen(report, 'amt-16').failing).toContain('key-type-size');
    expect(gen(report, 'amt-12-15').ready).toBe(true);
  });

  it('the proposed AMT 22 rules refuse an RSA-2048 leaf and SHA-256 signatures, and accept RSA-3072 with SHA-384', () => {
    const plain = judge(chain());
    expect(gen(plain, 'amt-22-proposed').ready).toBe(false);
    expect(gen(plain, 'amt-22-proposed').failing).toEqual(expect.arrayContaining(['key-type-size', 'signature-hash']));
    expect(plain.ready).toBe(true); // proposed rules are not part of the default verdict
    const strong = judge(chain({ leafKey: 'rsa:3072', rootKey: 'rsa:3072', leafHash: 'sha384', rootHash: 'sha384' }));
    expect(gen(strong, 'amt-22-proposed').ready).toBe(true);
    const asked = judge(chain(), { amtVersions: ['22'] });
    expect(asked.ready).toBe(false);
    expect(asked.generations.filter((g) => g.asked).map((g) => g.id)).toEqual(['amt-16', 'amt-22-proposed']);
  });

  it('the proposed AMT 22 rules accept an EC P-384 leaf; shipped generations refuse EC', () => {
    const report = judge(chain({ leafKey: 'ec:secp384r1', leafHash: 'sha384', rootKey: 'rsa:3072', rootHash: 'sha384' }));
    expect(gen(report, 'amt-22-proposed').ready).toBe(true);
    expect(gen(report, 'amt-16').failing).toContain('key-type-size');
  });
});

describe('device hash lists decide root-hash-trusted', () => {
  function device(hashes: DeviceHashList['hashes']): DeviceHashList {
    return { source: 'rpc amtinfo --cert --json', fileName: 'dev42.json', hashes };
  }

  it('passes a root active in the device list, naming the list', () => {
    const c = chain();
    const report = runChecks(pfxInput(c, { deviceHashes: device([{ hash: c[1].sha256.toLowerCase(), algorithm: 'SHA-256', active: true }]) }));
    const r = report.checks.find((x) => x.id === 'root-hash-trusted')!;
    expect(r.status).toBe('pass');
    expect(r.message).toContain("the device's hash list (dev42.json, read as rpc amtinfo --cert --json: 1 active hash)");
    expect(report.deviceHashes).toEqual({ fileName: 'dev42.json', source: 'rpc amtinfo --cert --json', active: 1 });
  });

  it('fails a root the device has but not active, and a root it lacks', () => {
    const c = chain();
    const inactive = runChecks(pfxInput(c, { deviceHashes: device([{ hash: c[1].sha256, algorithm: 'SHA-256', active: false }]) }));
    expect(inactive.checks.find((x) => x.id === 'root-hash-trusted')!.message).toContain('but not active');
    const other = runChecks(pfxInput(c, { deviceHashes: device([{ hash: 'AB'.repeat(32), algorithm: 'SHA-256', active: true }]) }));
    const r = other.checks.find((x) => x.id === 'root-hash-trusted')!;
    expect(r.status).toBe('fail');
    expect(r.message).toContain('is not in the device');
    expect(other.ready).toBe(false);
  });

  it('matches a root the device lists by SHA-384', () => {
    const c = chain();
    const sha384 = pki.run(['x509', '-in', `g${n - 1}root.pem`, '-noout', '-fingerprint', '-sha384']).toString().split('=')[1].replace(/:/g, '').trim();
    const report = runChecks(pfxInput(c, { rootSha384: sha384, deviceHashes: device([{ hash: sha384, algorithm: 'SHA-384', active: true }]) }));
    expect(report.checks.find((x) => x.id === 'root-hash-trusted')!.status).toBe('pass');
  });
});

describe('headline', () => {
  it('names the missing DNS suffix check', () => {
    const c = chain();
    const report = runChecks(pfxInput(c, { trustRootHashes: [c[1].sha256] }));
    expect(report.summary).toBe('Ready for AMT 11 and later; DNS suffix not checked');
  });

  it('names every failing check of a certificate that fails everywhere', () => {
    const c = chain();
    const report = runChecks(pfxInput(c, { dnsSuffixes: ['other.example.net'] }));
    expect(report.ready).toBe(false);
    expect(report.summary).toMatch(/^Not ready for AMT 11 and later: .*the root is not in AMT firmware.*the CN does not serve other\.example\.net/);
  });
});
