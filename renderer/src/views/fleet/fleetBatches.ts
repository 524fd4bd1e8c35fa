// Splits dropped/picked files into fleet.check batches (shared/contract/fleet.ts bounds: files and bytes per call).
import { FLEET_BATCH_BYTES, FLEET_BATCH_FILES, type FleetRow, type FleetTotals } from '../../../../shared/contract/fleet';

export interface PickedFile {
  name: string;
  size: number;
}

export const CERT_FILE = /\.(pfx|p12|cer|crt|der|pem|p7b|p7c|csr|req)$/i;
export const MAX_FILE = 10 * 1024 * 1024;

/** Groups files (in order) so that no batch exceeds the count or the byte bound (an oversize file counts as 10 MiB: it is not sent). */
export function batches<T extends PickedFile>(files: T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    const size = Math.min(file.size, MAX_FILE + 1);
    if (current.length && (current.length >= FLEET_BATCH_FILES || bytes + size > FLEET_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

/** The row of a file over 10 MiB, made without reading it (the CLI's walk words it the same way). */
export function tooLargeRow(name: string, size: number): FleetRow {
  const message = `${(size / 1048576).toFixed(1)} MiB; certificate files over 10 MiB are refused.`;
  return {
    file: name,
    status: 'unreadable',
    format: null,
    serverCn: null,
    suffixes: [],
    notAfter: null,
    daysLeft: null,
    expiryWarning: null,
    generations: [],
    ready: false,
    todo: message,
    error: { code: 'too-large', message },
  };
}

/** Totals of one row made in the page (a too-large file). */
export function totalsOf(row: FleetRow): FleetTotals {
  const w = row.expiryWarning;
  return {
    files: 1,
    ready: row.status === 'ready' ? 1 : 0,
    notReady: row.status === 'not-ready' ? 1 : 0,
    needsPassword: row.status === 'needs-password' ? 1 : 0,
    unreadable: row.status === 'unreadable' ? 1 : 0,
    expiring: { expired: w === 'expired' ? 1 : 0, within1: w === '1-day' ? 1 : 0, within30: w === '30-days' ? 1 : 0, within60: w === '60-days' ? 1 : 0 },
  };
}

/** Totals of a run so far plus one more batch's. */
export function addTotals(a: FleetTotals, b: FleetTotals): FleetTotals {
  return {
    files: a.files + b.files,
    ready: a.ready + b.ready,
    notReady: a.notReady + b.notReady,
    needsPassword: a.needsPassword + b.needsPassword,
    unreadable: a.unreadable + b.unreadable,
    expiring: {
      expired: a.expiring.expired + b.expiring.expired,
      within1: a.expiring.within1 + b.expiring.within1,
      within30: a.expiring.within30 + b.expiring.within30,
      within60: a.expiring.within60 + b.expiring.within60,
    },
  };
}
