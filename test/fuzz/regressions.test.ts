// Every crasher the fuzzer kept (test/fuzz/crashers/<target>-<sha256>.bin + .json) replayed against its
// target under the same oracle and time cap: each must now be a success or an allowed error code.
// Workers run the compiled targets: `npm run build` first (npm test does).
import { describe, expect, it } from 'vitest';
import { CRASHERS_DIR, readCrashers, replay } from '../../fuzz/harness';
import { targets } from '../../fuzz/targets';

const crashers = readCrashers(CRASHERS_DIR);

describe('fuzz regressions', () => {
  it('keeps at least one crasher, each naming a known target', () => {
    expect(crashers.length).toBeGreaterThan(0);
    for (const crasher of crashers) expect(targets.map((t) => t.name)).toContain(crasher.meta.target);
  });

  for (const crasher of crashers) {
    it(`${crasher.file?.split('/').pop()}: was "${crasher.meta.message.slice(0, 100)}"`, async () => {
      const { outcome } = await replay(crasher, { capMs: 10_000 });
      expect(outcome.status === 'ok' || outcome.status === 'error' ? outcome.status : outcome).toMatch(/^(ok|error)$/);
    });
  }
});
