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

/** One hostile-input variant measured as a whole `certdesk inspect` process (bench/hostile.ts). */
export interface HostileResult {
  family: string;
  variant: string;
  bytes: number;
  /** Medians of the runs. */
  wallMs: number;
  cpuMs: number;
  /** The largest peak resident set size of the runs. */
  rssMb: number;
  /** The answer: ok or the error code(s). */
  code: string;
  /** The answer is one the family allows. */
  expected: boolean;
  /** 1-minute load average when it ran (the machine is shared). */
  load: number;
}

/** The family name of the baseline run (a small valid certificate) in a list of HostileResult. */
export const BASELINE = 'baseline';

export const HOSTILE_START = '<!-- hostile:start (written by `npm run bench` or `node dist/bench/hostile.js`; do not edit by hand) -->';
export const HOSTILE_END = '<!-- hostile:end -->';

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

function worstBy<T>(items: T[], key: (item: T) => number): T {
  return items.reduce((a, b) => (key(b) > key(a) ? b : a));
}

/** The hostile-input section: the worst case overall and per family, then every variant. */
export function renderHostileSection(all: HostileResult[], machine: Machine): string {
  const baseline = all.find((r) => r.family === BASELINE);
  const results = all.filter((r) => r.family !== BASELINE);
  const slowest = worstBy(results, (r) => r.wallMs);
  const biggest = worstBy(results, (r) => r.rssMb);
  const met = slowest.wallMs <= 1000 && biggest.rssMb <= 300 && results.every((r) => r.expected);
  const families = [...new Set(results.map((r) => r.family))];
  const row = (r: HostileResult, cells: string[]) => `| ${cells.map(cell).join(' | ')} | ${r.wallMs.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${r.rssMb.toFixed(0)} | ${cell(r.code)}${r.expected ? '' : ' **(not allowed)**'} |`;
  const loads = all.map((r) => r.load);
  return [
    HOSTILE_START,
    '## Hostile inputs (issue [6])',
    '',
    'Every variant of every hostile family (`fuzz/hostile-families.ts`; the fuzz target `hostile` draws from the',
    'same families), at full scale, just under the 10 MiB input limit, read by a whole `certdesk inspect <file> --json`',
    'process (password through `--password-env`). Wall and CPU time: median of the runs; peak memory: the largest',
    'maximum resident set size (GNU time). Target: every input in at most 1 s and 300 MB.',
    '',
    'Every run includes the baseline below (Node\'s start, the CLI, one read, the checks, the JSON document); a',
    '10 MiB file also pays for reading it and for the CLI\'s base64 round trip of its bytes through the operations',
    'table (the "random ciphertext" variant, refused after one block, shows that cost). The reader\'s own share is',
    'what is left, bounded by its work budget (`electron/engine/pki/budget.ts`).',
    '',
    `- Run: ${machine.date}, commit \`${machine.commit}\`; ${machineLine(machine)}`,
    `- Load average (1 min) during the runs: ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)} on ${machine.cores} cores (wall time grows with it; CPU time much less)`,
    ...(baseline ? [`- Baseline, ${baseline.variant}: ${baseline.wallMs.toFixed(0)} ms wall, ${baseline.cpuMs.toFixed(0)} ms CPU, ${baseline.rssMb.toFixed(0)} MB (Node's start, the CLI, one read, check and JSON document: every run below includes it)`] : []),
    `- Worst case: ${slowest.wallMs.toFixed(0)} ms (${slowest.family}, ${slowest.variant}); ${biggest.rssMb.toFixed(0)} MB (${biggest.family}, ${biggest.variant}): ${met ? 'target met' : '**target missed**'}`,
    '',
    '| family | what it attacks | worst variant | wall ms | CPU ms | peak MB | answer |',
    '|---|---|---|---:|---:|---:|---|',
    ...families.map((family) => {
      const worst = worstBy(results.filter((r) => r.family === family), (r) => r.wallMs);
      return row(worst, [family, FAMILY_NOTES[family] ?? '', worst.variant]);
    }),
    '',
    '| family | variant | bytes | wall ms | CPU ms | peak MB | answer |',
    '|---|---|---:|---:|---:|---:|---|',
    ...results.map((r) => row(r, [r.family, r.variant, String(r.bytes)])),
    HOSTILE_END,
  ].join('\n');
}

/** One line per family for the report (the families' own descriptions are longer). */
const FAMILY_NOTES: Record<string, string> = {
  'pbkdf2-huge-key-length': 'PBKDF2 asked for a huge key (iterations × blocks)',
  'pbkdf2-huge-iterations': 'PBKDF2 iteration counts, in one and many bags',
  'pkcs12-kdf-huge-iterations': 'PKCS#12 KDF iterations, SHA-512, a 10 MiB salt',
  'cipher-without-mac': 'MB of RC2/3DES/AES ciphertext, no MAC',
  'ber-deep-nesting': 'millions of nested BER levels',
  'ber-chunk-flood': 'millions of constructed OCTET STRING chunks',
  'huge-bag-set': 'millions of bags or attributes',
  'many-certificates-one-name': 'same-name certificates (chain building)',
  'costly-signatures': 'expensive RSA signature checks',
  'long-oid-arcs': 'huge OIDs and thousands of extensions',
  'pem-encrypted-key-kdf': 'OpenSSL key derivation of a PEM key',
};

/** Replaces the hostile section of docs/benchmarks.md (markers included), or appends it when there is none. */
export function replaceHostileSection(doc: string, section: string): string {
  const start = doc.indexOf(HOSTILE_START);
  const end = doc.indexOf(HOSTILE_END);
  if (start < 0 || end < start) return `${doc.replace(/\n*$/, '\n')}\n${section}\n`;
  return doc.slice(0, start) + section + doc.slice(end + HOSTILE_END.length);
}

export function renderReport(rows: BenchRow[], scale: ScalePoint[], machine: Machine, hostile: HostileResult[] = []): string {
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
    'Rows "[6] Chains, whole process": the whole `certdesk inspect FILE --json` process (Node start, the CLI',
    "bundle and its V8 code cache, read, chain, summaries, AMT checks, the JSON document written) against",
    '`openssl pkcs7 -inform DER -print_certs` on the same file (the command issue [6] names: it prints every',
    "certificate as certdesk prints every summary), process start included on both sides, output written to",
    '/dev/null on both sides; then against `-noout`. The two "floor" rows are measured against the same',
    "openssl run: Node's start alone and `certdesk inspect` of a one-certificate file, the part of the ratio",
    'that no change to how the bundle is read can remove. The 1,000-certificate bundle is the one of the',
    'scale curve below (every certificate shares one name and key, so chain building meets its worst case',
    'too); the 300-certificate one holds self-signed certificates that share one name and one key, without',
    'key identifiers (one `openssl ca -selfsign` run), where checking every candidate against every',
    'certificate took over 20 s.',
    '',
    '## PKCS#7 scale curve',
    '',
    'Degenerate SignedData bundles of distinct certificates (one real certificate, serial rewritten), parsed',
    'in-process; openssl reads the same file (`openssl pkcs7 -inform DER -print_certs -noout`, a process start',
    'included).',
    '',
    renderScale(scale),
    '',
    ...(hostile.length ? [renderHostileSection(hostile, machine), ''] : []),
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
