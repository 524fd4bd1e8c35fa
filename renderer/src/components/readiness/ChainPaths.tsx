// "Chain paths" in the readiness panel (chain repair): the issuer paths the file's certificates (and the catalogue's
// roots) make, the one CertDesk chose and, for each other one, why AMT would refuse it or why it is not the best.
// "Export repaired PFX…" asks the engine (chain.repair) for a PFX with the key and exactly the chosen path; like
// Export PFX in Requests, the PFX never comes to this page: Electron saves it from main, the preview hands it to
// the browser's download manager (lib/download.ts deliverFile). The passwords live only in the password boxes
// (uncontrolled) and are cleared as soon as the engine has answered. "Add CA certificates…" is `--ca-bundle`: the
// CA's own files (PEM, DER or .p7b) offer issuers the file lacks, for the paths only; the verdict still judges the
// chain the file presents.
import { useId, useRef, useState } from 'react';
import type { OpenedFile } from '../../../../shared/bridge';
import { MAX_CA_BUNDLES } from '../../../../shared/contract/inspect';
import { MAX_FILE_BYTES } from '../../../../shared/contract/operation';
import type { ChainPath, ChainPathLink, InspectResult } from '../../../../shared/dto';
import type { ErrorInfo } from '../../../../shared/errors';
import { deliverFile } from '../../lib/download';
import { toUiError } from '../../lib/errors';
import { readOpenedFile } from '../../lib/readFile';
import { PfxPasswordFields, StrengthMeter } from '../PasswordFields';
import { StatusIcon } from '../StatusIcon';
import { passwordPairProblem, passwordStrength, type StrengthHint } from '../../lib/password';
import type { Judging, Outcome } from './judging';
import '../../styles/chain-paths.css';

export interface ChainPathsProps {
  result: InspectResult;
  /** What `result` was judged with: the export is judged the same way. */
  applied: Judging;
  /** The open file (its bytes, already in this page): without it, the panel shows the command line instead of the export. */
  file?: OpenedFile;
  /** Judges the file again with these CA bundles (absent: no "Add CA certificates…", as in the Requests list). */
  onCaBundles?: (bundles: Judging['caBundles']) => Promise<Outcome>;
}

const SOURCE: Record<ChainPathLink['source'], string> = { file: 'in the file', bundle: 'from a CA bundle', catalogue: 'from the AMT root catalogue' };

function Links({ path }: { path: ChainPath }) {
  return (
    <ol className="chain-links">
      {path.links.map((link, i) => (
        <li key={link.sha256} data-sha256={link.sha256} data-source={link.source}>
          <span className="chain-link-name">{link.name}</span>
          <span className="chain-link-facts">
            {i === 0 ? 'leaf' : link.selfSigned ? 'root' : link.crossSigned ? 'cross-signed' : 'intermediate'}
            {' · '}
            <span className={link.signatureHash === 'SHA-1' || link.signatureHash.startsWith('MD') ? 'weak' : undefined}>{link.signatureHash}</span>
            {link.source !== 'file' && ` · ${link.source === 'bundle' && link.bundle ? `from ${link.bundle}` : SOURCE[link.source]}`}
          </span>
        </li>
      ))}
      {path.end === 'issuer-missing' && <li className="chain-link-missing">issuer missing</li>}
    </ol>
  );
}

/** The CA bundles in use for this file, and "Add CA certificates…" (a file picker of PEM, DER or .p7b files). */
function CaBundles({ applied, onCaBundles }: { applied: Judging; onCaBundles: NonNullable<ChainPathsProps['onCaBundles']> }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const apply = async (bundles: Judging['caBundles']) => {
    setBusy(true);
    const outcome = await onCaBundles(bundles);
    setError(outcome.ok || outcome.error.code === 'cancelled' ? null : outcome.error);
    setBusy(false);
  };

  const add = async (files: File[]) => {
    const tooBig = files.find((f) => f.size > MAX_FILE_BYTES);
    if (tooBig) return setError({ code: 'too-large', message: `${tooBig.name} is over 10 MiB; certificate files over 10 MiB are refused.` });
    const kept = applied.caBundles.filter((b) => !files.some((f) => f.name === b.fileName));
    if (kept.length + files.length > MAX_CA_BUNDLES) return setError({ code: 'usage', message: `At most ${MAX_CA_BUNDLES} CA certificate files at a time: remove one first.` });
    let read: Judging['caBundles'];
    try {
      read = await Promise.all(files.map(readOpenedFile));
    } catch {
      return setError({ code: 'unreadable', message: 'CertDesk could not read the chosen file.' });
    }
    await apply([...kept, ...read]);
  };

  return (
    <div className="chain-bundles" aria-labelledby={`${id}-title`} role="group" aria-busy={busy}>
      <p id={`${id}-title`} className="hint">
        {applied.caBundles.length
          ? 'CA certificates added for these paths (the verdict above still judges the file as it is):'
          : 'A certificate the file lacks (an intermediate, or a SHA-2 root) can come from your CA’s own files: PEM, DER or .p7b.'}
      </p>
      {applied.caBundles.length > 0 && (
        <ul className="chain-bundle-list" aria-label="CA certificate files">
          {applied.caBundles.map((b) => (
            <li key={b.fileName}>
              <span>{b.fileName}</span>{' '}
              <button type="button" className="btn btn-small" disabled={busy} onClick={() => void apply(applied.caBundles.filter((x) => x.fileName !== b.fileName))}>
                Remove {b.fileName}
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept=".pem,.crt,.cer,.der,.p7b,.p7c"
        aria-label="Choose CA certificate files"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length) void add(files);
        }}
      />
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => input.current?.click()}>
        {busy ? 'Checking…' : 'Add CA certificates…'}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}

export function ChainPaths({ result, applied, file, onCaBundles }: ChainPathsProps) {
  const id = useId();
  const repair = result.amt.chainRepair;
  const [open, setOpen] = useState(false);
  const filePassword = useRef<HTMLInputElement>(null);
  const first = useRef<HTMLInputElement>(null);
  const second = useRef<HTMLInputElement>(null);
  const [hint, setHint] = useState<StrengthHint>(passwordStrength(''));
  const [legacy, setLegacy] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const bundles = file && onCaBundles ? <CaBundles applied={applied} onCaBundles={onCaBundles} /> : null;
  if (!repair) {
    // One path and no bundle: nothing to choose between, unless the chain stops short and a CA file could finish it.
    const incomplete = result.leaf && result.amt.checks.some((c) => c.id === 'chain-complete' && c.status !== 'pass');
    if (!bundles || !incomplete) return null;
    return (
      <details className="chain-paths" open data-testid="chain-paths" data-changed={false} data-better={false}>
        <summary>Chain paths: the file’s chain stops short of a root</summary>
        {bundles}
      </details>
    );
  }

  const { chosen, alternatives } = repair;
  const keyed = result.hasPrivateKey && result.keyMatchesLeaf === true;
  const canExport = !!file && keyed && chosen.end === 'root' && repair.changed;

  const clear = () => {
    for (const box of [filePassword, first, second]) if (box.current) box.current.value = '';
    setHint(passwordStrength(''));
  };

  const submit = async () => {
    if (!file) return;
    const a = first.current?.value ?? '';
    const pair = passwordPairProblem(a, second.current?.value ?? '');
    if (pair) {
      setProblem(pair === 'empty' ? 'Enter a password for the repaired PFX: an empty one is refused.' : 'The two passwords do not match.');
      (pair === 'empty' ? first : second).current?.focus();
      return;
    }
    setProblem(null);
    setError(null);
    setBusy(true);
    try {
      const password = filePassword.current?.value ?? '';
      const answer = await window.certdesk['chain.repair']({
        fileName: file.fileName,
        contentBase64: file.contentBase64,
        ...(password ? { password } : {}),
        outPassword: a,
        output: 'pfx',
        ...(legacy ? { legacy: true } : {}),
        ...(applied.dnsSuffixes.length ? { dnsSuffixes: applied.dnsSuffixes } : {}),
        ...(applied.amtVersions.length ? { amtVersions: applied.amtVersions } : {}),
        ...(applied.trustRootHashes.length ? { trustRootHashes: applied.trustRootHashes } : {}),
        ...(applied.deviceHashes ? { deviceHashes: applied.deviceHashes } : {}),
        ...(applied.caBundles.length ? { caBundles: applied.caBundles } : {}),
      });
      setDone(`${deliverFile(answer)}: the key and ${answer.output.sha256s.length} certificates, exactly the chosen path.`);
    } catch (raw) {
      const err = toUiError(raw);
      if (err.code === 'cancelled') setError({ code: 'cancelled', message: 'Not saved: the save was cancelled. Enter the passwords again to export.' });
      else if (err.code === 'wrong-password') setError({ ...err, message: `The password of ${file.fileName} is not right: enter the one you opened it with.` });
      else setError(err);
    } finally {
      clear();
      setBusy(false);
    }
  };

  return (
    <details className="chain-paths" open={repair.better || undefined} data-testid="chain-paths" data-changed={repair.changed} data-better={repair.better}>
      <summary>
        Chain paths: {1 + alternatives.length} found{repair.truncated ? ' (more not followed)' : ''}
        {repair.better ? ', a better one than the file presents' : ''}
      </summary>
      <p className="hint">
        The verdict above judges the chain the file presents: that is what the provisioning server sends to AMT. These are all the paths from the certificate to
        a root that the file’s certificates{applied.caBundles.length ? ', the CA certificates added below' : ''} and the AMT root catalogue make.
      </p>
      <ol className="chain-path-list" aria-label="Issuer paths">
        <li className="chain-path is-chosen" data-chosen="true">
          <div className="chain-path-head">
            <StatusIcon status={chosen.readyFor.length ? 'pass' : 'fail'} label="Chosen" />
            <strong>Chosen</strong>
            <span>
              {chosen.readyFor.length ? `ready for ${chosen.readyFor.join(', ')}` : 'ready for no AMT generation'}
              {chosen.sha2 ? ', SHA-2 throughout' : ''}
            </span>
          </div>
          <Links path={chosen} />
        </li>
        {alternatives.map((alt) => (
          <li key={alt.certificates.join()} className="chain-path" data-chosen="false">
            <div className="chain-path-head">
              <StatusIcon status={alt.ready ? 'note' : 'fail'} label="Not chosen" />
              <span>{alt.readyFor.length ? `ready for ${alt.readyFor.join(', ')}` : 'ready for no AMT generation'}</span>
            </div>
            <Links path={alt} />
            <p className="chain-path-reason">{alt.reason}</p>
          </li>
        ))}
      </ol>
      {repair.changed ? (
        <ul className="chain-changes" aria-label="What the repaired file changes">
          {repair.dropped.map((d) => (
            <li key={`drop-${d.sha256}`}>
              <strong>Leaves out</strong> “{d.name}”{d.crossSigned ? ' (the cross-signed copy)' : ''}.
            </li>
          ))}
          {repair.added.map((a) => (
            <li key={`add-${a.sha256}`}>
              <strong>Adds</strong> “{a.name}”: {a.reason}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">The file already holds exactly the chosen path.</p>
      )}

      {bundles}
      {canExport && !open && !done && (
        <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
          Export repaired PFX…
        </button>
      )}
      {canExport && open && !done && (
        <form
          className="chain-export"
          noValidate
          aria-label="Export repaired PFX"
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void submit();
          }}
        >
          <p className="hint">A new PFX with the key and exactly the chosen path, up to the root. The file you opened is not changed.</p>
          <label className="field" htmlFor={`${id}-filepw`}>
            Password of {file!.fileName} (empty if it has none):
          </label>
          <input ref={filePassword} id={`${id}-filepw`} className="text-input" type="password" autoComplete="current-password" />
          <PfxPasswordFields
            idPrefix={`${id}-new`}
            first={first}
            second={second}
            onChange={(h) => {
              setHint(h);
              setProblem(null);
            }}
          />
          <StrengthMeter id={`${id}-new-strength`} hint={hint} />
          <label className="check-label">
            <input type="checkbox" checked={legacy} onChange={(e) => setLegacy(e.target.checked)} />
            Legacy encryption (3DES/SHA-1) for Windows Server 2016 and older
          </label>
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          {error && (
            <p className={error.code === 'cancelled' ? 'hint' : 'form-error'} role={error.code === 'cancelled' ? 'status' : 'alert'}>
              {error.message}
            </p>
          )}
          <div className="form-buttons">
            <button type="submit" className="btn btn-default" disabled={busy}>
              {busy ? 'Exporting…' : 'Export'}
            </button>
            <button type="button" className="btn" onClick={() => (clear(), setOpen(false), setError(null), setProblem(null))}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {done && (
        <p className="hint" role="status">
          {done}
        </p>
      )}
      {repair.changed && (
        <p className="hint chain-command">
          {canExport
            ? 'The same from the command line: '
            : keyed || chosen.end !== 'root'
              ? 'From the command line: '
              : 'This file has no private key; the path as a .p7b, from the command line: '}
          <code>{repair.command}</code>
          {chosen.end !== 'root' && ' (no path reaches a root: add the CA’s certificates with --ca-bundle)'}
        </p>
      )}
    </details>
  );
}
