// The work budget of a file read (budget.ts): what is charged, that refusals come before the work, and that
// real files (openssl's defaults, legacy, the .NET-sized 600,000 iterations) stay well inside it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Budget, charge, chargePbkdf2, createBudget, READ_BUDGET } from '../../../electron/engine/pki/budget';
import { parsePkcs12 } from '../../../electron/engine/pki/pkcs12/read';
import { readContainer } from '../../../electron/engine/pki/read';
import { CertDeskError } from '../../../shared/errors';
import { amtHierarchy, Pki } from '../../support/openssl';

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
    return 'ok';
  } catch (error) {
    if (!(error instanceof CertDeskError)) throw error;
    return error.code;
  }
}

function export12(name: string, args: string[]): Buffer {
  pki.run(['pkcs12', '-export', '-inkey', h.leaf.key, '-in', h.leaf.cert, '-certfile', h.intermediate.cert, '-passout', 'env:P', '-out', `${name}.pfx`, ...args], undefined, { P: 'pw' });
  return pki.read(`${name}.pfx`);
}

describe('charge', () => {
  it('refuses once the budget is spent, with unsupported-format naming the work', () => {
    const budget = createBudget(1000);
    charge(budget, 'decryption', 600, '600 bytes');
    expect(budget.remaining).toBe(400);
    let thrown: unknown;
    try {
      charge(budget, 'key derivation', 401, 'PBKDF2-SHA1 for a 20-byte key, 1 iterations × 1 blocks');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CertDeskError);
    expect((thrown as CertDeskError).code).toBe('unsupported-format');
    expect((thrown as CertDeskError).message).toBe(
      'The file asks for more work than CertDesk allows for one file (key derivation: PBKDF2-SHA1 for a 20-byte key, 1 iterations × 1 blocks), so it was refused rather than left to run for a long time.',
    );
  });

  it('NaN, Infinity and negative charges spend the whole budget (never a free pass)', () => {
    for (const units of [Number.NaN, Number.POSITIVE_INFINITY, -5]) {
      expect(codeOf(() => charge(createBudget(), 'hashing', units, 'x'))).toBe('unsupported-format');
    }
  });

  it('PBKDF2 is charged per iteration and per output block: a 32,767-byte key costs 1,639 times a 20-byte one', () => {
    const one: Budget = createBudget(Number.MAX_SAFE_INTEGER);
    const many: Budget = createBudget(Number.MAX_SAFE_INTEGER);
    chargePbkdf2(one, 'sha1', 1000, 20, 0);
    chargePbkdf2(many, 'sha1', 1000, 32767, 0);
    expect(many.spent['key derivation'] / one.spent['key derivation']).toBe(1639);
  });
});

describe('reading charges the budget', () => {
  it('an OpenSSL 3 AES PFX costs a few million units; the same file with a budget too small is refused before any derivation', () => {
    const bytes = export12('aes', []);
    const budget = createBudget();
    expect(readContainer(bytes, 'pw', budget).privateKeys).toHaveLength(1);
    const spent = READ_BUDGET - budget.remaining;
    expect(spent).toBeGreaterThan(1_000_000);
    expect(spent).toBeLessThan(READ_BUDGET / 20);
    expect(budget.spent['key derivation']).toBeGreaterThan(0);
    expect(budget.spent.decryption).toBeGreaterThan(0);
    expect(budget.spent.certificates).toBeGreaterThan(0);
    expect(budget.spent['ASN.1 elements']).toBeGreaterThan(0);
    expect(codeOf(() => readContainer(bytes, 'pw', createBudget(100_000)))).toBe('unsupported-format');
  });

  it('legacy (3DES + RC2-40, SHA-1 MAC) and a Java-sized 100,000-iteration file read within the budget', () => {
    const legacy = export12('legacy', ['-legacy']);
    expect(readContainer(legacy, 'pw').certificates).toHaveLength(2);
    // 50,000 iterations for the MAC, the key and the certificates (Java keytool's legacy defaults are 50,000-100,000).
    const java = export12('java', ['-legacy', '-iter', '50000']);
    const budget = createBudget();
    expect(readContainer(java, 'pw', budget).certificates).toHaveLength(2);
    expect(READ_BUDGET - budget.remaining).toBeLessThan(READ_BUDGET / 2);
  });

  it('600,000 iterations in total (.NET\'s import limit: 200,000 each for MAC, key and certificates) read; a wrong password is wrong-password', () => {
    const bytes = export12('net', ['-iter', '200000']);
    const budget = createBudget();
    expect(codeOf(() => parsePkcs12(bytes, 'pw', budget))).toBe('ok');
    // Really 3 × 200,000 iterations: two PBKDF2-SHA256 derivations and the SHA-256 MAC.
    expect(budget.spent['key derivation']).toBeGreaterThanOrEqual(200_000 * (400 + 400 + 450));
    expect(codeOf(() => parsePkcs12(bytes, 'wrong'))).toBe('wrong-password');
  });

  it('a wrong password tried on a no-MAC file does not decrypt it (the first block decides)', () => {
    const bytes = export12('nomac', ['-nomac']);
    const budget = createBudget();
    expect(codeOf(() => readContainer(bytes, 'wrong', budget))).toBe('wrong-password');
    expect(budget.spent.decryption).toBe(0);
  });
});

describe('PKCS#7 bundles charge the budget as PEM and PKCS#12 do', () => {
  /** The hierarchy's three certificates as a DER .p7b, made by openssl. */
  function p7b(): Buffer {
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', h.leaf.cert, '-certfile', h.intermediate.cert, '-certfile', h.root.cert, '-outform', 'DER', '-out', 'three.p7b']);
    return pki.read('three.p7b');
  }

  it('a DER .p7b: three certificates and three elements charged, the same as its PEM form', () => {
    const der = p7b();
    const budget = createBudget();
    expect(readContainer(der, undefined, budget).certificates).toHaveLength(3);
    expect(budget.spent.certificates).toBeGreaterThan(3 * 60_000);
    expect(budget.spent['ASN.1 elements']).toBe(3 * 300);
    const pem = Buffer.from(`-----BEGIN PKCS7-----\n${der.toString('base64')}\n-----END PKCS7-----\n`);
    const pemBudget = createBudget();
    expect(readContainer(pem, undefined, pemBudget).certificates).toHaveLength(3);
    expect(pemBudget.spent.certificates).toBe(budget.spent.certificates);
  });

  it('a .p7b past the budget is refused with unsupported-format, before the certificate that does not fit is parsed', () => {
    const der = p7b();
    const full = createBudget();
    readContainer(der, undefined, full);
    const needed = READ_BUDGET - full.remaining;
    expect(codeOf(() => readContainer(der, undefined, createBudget(needed)))).toBe('ok');
    const short = createBudget(needed - 1);
    expect(codeOf(() => readContainer(der, undefined, short))).toBe('unsupported-format');
  });
});
