// assessChain: the one chain-to-checks step that inspect, verify and a completed request share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessChain } from '../../../electron/engine/assess-chain';
import { inspectBytes } from '../../../electron/engine/inspect';
import { buildChain } from '../../../electron/engine/pki/chain';
import { parseCertificate } from '../../../electron/engine/pki/x509';
import { engineReport } from '../../../electron/engine/windows/verify-result';
import { AMT_OU, Pki } from '../../support/openssl';

let pki: Pki;
let rootDer: Buffer;
let interDer: Buffer;
let leafDer: Buffer;

beforeAll(() => {
  pki = new Pki();
  const root = pki.root('root', { subject: '/CN=Assess Root' });
  const inter = pki.issue('inter', root, { subject: '/CN=Assess Issuing CA', profile: 'intermediate' });
  const leaf = pki.issue('leaf', inter, { subject: `/OU=${AMT_OU}/CN=prov.corp.example.com`, profile: 'amt' });
  [rootDer, interDer, leafDer] = [root, inter, leaf].map((c) => pki.der(c.cert));
});
afterAll(() => pki.cleanup());

/** The root with one byte of its signature flipped: same name and key, a self-signature that no longer verifies. */
function tamperedRoot(): Buffer {
  const der = Buffer.from(rootDer);
  der[der.length - 1] ^= 0xff;
  return der;
}

const chainOf = (ders: Buffer[]) => buildChain(ders.map((d) => parseCertificate(d)), [], []);

describe('assessChain', () => {
  it('a whole chain: three summaries, complete, nothing broken', () => {
    const facts = assessChain(chainOf([leafDer, interDer, rootDer]));
    expect(facts.chain.map((c) => c.subject)).toEqual(['CN=prov.corp.example.com,OU=Intel(R) Client Setup Certificate', 'CN=Assess Issuing CA', 'CN=Assess Root'].map((s) => expect.stringContaining(s.split(',')[0])));
    expect(facts.chainComplete).toBe(true);
    expect(facts.brokenSignatureAt).toBeUndefined();
    expect(facts.rootSha384).toMatch(/^[0-9A-F]{96}$/);
  });

  it('a missing issuer is not a broken signature', () => {
    const facts = assessChain(chainOf([leafDer, interDer]));
    expect(facts.chainComplete).toBe(false);
    expect(facts.brokenSignatureAt).toBeUndefined();
  });

  it('a root whose self-signature does not verify is broken at the top', () => {
    const facts = assessChain(chainOf([leafDer, interDer, tamperedRoot()]));
    expect(facts.chainComplete).toBe(false);
    expect(facts.brokenSignatureAt).toBe(2);
  });

  it('inspect and verify judge the same chain the same way (they once differed on a broken root)', () => {
    for (const ders of [[leafDer, interDer, rootDer], [leafDer, interDer], [leafDer, interDer, tamperedRoot()]]) {
      const pem = ders.map((d) => `-----BEGIN CERTIFICATE-----\n${d.toString('base64')}\n-----END CERTIFICATE-----\n`).join('');
      const inspected = inspectBytes({ fileName: 'chain.pem', bytes: Buffer.from(pem), dnsSuffixes: ['corp.example.com'] }).amt;
      const verified = engineReport(ders.map((d) => d.toString('base64')), false, ['corp.example.com'])!.amt;
      const statuses = (r: typeof inspected) => r.checks.filter((c) => c.id !== 'root-hash-trusted').map((c) => [c.id, c.status, c.message]);
      expect(statuses(verified)).toEqual(statuses(inspected));
    }
  });
});
