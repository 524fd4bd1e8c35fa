// Fuzz inputs from the hostile families (fuzz/hostile-families.ts): which family and variant, at what scale
// (mostly small, sometimes the full 10 MiB), with which password, then a few byte edits. A plain record, so
// fast-check can shrink a failure and replay it from its seed and path like every other input.
import fc from 'fast-check';
import { applyByteEdit, type ByteEdit, byteEdit } from './arbitraries';
import { hostileVariants } from './hostile-families';
import type { Seed } from './seeds';
import type { FuzzInput } from './types';

export interface HostileCase {
  variant: number;
  /** Thousandths of the full size (1000 = just under the 10 MiB limit). */
  scale: number;
  password: 'as-made' | 'none' | 'wrong';
  bytes: ByteEdit[];
}

export function hostileCases(): fc.Arbitrary<HostileCase> {
  const count = hostileVariants().length;
  return fc.record({
    variant: fc.integer({ min: 0, max: count - 1 }),
    scale: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 30 }), weight: 19 }, { arbitrary: fc.constant(1000), weight: 1 }),
    password: fc.oneof({ arbitrary: fc.constant<HostileCase['password']>('as-made'), weight: 6 }, { arbitrary: fc.constantFrom<HostileCase['password']>('none', 'wrong'), weight: 1 }),
    bytes: fc.oneof({ arbitrary: fc.constant<ByteEdit[]>([]), weight: 3 }, { arbitrary: fc.array(byteEdit, { minLength: 1, maxLength: 2 }), weight: 1 }),
  });
}

/** The bytes and password a hostile case stands for. Pure: the same case always makes the same input. */
export function buildHostileInput(hostile: HostileCase, seeds: readonly Seed[]): FuzzInput {
  const { variant } = hostileVariants()[hostile.variant % hostileVariants().length];
  const made = variant.make(hostile.scale / 1000);
  let bytes = made.bytes;
  for (const edit of hostile.bytes) bytes = applyByteEdit(Buffer.from(bytes), edit, seeds);
  const password = { 'as-made': made.password, none: undefined, wrong: 'wrong password' }[hostile.password];
  return { bytes, ...(password !== undefined ? { password } : {}), dnsSuffixes: [], trustRootHashes: [], json: true };
}
