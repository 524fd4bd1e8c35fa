// Deliberately broken targets, for the harness's own test (test/fuzz/fuzz.test.ts): a fuzzer that never
// fails proves nothing, so these must be reported as a crasher and as a hang.
import { CertDeskError } from '../shared/errors';
import { library } from './targets';
import type { Target } from './types';

export const targets: readonly Target[] = [
  // A parser with a bug: any input that does not start like DER reads a property of undefined.
  library('throws-type-error', ['der'], ['unreadable'], (_input, bytes) => {
    if (bytes[0] !== 0x30) {
      const missing = undefined as unknown as { tag: number };
      void missing.tag;
    }
    throw new CertDeskError('unreadable', 'Not a certificate.');
  }),
  // A parser that never returns on PEM text (a busy loop: only the time cap can stop it).
  library('hangs-on-pem', ['der'], ['unreadable'], (_input, bytes) => {
    if (bytes.includes('-----BEGIN ')) for (;;);
  }),
];
