// Shared helpers for the AMT tests: summaries from real openssl certificates, and hand-made ones for pure logic.
import type { CertSummary, NameAttribute } from '../../../shared/dto';
import type { CheckInput } from '../../../electron/engine/amt/types';
import { parseCertificate } from '../../../electron/engine/pki/x509';
import { summarize } from '../../../electron/engine/pki/summary';
import type { Pki } from '../../support/openssl';

/** CertSummary of a PEM certificate in the fixture folder, through the engine's decoder. */
export function summaryOf(pki: Pki, certFile: string): CertSummary {
  return summarize(parseCertificate(pki.der(certFile)));
}

const NAME_OIDS: Record<string, string> = { CN: '2.5.4.3', OU: '2.5.4.11', O: '2.5.4.10', C: '2.5.4.6' };

/** A hand-made summary for pure-logic cases. `subject` as [type, value] pairs, least specific first. */
export function fakeCert(over: Partial<CertSummary> & { names?: [string, string][] } = {}): CertSummary {
  const names = over.names ?? [['CN', 'prov.corp.example.com']];
  const subjectAttributes: NameAttribute[] = names.map(([type, value]) => ({ type, oid: NAME_OIDS[type] ?? type, value }));
  const { names: _n, ...rest } = over;
  return {
    subject: [...names].reverse().map(([t, v]) => `${t}=${v}`).join(','),
    issuer: 'CN=Test CA',
    subjectAttributes,
    serialNumber: '01',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-06-01T00:00:00.000Z',
    sha1: 'A'.repeat(40),
    sha256: 'B'.repeat(64),
    keyAlgorithm: 'RSA',
    keySize: 2048,
    signatureHash: 'SHA-256',
    isCA: false,
    selfSigned: false,
    extendedKeyUsage: ['1.3.6.1.5.5.7.3.1', '2.16.840.1.113741.1.2.3'],
    dnsNames: [],
    ...rest,
  };
}

/** A CheckInput for a complete, key-bearing PFX; override what the case is about. */
export function pfxInput(chain: CertSummary[], over: Partial<CheckInput> = {}): CheckInput {
  return {
    format: 'pkcs12',
    leaf: chain[0] ?? null,
    chain,
    hasPrivateKey: true,
    keyMatchesLeaf: true,
    chainComplete: true,
    rootFromCatalogue: false,
    dnsSuffixes: [],
    trustRootHashes: [],
    now: new Date(),
    ...over,
  };
}
