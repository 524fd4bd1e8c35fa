// Every hostile family (fuzz/hostile-families.ts) at full scale, just under the 10 MiB limit, through the
// whole inspect path: it must end in one of the answers the family allows (most are refused as too much
// work with unsupported-format, before the work is done), never a raw exception. Timing is the bench's job
// (bench/hostile.ts, docs/benchmarks.md), not asserted here.
import { describe, expect, it } from 'vitest';
import { hostileFamilies, LIMIT } from '../../../fuzz/hostile-families';
import { inspectBytes } from '../../../electron/engine/inspect';
import { CertDeskError } from '../../../shared/errors';

function answer(bytes: Buffer, password?: string): { code: string; message: string } {
  try {
    inspectBytes({ fileName: 'hostile.bin', bytes, password, includeViews: true });
    return { code: 'ok', message: '' };
  } catch (error) {
    if (!(error instanceof CertDeskError)) throw new Error(`raw exception: ${String(error)}`, { cause: error });
    expect(error.code).not.toBe('internal');
    return { code: error.code, message: error.message };
  }
}

describe('hostile families at full scale', () => {
  for (const family of hostileFamilies) {
    describe(family.name, () => {
      for (const variant of family.variants) {
        it(variant.name, () => {
          const input = variant.make(1);
          expect(input.bytes.length).toBeLessThanOrEqual(LIMIT);
          const { code, message } = answer(input.bytes, input.password);
          expect(variant.allowed, `${code}: ${message}`).toContain(code);
          // A refusal for cost says what was too costly, in one sentence.
          if (code === 'unsupported-format') expect(message).toMatch(/^The (file|PKCS#12 file) (asks|holds)|^This /);
        });
      }
    });
  }

  it('the families are the ones docs/benchmarks.md names, each with variants', () => {
    expect(hostileFamilies.map((f) => f.name)).toEqual([
      'pbkdf2-huge-key-length',
      'pbkdf2-huge-iterations',
      'pkcs12-kdf-huge-iterations',
      'cipher-without-mac',
      'ber-deep-nesting',
      'ber-chunk-flood',
      'huge-bag-set',
      'many-certificates-one-name',
      'costly-signatures',
      'long-oid-arcs',
      'pem-encrypted-key-kdf',
    ]);
    for (const family of hostileFamilies) expect(family.variants.length).toBeGreaterThan(0);
  });

  it('the 194-byte PFX of issue [6] (PBKDF2 asked for a 32,767-byte key) is refused, naming the key length', () => {
    const [variant] = hostileFamilies[0].variants;
    const input = variant.make(1);
    expect(input.bytes.length).toBeLessThan(200);
    expect(answer(input.bytes, input.password)).toEqual({
      code: 'unsupported-format',
      message: 'The PKCS#12 file asks PBKDF2 for a 32,767-byte key; no cipher or MAC it can use needs more than 128 bytes.',
    });
  });
});
