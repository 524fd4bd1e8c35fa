// The Markdown report that `npm run bench` writes (docs/benchmarks.md) and the summary it puts in the
// README between two markers, so the README always shows the figures of the latest run and its machine.
// Pure functions: run.ts measures, this file only formats.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';

export interface BenchRow {
  /** The issue the target comes from, e.g. "[1] Engine + CLI". */
  group: string;
  name: string;
  /** CertDesk's figure, e.g. "9.7 ms". */
  certdesk: string;
  /** What it was compared with, e.g. "openssl pkcs12 -info 9.9 ms"; empty when there is no comparator. */
  baseline: string;
  /** CertDesk ÷ baseline (null when the row is an absolute figure). */
  ratio: number | null;
  target: string;
  ok: boolean;
}

export interface ScalePoint {
  certificates: number;
  certdeskMs: number;
  opensslMs: number;
}

export interface Machine {
  date: string;
  commit: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  openssl: string;
  chromium: string;
}

export const README_START = '<!-- bench:start (written by `npm run bench`; do not edit by hand) -->';
export const README_END = '<!-- bench:end -->';

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).toString().split('\n')[0].trim();
  } catch {
    return 'unknown';
  }
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) return `${pretty[1]}, kernel ${release()}`;
  } catch {
    // not Linux: fall through to the platform name
  }
  return `${process.platform} ${release()}`;
}

export function describeMachine(root: string): Machine {
  const cpuList = cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: firstLine('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
    cpu: cpuList[0]?.model.trim() || 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    openssl: firstLine('openssl', ['version']).replace(/ \(Library:.*$/, ''),
    chromium: firstLine('/usr/bin/chromium', ['--version']).replace(/ built on .*$/, ''),
  };
}

export function formatRatio(ratio: number | null): string {
  return ratio === null ? '—' : `${ratio.toFixed(2)}×`;
}

/** Escapes the one character that would break a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; ${m.os}; Node ${m.node}; ${m.openssl}; ${m.chromium}`;
}

export function renderTable(rows: BenchRow[]): string {
  const lines = ['| issue | benchmark | CertDesk | compared with | ratio | target | result |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(`| ${cell(r.group)} | ${cell(r.name)} | ${cell(r.certdesk)} | ${cell(r.baseline || '—')} | ${formatRatio(r.ratio)} | ${cell(r.target)} | ${r.ok ? 'ok' : '**missed**'} |`);
  }
  return lines.join('\n');
}

/** The PKCS#7 scale curve: a table and a bar per size, so linear growth is visible at a glance. */
export function renderScale(points: ScalePoint[]): string {
  const lines = [
    '| certificates | CertDesk ms | µs per certificate | openssl pkcs7 -print_certs ms | ratio |',
    '|---:|---:|---:|---:|---:|',
  ];
  for (const p of points) {
    const perCert = (p.certdeskMs / p.certificates) * 1000;
    lines.push(`| ${p.certificates} | ${p.certdeskMs.toFixed(1)} | ${perCert.toFixed(0)} | ${p.opensslMs.toFixed(1)} | ${formatRatio(p.certdeskMs / p.opensslMs)} |`);
  }
  // Time per certificate should stay flat when the parser is linear; the bars show it on a log scale of sizes.
  const maxPerCert = Math.max(...points.map((p) => p.certdeskMs / p.certificates));
  const bars = points.map((p) => {
    const perCert = p.certdeskMs / p.certificates;
    const width = Math.max(1, Math.round((perCert / maxPerCert) * 40));
    return `${String(p.certificates).padStart(6)} certs  ${'█'.repeat(width).padEnd(40)}  ${(perCert * 1000).toFixed(0)} µs/cert`;
  });
  return `${lines.join('\n')}\n\n\`\`\`\n${bars.join('\n')}\n\`\`\``;
}

export function renderReport(rows: BenchRow[], scale: ScalePoint[], machine: Machine): string {
  const missed = rows.filter((r) => !r.ok).length;
  return [
    '# CertDesk benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts). Every ratio is CertDesk ÷ the comparator, both measured in the',
    'same run, interleaved, so they see the same machine load; figures are medians. A ratio below 1 means',
    'CertDesk was faster.',
    '',
    `- Run: ${machine.date}, commit \`${machine.commit}\``,
    `- Machine: ${machineLine(machine)}`,
    `- Result: ${missed === 0 ? `all ${rows.length} targets met` : `${missed} of ${rows.length} targets missed`}`,
    '',
    '## All benchmarks',
    '',
    renderTable(rows),
    '',
    '## PKCS#7 scale curve',
    '',
    'Degenerate SignedData bundles of distinct certificates (one real certificate, serial rewritten), parsed',
    'in-process; openssl reads the same file (`openssl pkcs7 -inform DER -print_certs -noout`, a process start',
    'included).',
    '',
    renderScale(scale),
    '',
  ].join('\n');
}

export function renderReadmeSection(rows: BenchRow[], machine: Machine): string {
  return [
    README_START,
    `Latest \`npm run bench\` (${machine.date}, commit \`${machine.commit}\`) on ${machineLine(machine)}.`,
    'Full report with the PKCS#7 scale curve: [docs/benchmarks.md](docs/benchmarks.md).',
    '',
    renderTable(rows),
    README_END,
  ].join('\n');
}

/** Replaces the text between the markers (markers included); refuses a README without exactly one pair. */
export function replaceReadmeSection(readme: string, section: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start || readme.indexOf(README_START, start + 1) >= 0 || readme.indexOf(README_END, end + 1) >= 0) {
    throw new Error('README.md must contain one bench:start/bench:end marker pair');
  }
  return readme.slice(0, start) + section + readme.slice(end + README_END.length);
}
