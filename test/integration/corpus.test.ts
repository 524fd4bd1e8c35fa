// Real files other tools made (Windows, OpenSSL 1/3, Java keytool, Bouncy Castle, Go, Mbed TLS, Intel's Device
// Management Toolkit), read through the real CLI and compared with what openssl (or another independent reader)
// found in each: ../shared/corpus/real-world/expected.json. The corpus lives beside the repository and is never
// copied into it; CI always has it, a bare clone may not (then this suite says so and skips — except under CI).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasStackTrace, ROOT, runCli } from '../support/cli';

const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'real-world');
const present = existsSync(join(CORPUS, 'expected.json'));

interface Expected {
  name: string;
  file: string;
  password: string | null;
  format: string;
  hasPrivateKey: boolean | null;
  leafSha256: string | null;
  leafSha256Alternatives: string[];
  certCount: number;
  chainLength: number | null;
  rootSha256: string | null;
  keyAlgorithm: string | null;
  keySize: number | null;
  request: { subject: string; keyAlgorithm: string; keySize: number; signatureValid: boolean } | null;
  expectError: string | null;
  acceptErrors: string[];
  leafExtendedKeyUsage?: string[];
  chainFromLeaf?: string[];
}

const entries: Expected[] = present ? JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) : [];

if (!present) {
  test('the real-world corpus is beside the repository', () => {
    if (process.env.CI) throw new Error(`CI must have ../shared/corpus/real-world (looked in ${CORPUS})`);
    console.warn(`real-world corpus not found at ${CORPUS}: the corpus suite is skipped outside CI`);
  });
}

// openssl prints a few attribute types by its own short names; RFC 4514 readers write the dotted OID (SOURCES.md).
const OPENSSL_ONLY_NAMES: Record<string, string> = { CSPName: '1.3.6.1.4.1.311.17.1' };

function asRfc4514(opensslSubject: string): string {
  return opensslSubject.replace(/(^|,)([A-Za-z]+)=/g, (whole, sep: string, type: string) => (OPENSSL_ONLY_NAMES[type] ? `${sep}${OPENSSL_ONLY_NAMES[type]}=` : whole));
}

function inspect(e: Expected) {
  const args = ['inspect', join(CORPUS, e.file), '--json'];
  if (e.password !== null) args.push('--password-env', 'CORPUS_PW');
  return runCli(args, { env: e.password !== null ? { CORPUS_PW: e.password } : {} });
}

describe.runIf(present)('real-world corpus', () => {
  for (const e of entries) {
    test(`${e.name} (${e.file})`, () => {
      const run = inspect(e);
      expect(hasStackTrace(run)).toBe(false);
      if (e.expectError) {
        expect(run.code).toBe(2);
        expect([e.expectError, ...e.acceptErrors]).toContain(run.json().error.code);
        if (e.password) expect(run.stdout + run.stderr).not.toContain(e.password);
        return;
      }
      if (run.code === 2 && e.acceptErrors.length) {
        // A clean refusal the corpus allows (e.g. PBMAC1 on a reader that does not implement it).
        expect(e.acceptErrors).toContain(run.json().error.code);
        return;
      }
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const doc = run.json();
      expect(doc.format).toBe(e.format);
      expect(doc.hasPrivateKey).toBe(e.hasPrivateKey);
      if (e.request) {
        expect(doc.request).toMatchObject({ subject: e.request.subject, keyAlgorithm: e.request.keyAlgorithm, keySize: e.request.keySize, signatureValid: e.request.signatureValid });
        expect(doc.amt.subject).toBe('request');
        return;
      }
      expect(doc.chain.length + doc.others.length).toBe(e.certCount);
      expect([e.leafSha256, ...e.leafSha256Alternatives]).toContain(doc.leaf.sha256);
      if (e.leafSha256 === doc.leaf.sha256) {
        expect(doc.leaf.keyAlgorithm).toBe(e.keyAlgorithm);
        expect(doc.leaf.keySize).toBe(e.keySize);
        if (e.leafExtendedKeyUsage) expect([...doc.leaf.extendedKeyUsage].sort()).toEqual([...e.leafExtendedKeyUsage].sort());
        if (e.chainLength !== null) expect(doc.chain.length).toBe(e.chainLength);
        if (e.chainFromLeaf && e.chainLength !== null) expect(doc.chain.map((c: { subject: string }) => c.subject)).toEqual(e.chainFromLeaf.map(asRfc4514));
        if (e.rootSha256 && e.chainLength !== null && e.chainLength > 1) expect(doc.chain[doc.chain.length - 1].sha256).toBe(e.rootSha256);
      }
      // Every file gets a whole verdict: all nine checks and one line per generation.
      expect(doc.amt.checks).toHaveLength(9);
      expect(doc.amt.generations.length).toBeGreaterThanOrEqual(3);
      expect(typeof doc.amt.summary).toBe('string');
    });
  }

  test('the AMT provisioning certificate from Intel\'s own toolkit (rps) is judged like rps would: root not in firmware', () => {
    const e = entries.find((x) => x.name === 'amt-rps-openssl3-aes256')!;
    const run = runCli(['check', join(CORPUS, e.file), '--password-env', 'CORPUS_PW', '--dns-suffix', 'vprodemo.com', '--json'], { env: { CORPUS_PW: e.password! } });
    expect(run.code).toBe(1);
    const doc = run.json();
    const status = Object.fromEntries(doc.amt.checks.map((c: { id: string; status: string }) => [c.id, c.status]));
    expect(status['setup-ou-or-oid']).toBe('pass');
    expect(status['dns-suffix']).toBe('pass');
    expect(status['root-hash-trusted']).toBe('fail'); // "CA Custom Root Certificate": a custom root, MEBx/USB only
    const trusted = runCli(
      ['check', join(CORPUS, e.file), '--password-env', 'CORPUS_PW', '--dns-suffix', 'vprodemo.com', '--trust-root-hash', e.rootSha256!, '--json'],
      { env: { CORPUS_PW: e.password! } },
    );
    expect(trusted.json().amt.checks.find((c: { id: string }) => c.id === 'root-hash-trusted').status).toBe('pass');
  });
});
