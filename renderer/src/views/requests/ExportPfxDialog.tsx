// Export PFX: password twice (non-empty, matching), a strength hint, the legacy (3DES/SHA-1) option for
// Windows Server 2016 and older, the friendly name → export.pfx → the PFX saved as <cn>.pfx.
// The password lives only in the two password boxes (uncontrolled: never in React state, never in an
// attribute) and is cleared from them as soon as the engine has answered. The PFX bytes never come to this
// page: the preview answers with a one-time download URL, Electron saves the file from main (deliverFile).
// Cancelling Electron's save dialog leaves the dialog open, passwords cleared, with a note.
import { useId, useRef, useState } from 'react';
import type { ExportPfxResult, RequestInfo } from '../../../../shared/contract/requests';
import type { ErrorInfo } from '../../../../shared/errors';
import { deliverFile } from '../../lib/download';
import { toUiError } from '../../lib/errors';
import { Modal } from '../../components/Modal';
import { PfxPasswordFields, StrengthMeter } from '../../components/PasswordFields';
import { passwordPairProblem, passwordStrength, type StrengthHint } from '../../lib/password';

export type ExportSummary = Omit<ExportPfxResult, 'pfxBase64' | 'download' | 'saved'> & {
  /** What happened to the file: "Saved <name>" (preview download) or "Saved to <path>" (Electron). */
  savedText: string;
};

export function ExportPfxDialog(props: { request: RequestInfo; onClose(): void; onExported?(summary: ExportSummary): void }) {
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  const second = useRef<HTMLInputElement>(null);
  const [hint, setHint] = useState<StrengthHint>(passwordStrength(''));
  const [mismatch, setMismatch] = useState(false);
  const [secondTouched, setSecondTouched] = useState(false);
  const [legacy, setLegacy] = useState(false);
  // The request's stored name (the wizard's step 1), else the CN: what the engine uses when none is sent.
  const [friendlyName, setFriendlyName] = useState(props.request.name ?? props.request.cn);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [done, setDone] = useState<ExportSummary | null>(null);
  // A chain that does not reach a root is refused (incomplete-chain) unless the user says "Export anyway".
  const [chainIncomplete, setChainIncomplete] = useState(props.request.certificate?.chain === 'incomplete');
  const [exportAnyway, setExportAnyway] = useState(false);

  const clearPasswords = () => {
    if (first.current) first.current.value = '';
    if (second.current) second.current.value = '';
    setHint(passwordStrength(''));
    setMismatch(false);
    setSecondTouched(false);
  };

  const submit = async () => {
    const a = first.current?.value ?? '';
    const b = second.current?.value ?? '';
    const pair = passwordPairProblem(a, b);
    if (pair) {
      setProblem(pair === 'empty' ? 'Enter a password: an empty PFX password is refused.' : 'The two passwords do not match.');
      (pair === 'empty' ? first : second).current?.focus();
      return;
    }
    setProblem(null);
    setError(null);
    setNote(null);
    setBusy(true);
    try {
      const result = await window.certdesk['export.pfx']({
        idOrThumbprint: props.request.id,
        password: a,
        legacy,
        ...(friendlyName.trim() ? { friendlyName: friendlyName.trim() } : {}),
        ...(exportAnyway ? { allowIncompleteChain: true } : {}),
      });
      const savedText = deliverFile(result);
      const { pfxBase64: _bytes, download: _download, saved: _saved, ...rest } = result;
      const summary = { ...rest, savedText };
      setDone(summary);
      props.onExported?.(summary);
    } catch (raw) {
      const err = toUiError(raw);
      if (err.code === 'cancelled') setNote('Not saved: the save was cancelled. Enter the password again to export.');
      else if (err.code === 'incomplete-chain') {
        setChainIncomplete(true);
        setError(err);
      } else setError(err);
    } finally {
      clearPasswords();
      setBusy(false);
    }
  };

  return (
    <Modal title={`Export PFX — ${props.request.cn}`} onClose={props.onClose} wide>
      {done ? (
        <div className="pfx-done">
          <p role="status" className="pfx-done-title">
            {done.savedText}
          </p>
          <dl className="kv">
            <div>
              <dt>Certificates</dt>
              <dd data-testid="pfx-certificates">{done.certificates} (the key&apos;s certificate and its chain)</dd>
            </div>
            <div>
              <dt>Chain</dt>
              <dd data-testid="pfx-chain">{done.chainComplete ? 'Complete, up to the root' : 'Incomplete: the root (or an intermediate) is missing'}</dd>
            </div>
            <div>
              <dt>Encryption</dt>
              <dd>{done.encryption === '3des/mac-sha1' ? 'Legacy: 3DES, SHA-1 MAC' : 'AES-256-CBC, PBKDF2-SHA256, SHA-256 MAC'}</dd>
            </div>
            <div>
              <dt>Friendly name</dt>
              <dd>{done.friendlyName}</dd>
            </div>
            <div>
              <dt>Thumbprint</dt>
              <dd>
                <code>{done.leaf.sha1}</code>
              </dd>
            </div>
          </dl>
          <div className="modal-buttons">
            <button type="button" className="btn btn-default" onClick={props.onClose} data-autofocus="">
              Close
            </button>
          </div>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void submit();
          }}
          noValidate
        >
          {chainIncomplete ? (
            <div className="rq-chain-warning" role="note" aria-label="Chain incomplete">
              <p>
                <strong>The chain is incomplete.</strong> The issuer{' '}
                {props.request.certificate?.missingIssuer ? <code>{props.request.certificate.missingIssuer}</code> : 'of the top certificate'} is
                not stored, so the PFX would hold the key and its certificate without the CA certificates up to the root. Close this dialog and use{' '}
                <em>Add CA chain…</em> with the CA&apos;s .p7b first.
              </p>
              <label className="check-label">
                <input type="checkbox" checked={exportAnyway} onChange={(e) => setExportAnyway(e.target.checked)} />
                Export anyway, without the CA chain: the provisioning server (rpc-go, RPS) refuses such a PFX, and Windows must find the CA
                certificates elsewhere; AMT cannot verify the certificate until the chain is added.
              </label>
            </div>
          ) : (
            <p className="pfx-intro">
              The PFX holds the private key, its certificate and the whole chain, protected by this password. You will need the password to import it
              on the provisioning server.
            </p>
          )}
          <PfxPasswordFields
            idPrefix={id}
            first={first}
            second={second}
            autoFocus
            onChange={(h, m, touched) => {
              setHint(h);
              setMismatch(m);
              setSecondTouched(touched);
              setProblem(null);
            }}
          />
          <StrengthMeter id={`${id}-strength`} hint={hint} />
          {mismatch && secondTouched && !problem && <p className="hint pw-mismatch">The two passwords do not match yet.</p>}
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          <label className="field" htmlFor={`${id}-fn`}>
            Friendly name:
          </label>
          <input id={`${id}-fn`} className="text-input" value={friendlyName} onChange={(e) => setFriendlyName(e.target.value)} spellCheck={false} />
          <label className="check-label pfx-legacy">
            <input type="checkbox" checked={legacy} onChange={(e) => setLegacy(e.target.checked)} aria-describedby={`${id}-legacy-hint`} />
            Legacy encryption (3DES/SHA-1) for Windows Server 2016 and older
          </label>
          <p id={`${id}-legacy-hint`} className="hint">
            By default the PFX uses AES-256 with a SHA-256 MAC, which Windows Server 2019 and later and OpenSSL 3 read. Windows Server 2016 and older
            cannot open that and report a wrong password; tick this only for them (3DES and SHA-1 are weaker).
          </p>
          {error && (
            <p className="form-error" role="alert">
              {error.message}
            </p>
          )}
          {note && (
            <p className="hint" role="status">
              {note}
            </p>
          )}
          <div className="modal-buttons">
            <button type="submit" className="btn btn-default" disabled={busy}>
              {busy ? 'Exporting…' : chainIncomplete && exportAnyway ? 'Export anyway' : 'Export'}
            </button>
            <button type="button" className="btn" onClick={props.onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
