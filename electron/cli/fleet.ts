// `certdesk check DIR` (issue [10] item 4): every certificate file under a folder in one table, JSON or CSV.
// Exit 0 when every file is ready, 1 when any is not (a file needing another password counts as not ready but does
// not stop the run), 2 on usage errors. A progress bar on stderr when stderr is a terminal and the run is long.
import type { FleetResult, FleetRow } from '../../shared/contract/fleet';
import { CertDeskError } from '../../shared/errors';
import { FLEET_GENERATION_COLUMNS, fleetCsv } from '../../shared/fleet-csv';
import { fleetTotals } from '../../shared/fleet-rows';
import { judgeFleetFile, readFleetEntry, walkCertificateFolder } from '../engine/fleet';
import { EXIT_NOT_READY, EXIT_OK, type PasswordOptions, passwordFromOptions, runCommand, sanitize, style, writeJson } from './io';

export interface FleetCliOptions extends PasswordOptions {
  json?: boolean;
  csv?: boolean;
  amtVersion?: string[];
  trustRootHash?: string[];
}

const PROGRESS_AFTER = 20;

function progressBar(): { update(done: number, total: number): void; end(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, end: () => undefined };
  let shown = false;
  return {
    update(done, total) {
      if (total < PROGRESS_AFTER) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} files`);
      shown = true;
    },
    end() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

function expiryText(row: FleetRow, color: boolean): string {
  if (row.daysLeft === null || !row.notAfter) return '-';
  const date = row.notAfter.slice(0, 10);
  const paint = (t: string) => (!color ? t : row.expiryWarning === 'expired' || row.expiryWarning === '1-day' || row.expiryWarning === '30-days' ? style.red(t) : row.expiryWarning === '60-days' ? style.yellow(t) : t);
  if (row.daysLeft < 0) return paint(`${date} EXPIRED`);
  const warn = row.expiryWarning === '1-day' ? ' !1d' : row.expiryWarning === '30-days' ? ' !30d' : row.expiryWarning === '60-days' ? ' !60d' : '';
  return paint(`${date} (${row.daysLeft}d)${warn}`);
}

function generationCell(row: FleetRow, id: string): string {
  const g = row.generations.find((x) => x.id === id);
  if (!g) return row.status === 'needs-password' ? 'password?' : '-';
  return g.ready ? 'ready' : 'NO';
}

function statusText(row: FleetRow): string {
  return { ready: 'READY', 'not-ready': 'NOT READY', 'needs-password': 'NEEDS A PASSWORD', unreadable: 'UNREADABLE' }[row.status];
}

export function renderFleetTable(result: FleetResult): string[] {
  const header = ['FILE', 'SERVER CN', 'SUFFIXES SERVED', 'EXPIRES', ...FLEET_GENERATION_COLUMNS.map((c) => c.header), 'STATUS', 'WHAT TO DO'];
  const cells = result.rows.map((row) => [
    sanitize(row.file),
    sanitize(row.serverCn ?? '-'),
    sanitize(row.suffixes.join(', ') || '-'),
    expiryText(row, false),
    ...FLEET_GENERATION_COLUMNS.map((c) => generationCell(row, c.id)),
    statusText(row),
    sanitize(row.todo || (row.status === 'ready' ? '' : '-')),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const lines = [style.bold(line(header))];
  result.rows.forEach((row, i) => {
    const r = cells[i];
    const text = line(r);
    lines.push(row.status === 'ready' ? (row.expiryWarning ? style.yellow(text) : text) : style.red(text));
  });
  const t = result.totals;
  lines.push('');
  lines.push(
    `${t.files} file${t.files === 1 ? '' : 's'}: ${t.ready} ready, ${t.notReady} not ready${t.needsPassword ? `, ${t.needsPassword} need${t.needsPassword === 1 ? 's' : ''} a password` : ''}${t.unreadable ? `, ${t.unreadable} unreadable` : ''}.`,
  );
  const e = t.expiring;
  if (e.expired + e.within1 + e.within30 + e.within60 > 0) {
    lines.push(`Expiry: ${e.expired} expired, ${e.within1} within 1 day, ${e.within30} within 30 days, ${e.within60} within 60 days.`);
  }
  const s = result.skipped;
  if (s && s.symlinks + s.tooDeep + s.overLimit > 0) {
    lines.push(style.dim(`Not read: ${s.symlinks} symbolic link${s.symlinks === 1 ? '' : 's'} (never followed), ${s.tooDeep} folder${s.tooDeep === 1 ? '' : 's'} too deep, ${s.overLimit} file${s.overLimit === 1 ? '' : 's'} over the count limit.`));
  }
  return lines;
}

export async function fleetFromFolder(dir: string, options: FleetCliOptions): Promise<FleetResult> {
  if (options.json && options.csv) throw new CertDeskError('usage', 'Give --json or --csv, not both.');
  const password = await passwordFromOptions(options);
  const walk = walkCertificateFolder(dir);
  if (walk.files.length === 0) throw new CertDeskError('not-found', `No certificate files (.pfx .p12 .cer .crt .der .pem .p7b .csr) under ${dir}.`);
  const bar = progressBar();
  const rows: FleetRow[] = [];
  try {
    for (const entry of walk.files) {
      const read = readFleetEntry(entry);
      rows.push('bytes' in read ? judgeFleetFile(read, { password, amtVersions: options.amtVersion, trustRootHashes: options.trustRootHash }) : read);
      bar.update(rows.length, walk.files.length);
    }
  } finally {
    bar.end();
  }
  return { rows, totals: fleetTotals(rows), skipped: walk.skipped };
}

/** `check DIR`: the action inspect.ts's check hands a directory to. */
export function runFleetCheck(dir: string, options: FleetCliOptions): Promise<void> {
  return runCommand(options, () => fleetFromFolder(dir, options), (result) => {
    if (options.json) writeJson(result);
    else if (options.csv) process.stdout.write(fleetCsv(result));
    else process.stdout.write(renderFleetTable(result).join('\n') + '\n');
    return result.rows.every((r) => r.status === 'ready') ? EXIT_OK : EXIT_NOT_READY;
  });
}
