// The CLI contract of DESIGN.md, end to end: the real binary, files made by openssl, openssl's answers.
import { closeSync, mkdirSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AMT_OU, amtHierarchy, Pki } from '../../support/openssl';
import { hasStackTrace, runCli } from '../../support/cli';

let pki: Pki;
let h: ReturnType<typeof amtHierarchy>;
let pfx: string;
const PW = 'Corr3ct horse';

beforeAll(() => {
  pki = new Pki();
  h = amtHierarchy(pki, 'corp.example.com');
  pfx = pki.path(pki.pfx('amt', h.leaf, [h.intermediate, h.root], { password: PW }));
});
afterAll(() => pki.cleanup());

const env = { PFX_PW: PW };

describe('inspect --json', () => {
  test('a 3-certificate PFX: chain leaf → root, fingerprints, subject, dates and key as openssl sees them', () => {
    const run = runCli(['inspect', pfx, '--password-env', 'PFX_PW', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const doc = run.json();
    const leaf = pki.facts(h.leaf.cert);
    const inter = pki.facts(h.intermediate.cert);
    const root = pki.facts(h.root.cert);
    expect(doc.format).toBe('pkcs12');
    expect(doc.hasPrivateKey).toBe(true);
    expect(doc.file).toBe(pfx);
    expect(doc.chain.map((c: { sha256: string }) => c.sha256)).toEqual([leaf.sha256, inter.sha256, root.sha256]);
    expect(doc.leaf).toEqual(doc.chain[0]);
    expect(doc.leaf.sha1).toBe(leaf.sha1);
    expect(doc.leaf.subject).toBe(leaf.subject);
    expect(doc.leaf.serialNumber).toBe(leaf.serial);
    expect(new Date(doc.leaf.notBefore).getTime()).toBe(leaf.notBefore.getTime());
    expect(new Date(doc.leaf.notAfter).getTime()).toBe(leaf.notAfter.getTime());
    expect(doc.leaf.notAfter).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(doc.leaf.keyAlgorithm).toBe('RSA');
    expect(doc.leaf.keySize).toBe(2048);
    expect(doc.leaf.signatureHash).toBe('SHA-256');
    expect(doc.leaf.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '2.16.840.1.113741.1.2.3']);
    expect(doc.leaf.dnsNames).toEqual(['prov.corp.example.com']);
    expect(doc.leaf.subjectAttributes).toContainEqual({ type: 'OU', oid: '2.5.4.11', value: AMT_OU });
    expect(doc.chain[2].selfSigned).toBe(true);
    expect(doc.chain[2].isCA).toBe(true);
    expect(doc.leaf.isCA).toBe(false);
    expect(doc.amt.checks.map((c: { id: string }) => c.id)).toEqual([
      'private-key', 'setup-ou-or-oid', 'server-auth-eku', 'key-type-size', 'signature-hash',
      'validity', 'chain-complete', 'root-hash-trusted', 'dns-suffix',
    ]);
  });

  test('password from stdin, from --password, and a trailing newline on stdin is not part of it', () => {
    expect(runCli(['inspect', pfx, '--password-stdin', '--json'], { input: `${PW}\n` }).code).toBe(0);
    expect(runCli(['inspect', pfx, '--password', PW, '--json']).code).toBe(0);
  });

  test('wrong or missing password: wrong-password, exit 2, one JSON document, no stack', () => {
    for (const args of [['--password', 'nope'], []]) {
      const run = runCli(['inspect', pfx, ...args, '--json']);
      expect(run.code).toBe(2);
      expect(run.json().error.code).toBe('wrong-password');
      expect(hasStackTrace(run)).toBe(false);
    }
  });

  test('a PEM certificate and a CSR', () => {
    const pem = runCli(['inspect', pki.path(h.leaf.cert), '--json']).json();
    expect(pem.format).toBe('x509-pem');
    expect(pem.hasPrivateKey).toBe(false);
    expect(pem.leaf.sha256).toBe(pki.facts(h.leaf.cert).sha256);
    const csr = runCli(['inspect', pki.path('leaf.csr'), '--json']);
    expect(csr.code, csr.stdout).toBe(0);
    const doc = csr.json();
    expect(doc.format).toBe('pkcs10');
    expect(doc.request.signatureValid).toBe(true);
    expect(doc.request.subject).toBe(pki.run(['req', '-in', 'leaf.csr', '-noout', '-subject', '-nameopt', 'RFC2253']).toString().replace(/^subject=/, '').trim());
  });
});

describe('check', () => {
  test('ready: exit 0 with the root trusted by hash and the DNS suffix served', () => {
    const root = pki.facts(h.root.cert).sha256;
    const run = runCli(['check', pfx, '--password-env', 'PFX_PW', '--dns-suffix', 'corp.example.com', '--trust-root-hash', root, '--json'], { env });
    expect(run.code, run.stdout).toBe(0);
    const doc = run.json();
    expect(doc.amt.ready).toBe(true);
    expect(doc.amt.checks.every((c: { status: string }) => c.status !== 'fail')).toBe(true);
  });

  test('not ready: exit 1, and the failing checks say why', () => {
    const run = runCli(['check', pfx, '--password-env', 'PFX_PW', '--dns-suffix', 'other.example.net', '--json'], { env });
    expect(run.code).toBe(1);
    const checks = Object.fromEntries(run.json().amt.checks.map((c: { id: string; status: string }) => [c.id, c.status]));
    expect(checks['root-hash-trusted']).toBe('fail');
    expect(checks['dns-suffix']).toBe('fail');
  });

  test('human output is aligned text without colour when not a terminal', () => {
    const run = runCli(['check', pfx, '--password-env', 'PFX_PW'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('AMT readiness: NOT READY');
    expect(run.stdout).toMatch(/FAIL {2}root-hash-trusted/);
    expect(run.stdout).not.toContain('\x1b[');
  });
});

describe('bad input: a stable code, exit 2, no stack, fast', () => {
  const cases: [string, () => string, string][] = [
    ['missing file', () => pki.path('does-not-exist.pfx'), 'not-found'],
    ['a directory', () => pki.dir, 'unreadable'],
    ['an empty file', () => write('empty.cer', Buffer.alloc(0)), 'unreadable'],
    ['random bytes', () => write('random.pfx', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))), 'unreadable'],
    ['over 10 MiB', () => sparse('huge.pfx', 11 * 1024 * 1024), 'too-large'],
    ['a truncated PFX', () => write('cut.pfx', pki.read('amt.pfx').subarray(0, 700)), 'unreadable'],
    ['corrupt base64 in PEM', () => write('bad.pem', Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB!!!!@@@@\n-----END CERTIFICATE-----\n')), 'unreadable'],
  ];
  for (const [name, make, code] of cases) {
    test(name, () => {
      const run = runCli(['inspect', make(), '--password', 'x', '--json']);
      expect(run.code).toBe(2);
      const doc = run.json();
      expect(doc.error.code).toBe(code);
      expect(typeof doc.error.message).toBe('string');
      expect(hasStackTrace(run)).toBe(false);
      // No time bound here: a hang hits the test timeout, and speed is measured by `npm run bench`, not by tests.
    });
  }

  test('deeply nested ASN.1 does not hang or overflow', () => {
    const depth = 200_000;
    const bytes = Buffer.alloc(depth * 2);
    for (let i = 0; i < depth; i++) bytes.set([0x30, 0x80], i * 2);
    const run = runCli(['inspect', write('nested.der', bytes), '--json']);
    expect(run.code).toBe(2);
    expect(['unreadable', 'unsupported-format']).toContain(run.json().error.code);
    expect(hasStackTrace(run)).toBe(false);
  });

  test('usage errors with --json are still one JSON document', () => {
    const run = runCli(['inspect', '--no-such-option', '--json']);
    expect(run.code).toBe(2);
    expect(run.json().error.code).toBe('usage');
  });
});

test('hostile certificate text cannot drive the terminal', () => {
  const evil = pki.issue('evil', h.root, { subject: '/CN=evil\x1b[31mred\x07.example.com' });
  const run = runCli(['inspect', pki.path(evil.cert)]);
  expect(run.code).toBe(0);
  expect(run.stdout).not.toContain('\x1b[31m');
  expect(run.stdout).toContain('\\x1b[31m');
});

test('roots --json: the embedded catalogue', () => {
  const run = runCli(['roots', '--json']);
  expect(run.code).toBe(0);
  const roots = run.json();
  expect(roots.length).toBeGreaterThan(20);
  for (const root of roots) {
    expect(root.sha256).toMatch(/^[0-9A-F]{64}$/);
    expect(typeof root.name).toBe('string');
    expect(typeof root.source).toBe('string');
  }
});

test('plan --json: one certificate per provisioning server, covering the suffixes', () => {
  const run = runCli(['plan', '--suffix', 'corp.example.com', '--suffix', 'lab.corp.example.com', '--server', 'prov1.corp.example.com', '--json']);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const plan = run.json();
  expect(plan.certificates.length).toBeGreaterThanOrEqual(1);
  const served = plan.certificates.flatMap((c: { serves: { suffix: string }[] }) => c.serves.map((s) => s.suffix));
  expect(served).toEqual(expect.arrayContaining(['corp.example.com']));
  expect(plan.certificates[0].organizationalUnit).toBe(AMT_OU);
});

function write(name: string, bytes: Buffer): string {
  mkdirSync(pki.path('bad'), { recursive: true });
  const file = pki.path(`bad/${name}`);
  writeFileSync(file, bytes);
  return file;
}

function sparse(name: string, size: number): string {
  const file = write(name, Buffer.alloc(0));
  const fd = openSync(file, 'r+');
  ftruncateSync(fd, size);
  closeSync(fd);
  return file;
}

test('a bundle of many distinct certificates: every one summarized, dialog views capped', async () => {
  const { buildSignedDataBundle } = await import('../../../bench/p7b');
  const { inspectBytes, MAX_VIEWS } = await import('../../../electron/engine/inspect');
  const ders: Buffer[] = [];
  const serial = Buffer.from(pki.facts(h.leaf.cert).serial.padStart(4, '0'), 'hex');
  expect(serial.length).toBe(2);
  const base = pki.der(h.leaf.cert);
  for (let i = 0; i < 300; i++) {
    // Distinct certificates by serial: re-signing is costly, so patch the serial of one real certificate.
    const der = Buffer.from(base);
    const serialAt = der.indexOf(Buffer.concat([Buffer.from([0x02, serial.length]), serial])) + 2;
    der.writeUInt16BE(i + 1, serialAt);
    ders.push(der);
  }
  const result = inspectBytes({ fileName: 'many.p7b', bytes: buildSignedDataBundle(ders), includeViews: true });
  expect(result.chain.length + result.others.length).toBe(300);
  expect(result.views).toHaveLength(MAX_VIEWS);
  expect(result.viewsOmitted).toBe(300 - MAX_VIEWS);
});
