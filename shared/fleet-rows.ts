// Fleet rows that the engine does not judge (a file that could not be read, or is over 10 MiB and never read) and
// the totals of a run: one definition for the engine (the CLI's folder walk, fleet.check) and the app's Fleet view,
// which makes the row of a file over 10 MiB itself rather than send it.
import type { FleetRow, FleetTotals } from './contract/fleet';
import type { ErrorInfo } from './errors';

/** A fix in a few words: its first sentence (a colon or semicolon does not end one), at most 100 characters. */
export function shortFix(text: string): string {
  const first = text.split(/(?<=[.!?])\s/)[0].trim();
  return first.length > 100 ? `${first.slice(0, 99)}…` : first;
}

/** The row of a file the engine could not judge: needs a password, or unreadable (the error says why). */
export function errorRow(name: string, error: ErrorInfo): FleetRow {
  const needsPassword = error.code === 'wrong-password';
  return {
    file: name,
    status: needsPassword ? 'needs-password' : 'unreadable',
    format: needsPassword ? 'pkcs12' : null,
    serverCn: null,
    suffixes: [],
    notAfter: null,
    daysLeft: null,
    expiryWarning: null,
    generations: [],
    ready: false,
    todo: needsPassword ? 'Give its password (--password-env applies to every file; this one has another).' : shortFix(error.message),
    error,
  };
}

/** The row of a file over 10 MiB, made without reading it. */
export function tooLargeRow(name: string, size: number): FleetRow {
  return errorRow(name, { code: 'too-large', message: `${(size / 1048576).toFixed(1)} MiB; certificate files over 10 MiB are refused.` });
}

export function fleetTotals(rows: FleetRow[]): FleetTotals {
  const totals: FleetTotals = {
    files: rows.length,
    ready: 0,
    notReady: 0,
    needsPassword: 0,
    unreadable: 0,
    expiring: { expired: 0, within1: 0, within30: 0, within60: 0 },
  };
  for (const row of rows) {
    if (row.status === 'ready') totals.ready++;
    else if (row.status === 'not-ready') totals.notReady++;
    else if (row.status === 'needs-password') totals.needsPassword++;
    else totals.unreadable++;
    if (row.expiryWarning === 'expired') totals.expiring.expired++;
    else if (row.expiryWarning === '1-day') totals.expiring.within1++;
    else if (row.expiryWarning === '30-days') totals.expiring.within30++;
    else if (row.expiryWarning === '60-days') totals.expiring.within60++;
  }
  return totals;
}
