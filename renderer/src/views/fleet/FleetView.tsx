// Fleet view (issue [10] item 4): a folder of certificate files — several provisioning servers' exports — in one
// table: server CN, suffixes served, expiry (warnings at 60/30/1 days), readiness per AMT generation, what to do.
// Files go to `fleet.check` in bounded batches (fleetBatches.ts); a folder comes from a drop or a webkitdirectory
// picker, single files from a drop or a multiple-file picker. The table saves as the CLI's CSV (shared/fleet-csv.ts).
import { useRef, useState, type DragEvent } from 'react';
import type { ExpiryWarning, FleetResult, FleetRow } from '../../../../shared/contract/fleet';
import type { ErrorInfo } from '../../../../shared/errors';
import type { ViewProps } from '../../app/types';
import { formatDate } from '../../lib/dates';
import { downloadBytes } from '../../lib/download';
import { toUiError } from '../../lib/errors';
import { fleetTotals, tooLargeRow } from '../../../../shared/fleet-rows';
import { CERT_FILE, MAX_FILE, batches } from './fleetBatches';
import { fleetCsv } from '../../../../shared/fleet-csv';
import './fleet.css';

interface Picked {
  name: string;
  size: number;
  file: File;
}

const GENERATIONS = [
  { id: 'amt-11', label: 'AMT 11' },
  { id: 'amt-12-15', label: 'AMT 12–15' },
  { id: 'amt-16', label: 'AMT 16+' },
];

function base64(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let text = '';
  for (let i = 0; i < view.length; i += 0x8000) text += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * Files under dropped folders (entries API), and dropped files; symbolic links are not visible to a page. The
 * drop's items can be read only while the event runs, so every entry is taken before the first await (reading
 * item 2 after walking item 1 finds the list emptied).
 */
function filesFromDrop(event: DragEvent): Promise<Picked[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(event.dataTransfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    const file = entry ? null : item.getAsFile();
    if (entry) entries.push(entry);
    else if (file) loose.push(file);
  }
  return walkDropped(entries, loose);
}

async function walkDropped(entries: FileSystemEntry[], loose: File[]): Promise<Picked[]> {
  const out: Picked[] = loose.filter((file) => CERT_FILE.test(file.name)).map((file) => ({ name: file.name, size: file.size, file }));
  const walk = async (entry: FileSystemEntry, prefix: string, depth: number): Promise<void> => {
    if (depth > 8 || out.length >= 5000) return;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      if (CERT_FILE.test(file.name)) out.push({ name: prefix + file.name, size: file.size, file });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (chunk.length === 0) break;
        for (const child of chunk) await walk(child, `${prefix}${entry.name}/`, depth + 1);
      }
    }
  };
  for (const entry of entries) await walk(entry, '', 0);
  return out;
}

function daysText(row: FleetRow): string {
  if (row.daysLeft === null || !row.notAfter) return '—';
  if (row.daysLeft < 0) return `${formatDate(row.notAfter)} · expired`;
  return `${formatDate(row.notAfter)} · ${row.daysLeft} day${row.daysLeft === 1 ? '' : 's'} left`;
}

// In words as well as in colour: a colour alone says nothing to a screen reader or on a grey printout.
const WARNING_WORDS: Record<NonNullable<ExpiryWarning>, string> = {
  expired: 'Expired: renew now',
  '1-day': 'Expires within 1 day',
  '30-days': 'Expires within 30 days',
  '60-days': 'Expires within 60 days',
};

// The engine's sentence for this row names the CLI's --password-env; in the app the password box is the way.
const NEEDS_PASSWORD_TODO = 'Type its password in “PFX password” and check again (that password is tried on every PFX).';

const STATUS_WORDS: Record<FleetRow['status'], string> = {
  ready: 'Ready',
  'not-ready': 'Not ready',
  'needs-password': 'Needs a password',
  unreadable: 'Unreadable',
};

export function FleetView(_props: ViewProps) {
  const [password, setPassword] = useState('');
  const [result, setResult] = useState<FleetResult | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [dragging, setDragging] = useState(false);
  const [trustedCount, setTrustedCount] = useState(0);
  const picker = useRef<HTMLInputElement>(null);
  const filePicker = useRef<HTMLInputElement>(null);
  // A new folder while a long run is still going replaces it: the old run's later batches are dropped.
  const runs = useRef(0);

  async function check(picked: Picked[]) {
    const run = ++runs.current;
    setError(null);
    setResult(null);
    const files = picked.filter((p) => CERT_FILE.test(p.name));
    if (files.length === 0) {
      setError({ code: 'not-found', message: 'No certificate files (.pfx .p12 .cer .crt .der .pem .p7b .csr) in that folder.' });
      return;
    }
    const rows: FleetRow[] = [];
    setProgress({ done: 0, total: files.length });
    try {
      // The roots the user trusts (Inspect's "Which roots does AMT trust?", settings.json) count here as they do
      // when one file is opened; otherwise every file of an internal CA would read "not ready" only in this view.
      const settings = await window.certdesk['settings.get']({});
      if (run !== runs.current) return;
      const trustRootHashes = settings.trustedRoots.map((r) => r.hash);
      setTrustedCount(trustRootHashes.length);
      for (const batch of batches(files)) {
        // A file over 10 MiB is never read: its row is made here, as the CLI's walk does, rather than sent empty
        // (the engine would call it "empty").
        const readable = batch.filter((p) => p.size <= MAX_FILE);
        const payload = await Promise.all(readable.map(async (p) => ({ fileName: p.name, contentBase64: base64(await p.file.arrayBuffer()) })));
        const answer = payload.length
          ? await window.certdesk['fleet.check']({
              files: payload,
              ...(password ? { password } : {}),
              ...(trustRootHashes.length ? { trustRootHashes } : {}),
            })
          : null;
        if (run !== runs.current) return;
        // In the order the files were picked.
        const judged = [...(answer?.rows ?? [])];
        for (const p of batch) {
          const row = p.size > MAX_FILE ? tooLargeRow(p.name, p.size) : judged.shift();
          if (!row) continue;
          rows.push(row);
        }
        setProgress({ done: rows.length, total: files.length });
        if (rows.length) setResult({ rows: [...rows], totals: fleetTotals(rows) });
      }
    } catch (e) {
      if (run === runs.current) setError(toUiError(e));
    } finally {
      if (run === runs.current) setProgress(null);
    }
  }

  const onPick = (list: FileList | null) => {
    if (!list) return;
    void check(Array.from(list).map((file) => ({ name: file.webkitRelativePath || file.name, size: file.size, file })));
  };

  return (
    <section className="fleet-view" aria-labelledby="fleet-title">
      <h1 id="fleet-title">Fleet</h1>
      <p className="fleet-intro">
        Drop a folder of provisioning certificates — several servers' exports — to see every one at once: which server, which DHCP suffixes it serves, when it
        expires, and whether AMT 11, 12–15 and 16+ will accept it.
      </p>
      <label className="fleet-password">
        PFX password (tried on every PFX)
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" />
      </label>
      <div
        className={`fleet-drop${dragging ? ' dragging' : ''}`}
        data-testid="fleet-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void filesFromDrop(e).then(check, (err) => setError(toUiError(err)));
        }}
      >
        <p>Drop a folder or files here, or</p>
        <button type="button" className="btn" onClick={() => picker.current?.click()}>
          Choose a folder…
        </button>{' '}
        <button type="button" className="btn" onClick={() => filePicker.current?.click()}>
          Choose files…
        </button>
        <input
          ref={picker}
          type="file"
          hidden
          multiple
          data-testid="fleet-folder-input"
          {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
          onChange={(e) => {
            onPick(e.target.files);
            e.target.value = '';
          }}
        />
        <input
          ref={filePicker}
          type="file"
          hidden
          multiple
          accept=".pfx,.p12,.cer,.crt,.der,.pem,.p7b,.p7c,.csr,.req"
          data-testid="fleet-files-input"
          onChange={(e) => {
            onPick(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {progress && (
        <p role="status" className="fleet-progress">
          Checking {progress.done} of {progress.total} files…
          <progress max={progress.total} value={progress.done} />
        </p>
      )}
      {error && (
        <p role="alert" className="fleet-error">
          {error.message}
        </p>
      )}
      {result && (
        <>
          <p className="fleet-totals" data-testid="fleet-totals">
            {result.totals.files} files: {result.totals.ready} ready, {result.totals.notReady} not ready
            {result.totals.needsPassword ? `, ${result.totals.needsPassword} need a password` : ''}
            {result.totals.unreadable ? `, ${result.totals.unreadable} unreadable` : ''}.
            {result.totals.expiring.expired + result.totals.expiring.within1 + result.totals.expiring.within30 + result.totals.expiring.within60 > 0 &&
              ` Expiring: ${result.totals.expiring.expired} expired, ${result.totals.expiring.within1} within 1 day, ${result.totals.expiring.within30} within 30 days, ${result.totals.expiring.within60} within 60 days.`}
            {trustedCount > 0 && ` Your ${trustedCount} trusted root${trustedCount === 1 ? '' : 's'} count as built into AMT.`}
          </p>
          {!progress && (
            <p className="fleet-actions">
              <button type="button" className="btn" onClick={() => downloadBytes('certdesk-fleet.csv', fleetCsv(result), 'text/csv')}>
                Save as CSV…
              </button>
            </p>
          )}
          <table className="fleet-table" aria-label="Certificate files">
            <thead>
              <tr>
                <th>File</th>
                <th>Server CN</th>
                <th>Suffixes served</th>
                <th>Expires</th>
                {GENERATIONS.map((g) => (
                  <th key={g.id}>{g.label}</th>
                ))}
                <th>What to do</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.file} className={`fleet-row ${row.status}`} data-status={row.status}>
                  <td>{row.file}</td>
                  <td>{row.serverCn ?? '—'}</td>
                  <td>{row.suffixes.join(', ') || '—'}</td>
                  {/* fleet-expiry, not expiry: that class is the Inspect view's flex box, which would undo the table cell. */}
                  <td className={row.expiryWarning ? `fleet-expiry ${row.expiryWarning}` : 'fleet-expiry'}>
                    {daysText(row)}
                    {row.expiryWarning && <span className="fleet-expiry-warning">⚠ {WARNING_WORDS[row.expiryWarning]}</span>}
                  </td>
                  {GENERATIONS.map((g) => {
                    const v = row.generations.find((x) => x.id === g.id);
                    return (
                      <td key={g.id} className={v ? (v.ready ? 'gen-ready' : 'gen-no') : ''}>
                        {v ? (v.ready ? '✓ Ready' : '✗ No') : '—'}
                      </td>
                    );
                  })}
                  <td className="fleet-todo">
                    {row.status !== 'ready' && STATUS_WORDS[row.status]}
                    {row.status === 'needs-password' ? `: ${NEEDS_PASSWORD_TODO}` : row.todo ? `: ${row.todo}` : ''}
                    {row.error && (
                      <span className="fleet-code">
                        {' '}
                        (code: <code>{row.error.code}</code>)
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
