// PKCS#12 files made by openssl in every flavour CertDesk meets; answers compared with openssl's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { amtHierarchy, Pki, type Issued } from '../../support/openssl';
import { readContainer } from '../../../electron/engine/pki/read';
import { pkcs12Kdf } from '../../../electron/engine/pki/pkcs12/kdf';
import { parsePkcs12 } from '../../../electron/engine/pki/pkcs12/read';
import { digestAlgorithms } from '../../../electron/engine/pki/algorithms';
import { createHmac } from 'node:crypto';
import { buildChain } from '../../../electron/engine/pki/chain';
import { chargePbkdf2, chargePkcs12Kdf, createBudget, READ_BUDGET } from '../../../electron/engine/pki/budget';
import { CertDeskError } from '../../../shared/errors';

let pki: Pki;
let h: ReturnType<typeof amtHierarchy>;

beforeAll(() => {
  pki = new Pki();
  h = amtHierarchy(pki);
});
afterAll(() => pki.cleanup());

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CertDeskError);
    return (error as CertDeskError).code;
  }
  return 'no error';
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

/** The algorithms openssl reports for a PFX (`pkcs12 -info`), to prove the fixture is what the test says. */
function info(file: string, password: string, legacy = false): string {
  const args = ['pkcs12', '-in', file, '-info', '-noout', '-passin', 'env:PW'];
  if (legacy) args.push('-legacy');
  const r = spawnSync('openssl', args, { cwd: pki.dir, env: { ...process.env, PW: password } });
  return r.stdout.toString() + r.stderr.toString();
}

function expectFull(file: string, password: string | undefined, leaf: Issued = h.leaf) {
  const c = readContainer(pki.read(file), password);
  expect(c.format).toBe('pkcs12');
  const facts = [leaf, h.intermediate, h.root].map((i) => pki.facts(i.cert).sha256);
  expect(c.certificates.map((x) => x.sha256).sort()).toEqual([...facts].sort());
  expect(c.privateKeys).toHaveLength(1);
  const keySpki = pki.run(['pkey', '-in', leaf.key, '-pubout', '-outform', 'DER']);
  expect(c.privateKeys[0].spki.equals(keySpki)).toBe(true);
  const chain = buildChain(c.certificates, c.privateKeys);
  expect(chain.leaf?.sha256).toBe(facts[0]);
  expect(chain.chain.map((l) => l.cert.sha256)).toEqual(facts);
  expect(chain.complete).toBe(true);
  expect(chain.keyMatchesLeaf).toBe(true);
  return c;
}

describe('PKCS#12', () => {
  it('reads the OpenSSL 3 default (AES-256-CBC, PBKDF2, SHA-256 MAC), each key derived once', () => {
    const file = pki.pfx('aes', h.leaf, [h.intermediate, h.root], { password: 'secret', friendlyName: 'AMT cert' });
    const described = info(file, 'secret');
    expect(described).toMatch(/PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    expect(described).toMatch(/MAC: sha256, Iteration 2048/);
    const c = expectFull(file, 'secret');
    expect(c.privateKeys[0].friendlyName).toBe('AMT cert');
    expect(c.privateKeys[0].localKeyId).toMatch(/^[0-9A-F]+$/);
    expect(c.friendlyNames[pki.facts(h.leaf.cert).sha256]).toBe('AMT cert');
    // Work counted by the read's budget (budget.ts charges each derivation before it runs), not timed: the
    // file's three key derivations (two PBKDF2-SHA256 keys, the SHA-256 MAC key, 2,048 iterations each) run
    // once each, plus the few hundred bytes of salts and password they hash.
    const budget = createBudget();
    readContainer(pki.read(file), 'secret', budget);
    const three = createBudget();
    chargePbkdf2(three, 'sha256', 2048, 32, 0);
    chargePbkdf2(three, 'sha256', 2048, 32, 0);
    chargePkcs12Kdf(three, 'sha256', 32, 2048, 32, 0);
    expect(budget.spent['key derivation']).toBeGreaterThanOrEqual(three.spent['key derivation']);
    expect(budget.spent['key derivation']).toBeLessThan(three.spent['key derivation'] + 2_000);
    // The whole read, decryption and parsing included, is about a hundredth of what one file may cost.
    expect(READ_BUDGET - budget.remaining).toBeLessThan(READ_BUDGET / 50);
  });

  it('reads -legacy (3DES, RC2-40 certificates by default in openssl 3 -legacy, SHA-1 MAC)', () => {
    const file = pki.pfx('legacy', h.leaf, [h.intermediate, h.root], { password: 'secret', variant: 'legacy' });
    expect(info(file, 'secret', true)).toMatch(/pbeWithSHA1And3-KeyTripleDES-CBC/);
    expectFull(file, 'secret');
  });

  it('reads RC2-40 encrypted certificates (variant rc2)', () => {
    const file = pki.pfx('rc2', h.leaf, [h.intermediate, h.root], { password: 'secret', variant: 'rc2' });
    expect(info(file, 'secret', true)).toMatch(/pbeWithSHA1And40BitRC2-CBC/);
    expectFull(file, 'secret');
  });

  it('reads 2-key 3DES and RC2-128', () => {
    const file = 'two.pfx';
    pki.run([
      'pkcs12', '-export', '-legacy', '-inkey', h.leaf.key, '-in', h.leaf.cert, '-certfile', 'two.chain.pem',
      '-keypbe', 'PBE-SHA1-2DES', '-certpbe', 'PBE-SHA1-RC2-128', '-passout', 'pass:secret', '-out', file,
    ].filter((a) => a !== '-certfile' && a !== 'two.chain.pem'));
    const out = info(file, 'secret', true);
    expect(out).toMatch(/pbeWithSHA1And2-KeyTripleDES-CBC/);
    expect(out).toMatch(/pbeWithSHA1And128BitRC2-CBC/);
    const c = readContainer(pki.read(file), 'secret');
    expect(c.privateKeys).toHaveLength(1);
    expect(c.certificates[0].sha256).toBe(pki.facts(h.leaf.cert).sha256);
  });

  it('reads AES-128 with PBKDF2/SHA-512 and a SHA-512 MAC, and 3DES under PBES2', () => {
    pki.run([
      'pkcs12', '-export', '-inkey', h.leaf.key, '-in', h.leaf.cert, '-keypbe', 'AES-128-CBC', '-certpbe', 'DES-EDE3-CBC',
      '-macalg', 'sha512', '-passout', 'pass:secret', '-out', 'sha512.pfx',
    ]);
    const c = readContainer(pki.read('sha512.pfx'), 'secret');
    expect(c.privateKeys).toHaveLength(1);
    expect(c.certificates).toHaveLength(1);
  });

  it('reads files without a MAC, and reports a wrong password there too', () => {
    const file = pki.pfx('nomac', h.leaf, [h.intermediate, h.root], { password: 'secret', variant: 'nomac' });
    expect(info(file, 'secret')).toMatch(/MAC is absent/i);
    expectFull(file, 'secret');
    expect(codeOf(() => readContainer(pki.read(file), 'wrong'))).toBe('wrong-password');
    expect(codeOf(() => readContainer(pki.read(file)))).toBe('wrong-password');
  });

  it('reads an unencrypted PFX with no MAC and no password', () => {
    pki.run([
      'pkcs12', '-export', '-inkey', h.leaf.key, '-in', h.leaf.cert, '-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac',
      '-passout', 'pass:', '-out', 'plain.pfx',
    ]);
    const c = readContainer(pki.read('plain.pfx'));
    expect(c.privateKeys).toHaveLength(1);
    expect(c.certificates).toHaveLength(1);
  });

  it.each(['aes', 'legacy'] as const)('empty password (-passout pass:) %s, given as "" or not at all', (variant) => {
    const file = pki.pfx(`empty-${variant}`, h.leaf, [h.intermediate, h.root], { password: '', variant });
    expectFull(file, '');
    expectFull(file, undefined);
  });

  it('empty password in the Windows form (MAC keyed by no bytes, not "00 00"); openssl accepts it too', () => {
    pki.run(['pkcs12', '-export', '-inkey', h.leaf.key, '-in', h.leaf.cert, '-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac', '-passout', 'pass:', '-out', 'win-empty-base.pfx']);
    const base = pki.read('win-empty-base.pfx');
    const file = withMac(base, Buffer.alloc(0));
    writeFileSync(pki.path('win-empty.pfx'), file);
    // openssl tries "no password" first when given an empty one: it verifies this MAC.
    const check = spawnSync('openssl', ['pkcs12', '-in', 'win-empty.pfx', '-passin', 'pass:', '-noout'], { cwd: pki.dir });
    expect(check.status).toBe(0);
    expect(readContainer(file, '').privateKeys).toHaveLength(1);
    expect(readContainer(file).privateKeys).toHaveLength(1);
    expect(codeOf(() => readContainer(file, 'x'))).toBe('wrong-password');
  });

  it.each([
    ['aes', 'pässwörd€'],
    ['legacy', 'pässwörd€'],
    ['aes', 'key 🔑 émoji'],
    ['legacy', 'key 🔑 émoji'],
  ] as const)('non-ASCII password, %s: %s', (variant, password) => {
    const file = pki.pfx(`utf-${variant}-${password.length}`, h.leaf, [h.intermediate, h.root], { password, variant });
    expectFull(file, password);
    expect(codeOf(() => readContainer(pki.read(file), password.normalize('NFD')))).toBe('wrong-password');
  });

  it('wrong password → wrong-password; no password → wrong-password saying one is required', () => {
    const file = pki.pfx('wrong', h.leaf, [], { password: 'secret' });
    expect(codeOf(() => readContainer(pki.read(file), 'Secret'))).toBe('wrong-password');
    expect(codeOf(() => readContainer(pki.read(file)))).toBe('wrong-password');
    expect(messageOf(() => readContainer(pki.read(file)))).toMatch(/password is required/);
  });

  it('certificates only (-nokeys)', () => {
    const file = pki.pfx('nokeys', null, [h.intermediate, h.root], { password: 'secret' });
    const c = readContainer(pki.read(file), 'secret');
    expect(c.privateKeys).toHaveLength(0);
    expect(c.certificates).toHaveLength(2);
    const chain = buildChain(c.certificates, c.privateKeys);
    expect(chain.leaf?.sha256).toBe(pki.facts(h.intermediate.cert).sha256);
    expect(chain.keyMatchesLeaf).toBeUndefined();
  });

  it('two keys in one PFX (built by merging two openssl PFX files\' safe contents)', () => {
    // openssl pkcs12 -export takes one key; build a PFX with two key bags from openssl's own output:
    // export each key+cert unencrypted (-keypbe NONE -certpbe NONE -nomac) and concatenate the authSafe items.
    const second = pki.issue('second', h.intermediate, { subject: '/CN=second.corp.example.com' });
    const parts = [h.leaf, second].map((leaf, i) => {
      const file = `multi${i}.pfx`;
      pki.run(['pkcs12', '-export', '-inkey', leaf.key, '-in', leaf.cert, '-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac', '-passout', 'pass:', '-name', `key${i}`, '-out', file]);
      return pki.read(file);
    });
    const merged = mergePfx(parts);
    writeFileSync(pki.path('merged.pfx'), merged);
    // openssl agrees the merged file is a valid PFX with two keys.
    const dump = pki.run(['pkcs12', '-in', 'merged.pfx', '-nodes', '-passin', 'pass:', '-nomacver']).toString();
    expect(dump.match(/BEGIN PRIVATE KEY/g)).toHaveLength(2);
    const c = readContainer(merged);
    expect(c.privateKeys.map((k) => k.friendlyName)).toEqual(['key0', 'key1']);
    expect(c.certificates).toHaveLength(2);
    const chain = buildChain(c.certificates, c.privateKeys);
    expect(chain.keyMatchesLeaf).toBe(true);
  });

  it('refuses absurd iteration counts as unsupported-format, before deriving anything', () => {
    pki.run(['pkcs12', '-export', '-inkey', h.leaf.key, '-in', h.leaf.cert, '-passout', 'pass:x', '-iter', '2048', '-maciter', '-out', 'iter.pfx']);
    const bytes = Buffer.from(pki.read('iter.pfx'));
    expect(readContainer(bytes, 'x').privateKeys).toHaveLength(1);
    const huge = rebuildMacIterations(bytes, 0x7fffffff);
    // Refused on reading the MAC's iteration count: nothing was derived, hashed or decrypted (the budget
    // was charged nothing). Were the 2^31 iterations run, the test timeout would end it.
    const budget = createBudget();
    let message = '';
    try {
      parsePkcs12(huge, 'x', budget);
    } catch (error) {
      expect(error).toBeInstanceOf(CertDeskError);
      expect((error as CertDeskError).code).toBe('unsupported-format');
      message = (error as CertDeskError).message;
    }
    expect(message).toMatch(/asks for 2147483647 key derivation iterations/);
    expect(budget.spent['key derivation']).toBe(0);
    expect(budget.spent.hashing).toBe(0);
    expect(budget.spent.decryption).toBe(0);
  });
});

// ---------------------------------------------------------------- tiny DER builder for the merged fixture

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}
/** Reads [tag, contentStart, end] of the TLV at `pos`. */
function at(buf: Buffer, pos: number): [number, number, number] {
  let p = pos + 1;
  let l = buf[p++];
  if (l & 0x80) {
    const c = l & 0x7f;
    l = 0;
    for (let i = 0; i < c; i++) l = l * 256 + buf[p++];
  }
  return [buf[pos], p, p + l];
}
function kids(buf: Buffer, start: number, end: number): Buffer[] {
  const out: Buffer[] = [];
  for (let p = start; p < end; ) {
    const [, , e] = at(buf, p);
    out.push(buf.subarray(p, e));
    p = e;
  }
  return out;
}
/** The authSafe's ContentInfo items of a MAC-less PFX. */
function authSafeItems(pfx: Buffer): Buffer[] {
  const [, s, e] = at(pfx, 0);
  const [version, authSafe] = kids(pfx, s, e);
  void version;
  const [, ciS, ciE] = at(authSafe, 0);
  const [, explicit] = kids(authSafe, ciS, ciE);
  const [, exS] = at(explicit, 0);
  const [, osS, osE] = at(explicit, exS);
  const octets = explicit.subarray(osS, osE);
  const [, aS, aE] = at(octets, 0);
  return kids(octets, aS, aE);
}
const OID_DATA = Buffer.from('06092a864886f70d010701', 'hex');
function mergePfx(files: Buffer[]): Buffer {
  const items = files.flatMap(authSafeItems);
  const authSafe = tlv(0x30, Buffer.concat(items));
  const ci = tlv(0x30, Buffer.concat([OID_DATA, tlv(0xa0, tlv(0x04, authSafe))]));
  return tlv(0x30, Buffer.concat([Buffer.from([0x02, 0x01, 0x03]), ci]));
}
/** Adds a SHA-256 MacData to a MAC-less PFX, keyed by the PKCS#12 KDF over `password` (raw bytes). */
function withMac(pfx: Buffer, password: Buffer): Buffer {
  const [, s, e] = at(pfx, 0);
  const [version, authSafe] = kids(pfx, s, e);
  const [, ciS] = at(authSafe, 0);
  const [, exS, exE] = at(authSafe, at(authSafe, ciS)[2]);
  void exE;
  const [, osS, osE] = at(authSafe, exS);
  const octets = authSafe.subarray(osS, osE);
  const salt = Buffer.from('0102030405060708', 'hex');
  const sha256 = digestAlgorithms['2.16.840.1.101.3.4.2.1'];
  const key = pkcs12Kdf(sha256, password, salt, 3, 2048, 32);
  const mac = createHmac('sha256', key).update(octets).digest();
  const digestInfo = tlv(0x30, Buffer.concat([Buffer.from('300d06096086480165030402010500', 'hex'), tlv(0x04, mac)]));
  const macData = tlv(0x30, Buffer.concat([digestInfo, tlv(0x04, salt), Buffer.from([0x02, 0x02, 0x08, 0x00])]));
  return tlv(0x30, Buffer.concat([version, authSafe, macData]));
}

/** Replaces the PFX's MacData iteration count with `iterations` (the MAC stays as it is: refused before use). */
function rebuildMacIterations(pfx: Buffer, iterations: number): Buffer {
  const [, s, e] = at(pfx, 0);
  const [version, authSafe, macData] = kids(pfx, s, e);
  const [, ms, me] = at(macData, 0);
  const [digestInfo, salt] = kids(macData, ms, me);
  const iter = Buffer.alloc(4);
  iter.writeUInt32BE(iterations);
  const newMac = tlv(0x30, Buffer.concat([digestInfo, salt, tlv(0x02, iter)]));
  return tlv(0x30, Buffer.concat([version, authSafe, newMac]));
}
