// The Details tab's "Show:" filter (reference/windows-cert-dialog.md §2.1): a table, not a chain of ifs.
import type { DetailRow } from '../../../shared/dto';

export const showFilters = [
  { id: 'all', label: '<All>', test: () => true },
  { id: 'v1', label: 'Version 1 Fields Only', test: (row: DetailRow) => row.v1 },
  { id: 'extensions', label: 'Extensions Only', test: (row: DetailRow) => row.kind === 'extension' },
  { id: 'critical', label: 'Critical Extensions Only', test: (row: DetailRow) => row.kind === 'extension' && row.critical },
  { id: 'properties', label: 'Properties Only', test: (row: DetailRow) => row.kind === 'property' },
] as const;

export type ShowFilterId = (typeof showFilters)[number]['id'];

export function filterDetails(rows: readonly DetailRow[], filter: ShowFilterId): DetailRow[] {
  const entry = showFilters.find((f) => f.id === filter) ?? showFilters[0];
  return rows.filter((row) => entry.test(row));
}
