// The benchmark report's formatting, and the promise that the README shows the figures of the latest run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type BenchRow, type Machine, README_END, README_START, renderReadmeSection, renderReport, renderScale, renderTable, replaceReadmeSection,
} from '../../../bench/report';

const ROOT = join(__dirname, '..', '..', '..');

const machine: Machine = {
  date: '2026-11-25T17:00:00Z', commit: 'abc1234', cpu: 'Test CPU', cores: 2, memoryGiB: 7.8,
  os: 'Debian GNU/Linux 12 (bookworm), kernel 6.1', node: 'v20.20.2', openssl: 'OpenSSL 3.0.22', chromium: 'Chromium 156',
};

const rows: BenchRow[] = [
  { group: '[1] Engine + CLI', name: 'parse | check', certdesk: '6.8 ms', baseline: 'openssl 6.9 ms', ratio: 0.9855, target: '≤ 1×', ok: true },
  { group: '[2] Desktop app', name: 'open', certdesk: '148 ms', baseline: '', ratio: null, target: '≤ 300 ms', ok: true },
  { group: '[3] Requests', name: 'keygen', certdesk: '300 ms', baseline: 'openssl 200 ms', ratio: 1.5, target: '≤ 1.2×', ok: false },
];

describe('benchmark report', () => {
  it('renders one table row per benchmark, ratios to two places, misses in bold, pipes escaped', () => {
    const table = renderTable(rows).split('\n');
    expect(table).toHaveLength(2 + rows.length);
    expect(table[2]).toBe('| [1] Engine + CLI | parse \\| check | 6.8 ms | openssl 6.9 ms | 0.99× | ≤ 1× | ok |');
    expect(table[3]).toContain('| — | — | ≤ 300 ms | ok |');
    expect(table[4]).toContain('| 1.50× | ≤ 1.2× | **missed** |');
  });

  it('the scale curve gives µs per certificate and the ratio to openssl for each size', () => {
    const text = renderScale([
      { certificates: 10, certdeskMs: 0.5, opensslMs: 5 },
      { certificates: 1000, certdeskMs: 30, opensslMs: 120 },
    ]);
    expect(text).toContain('| 10 | 0.5 | 50 | 5.0 | 0.10× |');
    expect(text).toContain('| 1000 | 30.0 | 30 | 120.0 | 0.25× |');
    // The bar of the size with the highest cost per certificate is the full width.
    expect(text).toMatch(/^ +10 certs {2}█{40} {2}50 µs\/cert$/m);
  });

  it('the report names the machine, the run and how many targets were missed', () => {
    const report = renderReport(rows, [{ certificates: 10, certdeskMs: 1, opensslMs: 2 }], machine);
    expect(report).toContain('Test CPU, 2 cores, 7.8 GiB RAM; Debian GNU/Linux 12 (bookworm), kernel 6.1; Node v20.20.2; OpenSSL 3.0.22; Chromium 156');
    expect(report).toContain('2026-11-25T17:00:00Z, commit `abc1234`');
    expect(report).toContain('1 of 3 targets missed');
  });

  it('replaces only the README section between the markers', () => {
    const readme = `# Title\n\nbefore\n${README_START}\nold figures\n${README_END}\nafter\n`;
    const next = replaceReadmeSection(readme, renderReadmeSection(rows, machine));
    expect(next.startsWith('# Title\n\nbefore\n')).toBe(true);
    expect(next.endsWith('\nafter\n')).toBe(true);
    expect(next).not.toContain('old figures');
    expect(next).toContain(renderTable(rows));
    // Idempotent: a second run replaces its own output.
    expect(replaceReadmeSection(next, renderReadmeSection(rows, machine))).toBe(next);
  });

  it('refuses a README without exactly one marker pair', () => {
    const section = renderReadmeSection(rows, machine);
    expect(() => replaceReadmeSection('no markers', section)).toThrow(/marker/);
    expect(() => replaceReadmeSection(`${README_END}\n${README_START}`, section)).toThrow(/marker/);
    expect(() => replaceReadmeSection(`${README_START}${README_END}${README_START}${README_END}`, section)).toThrow(/marker/);
  });

  it('the README shows the same figures, run and machine as docs/benchmarks.md (the latest run)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const report = readFileSync(join(ROOT, 'docs', 'benchmarks.md'), 'utf8');
    const section = readme.slice(readme.indexOf(README_START), readme.indexOf(README_END));
    const tableOf = (text: string) => text.split('\n').filter((line) => line.startsWith('|')).join('\n');
    expect(tableOf(section).length).toBeGreaterThan(0);
    expect(tableOf(section)).toBe(tableOf(report.slice(report.indexOf('## All benchmarks'), report.indexOf('## PKCS#7 scale curve'))));
    const run = /Run: (\S+), commit `(\w+)`/.exec(report);
    const machineText = /Machine: (.*)/.exec(report);
    expect(run && machineText).toBeTruthy();
    expect(section).toContain(`(${run![1]}, commit \`${run![2]}\`) on ${machineText![1]}.`);
  });
});
