// The Fleet table as CSV, the same file `certdesk check DIR --csv` writes (electron/cli/fleet.ts renderFleetCsv;
// test/unit/renderer/fleet-csv.test.ts holds the two to the same bytes): a script reads either.
import type { FleetResult } from '../../../../shared/contract/fleet';

const GENERATION_IDS = ['amt-11', 'amt-12-15', 'amt-16'];

/** RFC 4180 cell; a cell a spreadsheet would run as a formula (= + - @ at the start) gets a leading apostrophe. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function fleetCsv(result: FleetResult): string {
  const header = [
    'file',
    'server_cn',
    'suffixes',
    'not_after',
    'days_left',
    'expiry_warning',
    ...GENERATION_IDS.map((id) => id.replace(/-/g, '_')),
    'status',
    'todo',
  ];
  const rows = result.rows.map((row) => [
    row.file,
    row.serverCn ?? '',
    row.suffixes.join(' '),
    row.notAfter ?? '',
    row.daysLeft === null ? '' : String(row.daysLeft),
    row.expiryWarning ?? '',
    ...GENERATION_IDS.map((id) => {
      const g = row.generations.find((x) => x.id === id);
      return g ? (g.ready ? 'ready' : 'not-ready') : '';
    }),
    row.status,
    row.todo,
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
