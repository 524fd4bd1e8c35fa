// The hostile-input section of docs/benchmarks.md (bench/report.ts): worst case overall and per family,
// every variant, a miss in bold, and a section that replaces itself (or is appended once).
import { describe, expect, it } from 'vitest';
import { BASELINE, HOSTILE_END, HOSTILE_START, type HostileResult, type Machine, renderHostileSection, renderReport, replaceHostileSection } from '../../../bench/report';

const machine: Machine = {
  date: '2026-12-04T15:00:00Z', commit: 'abc1234', cpu: 'Test CPU', cores: 2, memoryGiB: 7.8,
  os: 'Debian GNU/Linux 12 (bookworm), kernel 6.1', node: 'v20.20.2', openssl: 'OpenSSL 3.0.22', chromium: 'Chromium 156',
};

const result = (over: Partial<HostileResult>): HostileResult => ({
  family: 'ber-chunk-flood', variant: 'v', bytes: 10_000_000, wallMs: 300, cpuMs: 250, rssMb: 80, code: 'unsupported-format', expected: true, load: 1.5, ...over,
});

describe('hostile section', () => {
  it('names the worst case overall and per family, and lists every variant', () => {
    const results = [
      result({ family: 'ber-chunk-flood', variant: 'empty chunks', wallMs: 420, rssMb: 120 }),
      result({ family: 'ber-chunk-flood', variant: '1-byte chunks', wallMs: 610, rssMb: 90 }),
      result({ family: 'huge-bag-set', variant: 'unknown bags', wallMs: 380, rssMb: 140, code: 'ok', load: 3.2 }),
    ];
    const text = renderHostileSection(results, machine);
    expect(text.startsWith(HOSTILE_START)).toBe(true);
    expect(text.endsWith(HOSTILE_END)).toBe(true);
    expect(text).toContain('- Worst case: 610 ms (ber-chunk-flood, 1-byte chunks); 140 MB (huge-bag-set, unknown bags): target met');
    expect(text).toContain('Load average (1 min) during the runs: 1.5 to 3.2 on 2 cores');
    expect(text).toContain('| ber-chunk-flood | millions of constructed OCTET STRING chunks | 1-byte chunks | 610 | 250 | 90 | unsupported-format |');
    expect(text).toContain('| huge-bag-set | unknown bags | 10000000 | 380 | 250 | 140 | ok |');
    expect(text.split('\n').filter((line) => line.startsWith('| ber-chunk-flood |'))).toHaveLength(3);
  });

  it('shows the baseline run apart: not a family, not the worst case', () => {
    const text = renderHostileSection(
      [result({ family: BASELINE, variant: 'one small certificate (PEM)', wallMs: 2000, cpuMs: 180, rssMb: 55, code: 'ok' }), result({ wallMs: 400 })],
      machine,
    );
    expect(text).toContain('- Baseline, one small certificate (PEM): 2000 ms wall, 180 ms CPU, 55 MB');
    expect(text).toContain('- Worst case: 400 ms');
    expect(text).not.toContain('| baseline |');
  });

  it('a slow, big or unexpected answer misses the target', () => {
    expect(renderHostileSection([result({ wallMs: 1200 })], machine)).toContain('**target missed**');
    expect(renderHostileSection([result({ rssMb: 301 })], machine)).toContain('**target missed**');
    const unexpected = renderHostileSection([result({ expected: false, code: 'internal' })], machine);
    expect(unexpected).toContain('**target missed**');
    expect(unexpected).toContain('internal **(not allowed)**');
  });

  it('replaces its own section, appends it once when missing, and is part of the full report', () => {
    const first = renderHostileSection([result({ wallMs: 500 })], machine);
    const second = renderHostileSection([result({ wallMs: 700 })], machine);
    const doc = replaceHostileSection('# CertDesk benchmarks\n\nbody\n', first);
    expect(doc).toBe(`# CertDesk benchmarks\n\nbody\n\n${first}\n`);
    const next = replaceHostileSection(doc, second);
    expect(next).toContain('700 ms');
    expect(next).not.toContain('Worst case: 500 ms');
    expect(next.indexOf(HOSTILE_START)).toBe(next.lastIndexOf(HOSTILE_START));
    expect(renderReport([], [{ certificates: 10, certdeskMs: 1, opensslMs: 2 }], machine, [result({})])).toContain(HOSTILE_START);
    expect(renderReport([], [{ certificates: 10, certdeskMs: 1, opensslMs: 2 }], machine)).not.toContain(HOSTILE_START);
  });
});
