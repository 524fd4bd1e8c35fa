// Requests: every stored request (pending and completed) from request.list, with Show / Export PFX / Delete,
// and "Complete request": drop (or pick) the CA's .cer/.p7b → request.complete (the engine finds the pending
// request by public key) → the issued certificate and the AMT readiness checks.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type Ref } from 'react';
import type { RequestCompleteResult, RequestInfo, RequestShowResult } from '../../../../shared/contract/requests';
import type { OpenedFile } from '../../../../shared/bridge';
import type { AmtReport } from '../../../../shared/dto';
import type { ErrorInfo } from '../../../../shared/errors';
import type { ViewProps } from '../../app/types';
import { formatDate, formatDatesIn } from '../../lib/dates';
import { downloadBytes, safeFileName } from '../../lib/download';
import { toUiError } from '../../lib/errors';
import { expiryLevel, expiryText } from '../../lib/expiry';
import { readOpenedFile } from '../../lib/readFile';
import { ReadinessPanel } from '../../components/readiness/ReadinessPanel';
import { ExportPfxDialog } from './ExportPfxDialog';
import { ProvisioningExportButton } from '../../components/ProvisioningExportButton';
import { Modal } from '../../components/Modal';
import { fileDropProps, useFileDrop } from '../../hooks/useFileDrop';
import { useRequestList } from '../../hooks/useRequestList';
import { useViewActive } from '../../hooks/useViewActive';
import '../../styles/requests.css';

const REPLY_ACCEPT = '.cer,.crt,.der,.pem,.p7b,.p7c';

export const KEY_MISMATCH_MESSAGE = 'This certificate does not belong to any pending request on this computer';

/** "2026-05-01 14:03 UTC" — the stored ISO time, short and unambiguous. */
/** @deprecated No screen shows this form any more (lib/dates.ts formatDate is the one format); kept for its old unit test. */
export function shortUtc(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

type Completion =
  | { phase: 'idle' }
  | { phase: 'busy'; fileName: string }
  | { phase: 'error'; fileName: string; error: ErrorInfo }
  | { phase: 'done'; file: OpenedFile; result: RequestCompleteResult; suffixes: string[]; busy: boolean; error?: string; alreadyCompleted: boolean };

type Dialog = { kind: 'show'; id: string } | { kind: 'delete'; request: RequestInfo } | { kind: 'export'; request: RequestInfo } | null;

export function RequestsListView({ navigate, hasView }: ViewProps) {
  const root = useRef<HTMLDivElement>(null);
  const { requests, error, reload } = useRequestList(useViewActive(root));
  const [completion, setCompletion] = useState<Completion>({ phase: 'idle' });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string>('');
  const resultRef = useRef<HTMLElement>(null);
  // "Add CA chain…" on a request whose chain is incomplete: the same completion, with the CA's .p7b/.cer.
  const chainInput = useRef<HTMLInputElement>(null);

  const complete = useCallback(
    async (file: OpenedFile, suffixes: string[], recheck = false) => {
      setCompletion((prev) => (recheck && prev.phase === 'done' ? { ...prev, busy: true, error: undefined } : { phase: 'busy', fileName: file.fileName }));
      try {
        const result = await window.certdesk['request.complete']({
          fileName: file.fileName,
          contentBase64: file.contentBase64,
          ...(suffixes.length ? { dnsSuffixes: suffixes } : {}),
        });
        // A re-check (DNS suffix box) completes again with the same file: the engine then says "already
        // completed", which is not news; keep what the first answer said.
        setCompletion((prev) => ({
          phase: 'done',
          file,
          result,
          suffixes,
          busy: false,
          alreadyCompleted: recheck && prev.phase === 'done' ? prev.alreadyCompleted : result.alreadyCompleted,
        }));
        if (!recheck) {
          void reload();
          window.setTimeout(() => resultRef.current?.focus(), 0);
        }
      } catch (raw) {
        const err = toUiError(raw);
        setCompletion((prev) =>
          recheck && prev.phase === 'done' ? { ...prev, busy: false, error: err.message } : { phase: 'error', fileName: file.fileName, error: err },
        );
      }
    },
    [reload],
  );

  const onFile = useCallback(
    async (file: File) => {
      let opened: OpenedFile;
      try {
        opened = await readOpenedFile(file);
      } catch {
        setCompletion({ phase: 'error', fileName: file.name, error: { code: 'unreadable', message: `CertDesk could not read ${file.name}.` } });
        return;
      }
      void complete(opened, completion.phase === 'done' ? completion.suffixes : []);
    },
    [complete, completion],
  );

  const pending = requests?.filter((r) => r.status === 'pending').length ?? 0;
  const byId = (reqId: string) => requests?.find((r) => r.id === reqId);

  return (
    <div
      className="rq"
      ref={root}
      // Dropping anywhere on the Requests view (the list included) completes a request, as the zone says.
      {...fileDropProps((file) => {
        if (completion.phase !== 'busy') void onFile(file);
      })}
    >
      <div className="toolbar" role="toolbar" aria-label="Requests">
        {hasView('request') && (
          <button type="button" className="btn btn-primary" onClick={() => navigate('request')}>
            New request…
          </button>
        )}
        <button type="button" className="btn" onClick={() => void reload()}>
          Refresh
        </button>
        <span className="rq-count" role="status">
          {requests ? `${requests.length} request${requests.length === 1 ? '' : 's'}, ${pending} pending` : ''}
        </span>
      </div>

      <CompleteZone busy={completion.phase === 'busy'} onFile={(file) => void onFile(file)} />

      {completion.phase === 'busy' && (
        <p className="loading" role="status" aria-live="polite">
          Completing with {completion.fileName}…
        </p>
      )}
      {completion.phase === 'error' && (
        <section className="error-card rq-error" role="alert" aria-label="Completion failed">
          <h2 className="card-title">
            {completion.error.code === 'key-mismatch' ? KEY_MISMATCH_MESSAGE : `CertDesk could not complete a request with ${completion.fileName}`}
          </h2>
          {completion.error.code === 'key-mismatch' ? (
            <p>
              Its public key matches none of the pending requests made here, so nothing was stored. Complete it on the computer where its request was
              made, or send this computer&apos;s CSR to the CA.
            </p>
          ) : null}
          <p className="hint">{completion.error.message}</p>
          <button type="button" className="btn" onClick={() => setCompletion({ phase: 'idle' })}>
            Dismiss
          </button>
        </section>
      )}
      {notice && (
        <p className="rq-notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error.message}
          {error.code === 'keychain-unavailable' ? '' : ` (${error.code})`}
        </p>
      )}

      <input
        ref={chainInput}
        type="file"
        accept={REPLY_ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void onFile(file);
        }}
      />
      <RequestsTable
        requests={requests}
        onAddChain={() => chainInput.current?.click()}
        onShow={(r) => setDialog({ kind: 'show', id: r.id })}
        onDelete={(r) => setDialog({ kind: 'delete', request: r })}
        onExport={(r) => setDialog({ kind: 'export', request: r })}
      />

      {completion.phase === 'done' && (
        <CompletionResult
          ref={resultRef}
          completion={completion}
          onCheck={(suffixes) => void complete(completion.file, suffixes, true)}
          onExport={() => {
            const req = byId(completion.result.request.id) ?? completion.result.request;
            setDialog({ kind: 'export', request: req });
          }}
          onInstall={hasView('install') ? () => navigate('install') : undefined}
          onDismiss={() => setCompletion({ phase: 'idle' })}
        />
      )}

      {dialog?.kind === 'show' && <ShowDialog id={dialog.id} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && (
        <DeleteDialog
          request={dialog.request}
          onClose={() => setDialog(null)}
          onDeleted={(message) => {
            setDialog(null);
            setNotice(message);
            if (completion.phase === 'done' && completion.result.request.id === dialog.request.id) setCompletion({ phase: 'idle' });
            void reload();
          }}
        />
      )}
      {dialog?.kind === 'export' && (
        <ExportPfxDialog request={dialog.request} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}

function CompleteZone({ busy, onFile }: { busy: boolean; onFile(file: File): void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const zone = useRef<HTMLElement>(null);
  const active = useViewActive(zone);
  // Kept here (not bubbling): the Inspect view listens for drops on the whole window.
  const { over, dropProps } = useFileDrop((file) => {
    if (!busy) onFile(file);
  });
  return (
    <section
      ref={zone}
      className={`rq-drop${over ? ' is-dragging' : ''}`}
      aria-labelledby={`${id}-t`}
      aria-describedby={`${id}-d`}
      data-testid="complete-drop"
      {...dropProps}
    >
      <h2 id={`${id}-t`} className="rq-drop-title">
        Complete request
      </h2>
      <p id={`${id}-d`} className="rq-drop-text">
        Drop the certificate your CA issued (.cer, .crt or .p7b with its chain) here, or
      </p>
      <button type="button" className="btn" disabled={busy} onClick={() => input.current?.click()}>
        Choose certificate file…
      </button>
      {active && <input
        ref={input}
        type="file"
        accept={REPLY_ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-label="CA certificate file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />}
      <p className="hint rq-drop-hint">CertDesk finds the pending request by the certificate&apos;s public key: no request id needed.</p>
    </section>
  );
}

function DaysLeft({ days }: { days: number }) {
  return (
    <span className={`chip expiry-${expiryLevel(days)}`} data-level={expiryLevel(days)}>
      {expiryText(days)}
    </span>
  );
}

/** The certificate cell: days left, or, for a chain that does not reach a root, that first (never a green chip). */
function CertificateCell({ r }: { r: RequestInfo }) {
  if (!r.certificate) return <span className="hint">Waiting for the CA</span>;
  if (r.certificate.chain === 'incomplete') {
    return (
      <span className="rq-chain-incomplete">
        <ChainIncompleteChip missingIssuer={r.certificate.missingIssuer} /> <span className="hint">{expiryText(r.certificate.daysLeft)}</span>
      </span>
    );
  }
  return <DaysLeft days={r.certificate.daysLeft} />;
}

function ChainIncompleteChip({ missingIssuer }: { missingIssuer?: string }) {
  return (
    <span className="chip expiry-urgent" data-level="chain-incomplete" title={missingIssuer ? `Missing: ${missingIssuer}` : undefined}>
      Chain incomplete
    </span>
  );
}

/**
 * The engine's readiness sentences name days in ISO form ("expires on 2027-11-25"): shown here, beside dates of
 * the one format, they are rewritten to it too (fixes also pass through inAppWords, which does the same).
 */
function withAppDates(report: AmtReport): AmtReport {
  return {
    ...report,
    summary: formatDatesIn(report.summary),
    checks: report.checks.map((c) => ({ ...c, message: formatDatesIn(c.message), ...(c.fix ? { fix: formatDatesIn(c.fix) } : {}) })),
  };
}

function RequestsTable(props: {
  requests: RequestInfo[] | null;
  onShow(r: RequestInfo): void;
  onDelete(r: RequestInfo): void;
  onExport(r: RequestInfo): void;
  onAddChain(r: RequestInfo): void;
}) {
  const { requests } = props;
  return (
    <section className="panel rq-list" aria-labelledby="rq-list-title">
      <h2 id="rq-list-title" className="panel-title">
        Requests on this computer
      </h2>
      {requests === null ? (
        <p className="loading" role="status">
          Loading…
        </p>
      ) : requests.length === 0 ? (
        <p className="hint">No requests yet. Start one with New request…; it appears here until you delete it.</p>
      ) : (
        <table className="rq-table" aria-label="Certificate requests">
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Key</th>
              <th scope="col">Certificate</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => {
              return (
                <tr key={r.id} data-request-id={r.id} data-status={r.status}>
                  <th scope="row" className="rq-name">
                    <span className="rq-cn">{r.name ?? r.cn}</span>
                    <span className="rq-subject">{r.subject}</span>
                    <span className="rq-id">id {r.id}</span>
                  </th>
                  <td>
                    <span className={`rq-status rq-status-${r.status}`}>{r.status === 'pending' ? 'Pending' : 'Completed'}</span>
                  </td>
                  <td className="rq-date">
                    <time dateTime={r.created}>{formatDate(r.created)}</time>
                  </td>
                  <td>RSA {r.keySize}</td>
                  <td>
                    <CertificateCell r={r} />
                  </td>
                  <td>
                    <div className="rq-actions">
                    <button type="button" className="btn btn-small" onClick={() => props.onShow(r)} aria-label={`Show ${r.cn}`}>
                      Show
                    </button>
                    {r.certificate?.chain === 'incomplete' && (
                      <button type="button" className="btn btn-small" onClick={() => props.onAddChain(r)} aria-label={`Add CA chain for ${r.cn}`}>
                        Add CA chain…
                      </button>
                    )}
                    {r.status === 'completed' && (
                      <button type="button" className="btn btn-small" onClick={() => props.onExport(r)} aria-label={`Export PFX of ${r.cn}`}>
                        Export PFX…
                      </button>
                    )}
                    {r.status === 'completed' && <ProvisioningExportButton request={r} />}
                    <button type="button" className="btn btn-small" onClick={() => props.onDelete(r)} aria-label={`Delete ${r.cn}`}>
                      Delete
                    </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What the completion did, in words: never "chain stored" when the chain does not reach a root. */
export function completionLead(fileName: string, result: RequestCompleteResult, alreadyCompleted: boolean): string {
  const added = result.chainAdded ?? 0;
  const what = alreadyCompleted
    ? added
      ? `${fileName} added ${added} CA certificate${added === 1 ? '' : 's'} to the chain of request ${result.request.id}.`
      : `${fileName} matched request ${result.request.id}, which was already completed; it added no new CA certificate.`
    : `${fileName} matched the request ${result.request.id}; the certificate is stored with the key.`;
  const chain = result.chainComplete
    ? ' The chain is complete, up to the root.'
    : ` The chain is incomplete: the issuer ${result.request.certificate?.missingIssuer ?? 'of the top certificate'} is missing. Use Add CA chain… with the CA's .p7b before exporting or installing.`;
  return what + chain;
}

function CompletionResult(props: {
  ref: Ref<HTMLElement>;
  completion: Extract<Completion, { phase: 'done' }>;
  onCheck(suffixes: string[]): void;
  onExport(): void;
  onInstall?: () => void;
  onDismiss(): void;
}) {
  const { result } = props.completion;
  const leaf = result.leaf;
  const report = useMemo(() => withAppDates(result.amt), [result.amt]);
  const days = Math.floor((Date.parse(leaf.notAfter) - Date.now()) / 86_400_000);
  return (
    <section className="rq-result" aria-label="Completed request" tabIndex={-1} ref={props.ref}>
      <div className="panel rq-result-main">
        <h2 className="panel-title">{props.completion.alreadyCompleted ? 'Already completed with this certificate' : 'Request completed'}</h2>
        <p className="rq-result-lead" role="status">
          {completionLead(props.completion.file.fileName, result, props.completion.alreadyCompleted)}
        </p>
        <dl className="kv">
          <div>
            <dt>Issued to</dt>
            <dd>{leaf.subject}</dd>
          </div>
          <div>
            <dt>Issued by</dt>
            <dd>{leaf.issuer}</dd>
          </div>
          <div>
            <dt>Valid to</dt>
            <dd>
              <time dateTime={leaf.notAfter}>{formatDate(leaf.notAfter)}</time>{' '}
              {result.chainComplete ? (
                <DaysLeft days={days} />
              ) : (
                <>
                  <ChainIncompleteChip missingIssuer={result.request.certificate?.missingIssuer} /> <span className="hint">{expiryText(days)}</span>
                </>
              )}
            </dd>
          </div>
          <div>
            <dt>Thumbprint</dt>
            <dd>
              <code>{leaf.sha1}</code>
            </dd>
          </div>
          <div>
            <dt>Chain</dt>
            <dd>
              <ol className="rq-chain">
                {result.chain.map((c) => (
                  <li key={c.sha256}>{c.subject}</li>
                ))}
              </ol>
            </dd>
          </div>
        </dl>
        <div className="form-buttons">
          <button type="button" className="btn btn-default" onClick={props.onExport}>
            Export PFX…
          </button>
          {props.onInstall && (
            <button type="button" className="btn" onClick={props.onInstall}>
              Install wizard
            </button>
          )}
          <button type="button" className="btn" onClick={props.onDismiss}>
            Close
          </button>
        </div>
      </div>
      <div className="rq-result-side">
        <ReadinessPanel
          report={report}
          suffixes={props.completion.suffixes}
          busy={props.completion.busy}
          error={props.completion.error}
          onCheck={props.onCheck}
        />
      </div>
    </section>
  );
}

function ShowDialog({ id, onClose }: { id: string; onClose(): void }) {
  const uid = useId();
  const [data, setData] = useState<RequestShowResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    let live = true;
    window.certdesk['request.show']({ id }).then(
      (r) => live && setData(r),
      (raw) => live && setError(toUiError(raw)),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return (
    <Modal title={data ? `Request ${data.cn}` : 'Request'} onClose={onClose} wide>
      {error && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
      {!data && !error && <p role="status">Loading…</p>}
      {data && (
        <>
          <dl className="kv">
            {data.name && (
              <div>
                <dt>Friendly name</dt>
                <dd>{data.name}</dd>
              </div>
            )}
            <div>
              <dt>Subject</dt>
              <dd>{data.subject}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>{data.status === 'pending' ? 'Pending: waiting for the CA' : `Completed ${data.completed ? formatDate(data.completed) : ''}`}</dd>
            </div>
            <div>
              <dt>Request id</dt>
              <dd>
                <code>{data.id}</code>
              </dd>
            </div>
            <div>
              <dt>Key</dt>
              <dd>RSA {data.keySize} bits</dd>
            </div>
            <div>
              <dt>CSR SHA-256</dt>
              <dd>
                <code className="rw-hash">{data.csrSha256}</code>
              </dd>
            </div>
          </dl>
          <label className="field" htmlFor={`${uid}-pem`}>
            Certificate request (PEM):
          </label>
          <textarea id={`${uid}-pem`} className="rw-pem rw-pem-small" readOnly value={data.csrPem} rows={6} spellCheck={false} />
          {data.chain.length > 0 && (
            <>
              <h3 className="rq-h3">Certificate chain (leaf first)</h3>
              <ol className="rq-chain">
                {data.chain.map((c) => (
                  <li key={c.sha256}>
                    {c.subject}
                    <span className="hint">
                      {' '}
                      — valid to <time dateTime={c.notAfter}>{formatDate(c.notAfter)}</time>
                    </span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
      <div className="modal-buttons">
        {data && (
          <button type="button" className="btn" onClick={() => downloadBytes(`${safeFileName(data.cn, 'request')}.csr`, data.csrPem, 'application/pkcs10')}>
            Save CSR…
          </button>
        )}
        <button type="button" className="btn btn-default" onClick={onClose} data-autofocus="">
          Close
        </button>
      </div>
    </Modal>
  );
}

function DeleteDialog({ request, onClose, onDeleted }: { request: RequestInfo; onClose(): void; onDeleted(message: string): void }) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal title="Delete request" onClose={onClose} role="alertdialog" describedBy={`${id}-d`}>
      <div id={`${id}-d`}>
        <p>
          Delete the request for <strong>{request.cn}</strong> ({request.status})?
        </p>
        <p className="rq-delete-warning">The private key will be destroyed; you cannot complete this request afterwards.</p>
        {request.status === 'completed' && <p className="hint">Export a PFX first if you still need this certificate.</p>}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-buttons">
        <button
          type="button"
          className="btn rq-danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              const result = await window.certdesk['request.delete']({ id: request.id });
              onDeleted(`Deleted the request for ${request.cn} and its key${result.certificatesRemoved ? ` (${result.certificatesRemoved} certificate(s) removed)` : ''}.`);
            } catch (raw) {
              setError(toUiError(raw).message);
              setBusy(false);
            }
          }}
        >
          Delete
        </button>
        <button type="button" className="btn btn-default" onClick={onClose} data-autofocus="">
          Cancel
        </button>
      </div>
    </Modal>
  );
}
