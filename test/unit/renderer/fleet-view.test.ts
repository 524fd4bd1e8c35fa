// The Fleet view's pure pieces against the engine's and the CLI's own: the CSV (one writer, shared/fleet-csv.ts,
// for the view and `certdesk check --csv`; test/e2e/fleet.test.ts compares the two files), a too-large row says
// what the CLI's walk says, and totals added per batch equal the totals of the whole run.
import { describe, expect, it } from 'vitest';
import type { FleetResult, FleetRow } from '../../../shared/contract/fleet';
import { judgeFleetFile, readFleetEntry } from '../../../electron/engine/fleet';
import { fleetCsv } from '../../../shared/fleet-csv';
import { fleetTotals, tooLargeRow } from '../../../shared/fleet-rows';

const generations = (ready: [boolean, boolean, boolean]) => ['amt-11', 'amt-12-15', 'amt-16'].map((id, i) => ({ id, name: id, ready: ready[i], asked: true }));

function row(partial: Partial<FleetRow> & Pick<FleetRow, 'file' | 'status'>): FleetRow {
  return {
    format: 'pem',
    serverCn: null,
    suffixes: [],
    notAfter: null,
    daysLeft: null,
    expiryWarning: null,
    generations: [],
    ready: partial.status === 'ready',
    todo: '',
    ...partial,
  };
}

const rows: FleetRow[] = [
  row({
    file: 'a/ready.pem',
    status: 'ready',
    serverCn: 'prov.corp.example.com',
    suffixes: ['corp.example.com', 'example.com'],
    notAfter: '2030-01-01T00:00:00.000Z',
    daysLeft: 1200,
    generations: generations([true, true, false]),
  }),
  row({
    file: 'soon, "quoted".pem',
    status: 'not-ready',
    serverCn: '=cmd|x',
    notAfter: '2026-01-20T00:00:00.000Z',
    daysLeft: 19,
    expiryWarning: '30-days',
    generations: generations([false, false, false]),
    todo: 'Add the OU: "Intel(R) Client Setup Certificate".',
    failing: 'ou',
  }),
  row({ file: 'old.cer', status: 'not-ready', notAfter: '2020-01-01T00:00:00.000Z', daysLeft: -2000, expiryWarning: 'expired', todo: '-line\r\nbreak' }),
  row({ file: 'locked.pfx', status: 'needs-password', format: 'pkcs12', error: { code: 'wrong-password', message: 'wrong' } }),
  row({ file: 'junk.pem', status: 'unreadable', format: null, error: { code: 'unreadable', message: 'not a certificate' } }),
];

describe('Fleet view', () => {
  it('the CSV: one line per row, escaping, formula guard, empty cells, CRLF', () => {
    const result: FleetResult = { rows, totals: fleetTotals(rows) };
    const csv = fleetCsv(result);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('file,server_cn,suffixes,not_after,days_left,expiry_warning,amt_11,amt_12_15,amt_16,status,todo');
    expect(lines[1]).toBe('a/ready.pem,prov.corp.example.com,corp.example.com example.com,2030-01-01T00:00:00.000Z,1200,,ready,ready,not-ready,ready,');
    expect(csv).toContain(`"soon, ""quoted"".pem",'=cmd|x,`);
    expect(csv).toContain(`,not-ready,not-ready,not-ready,not-ready,"Add the OU: ""Intel(R) Client Setup Certificate""."\r\n`);
    // A cell that starts with - is guarded and its line break stays inside the quotes; a negative number is not guarded.
    expect(csv).toContain(`old.cer,,,2020-01-01T00:00:00.000Z,-2000,expired,,,,not-ready,"'-line\r\nbreak"\r\n`);
    expect(csv).toContain('locked.pfx,,,,,,,,,needs-password,\r\n');
    expect(csv).toContain('junk.pem,,,,,,,,,unreadable,\r\n');
  });

  it('a file over 10 MiB: the row the CLI walk makes, whole sentence in todo, counted as unreadable', () => {
    const size = 11 * 1048576 + 5;
    const mine = tooLargeRow('big.pem', size);
    const cli = readFleetEntry({ name: 'big.pem', path: '/nonexistent/big.pem', size }) as FleetRow;
    expect(mine).toEqual(cli);
    // Bytes already in memory (fleet.check) over the limit get the same row, without being read.
    expect(judgeFleetFile({ name: 'big.pem', bytes: Buffer.alloc(size) })).toEqual(cli);
    expect(mine.error).toEqual({ code: 'too-large', message: '11.0 MiB; certificate files over 10 MiB are refused.' });
    expect(mine.todo).toBe('11.0 MiB; certificate files over 10 MiB are refused.');
    expect(mine.status).toBe('unreadable');
    expect(fleetTotals([mine])).toMatchObject({ files: 1, unreadable: 1, ready: 0 });
  });

  it('totals: each status and expiry warning counted once', () => {
    expect(fleetTotals(rows)).toEqual({
      files: 5,
      ready: 1,
      notReady: 2,
      needsPassword: 1,
      unreadable: 1,
      expiring: { expired: 1, within1: 0, within30: 1, within60: 0 },
    });
  });
});
