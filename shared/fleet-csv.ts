// The fleet table as CSV: what `certdesk check DIR --csv` prints and what the app's Fleet view saves, one
// writer for both so a script reads either file the same way.
import type { FleetResult } from './contract/fleet';

/** The generation columns of the fleet table, by id (the proposed AMT 22 row is not a column). */
export const FLEET_GENERATION_COLUMNS: readonly { id: string; header: string }[] = [
  { id: 'amt-11', header: 'AMT 11' },
  { id: 'amt-12-15', header: 'AMT 12-15' },
  { id: 'amt-16', header: 'AMT 16+' },
];

/**
 * RFC 4180 cell; a cell a spreadsheet would run as a formula (= + - @ at the start) gets a leading apostrophe.
 * A plain number is left alone: the days left of an expired certificate (-20) must stay a number.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-\d+$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function fleetCsv(result: FleetResult): string {
  const generationIds = FLEET_GENERATION_COLUMNS.map((c) => c.id);
  const header = ['file', 'server_cn', 'suffixes', 'not_after', 'days_left', 'expiry_warning', ...generationIds.map((id) => id.replace(/-/g, '_')), 'status', 'todo'];
  const rows = result.rows.map((row) => [
    row.file,
    row.serverCn ?? '',
    row.suffixes.join(' '),
    row.notAfter ?? '',
    row.daysLeft === null ? '' : String(row.daysLeft),
    row.expiryWarning ?? '',
    ...generationIds.map((id) => {
      const g = row.generations.find((x) => x.id === id);
      return g ? (g.ready ? 'ready' : 'not-ready') : '';
    }),
    row.status,
    row.todo,
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
