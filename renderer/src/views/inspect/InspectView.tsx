// Inspect: open a certificate file (button, drag-and-drop, OS open), ask for a PFX password when needed, and
// show the Windows-style certificate dialog beside CertDesk's panel (readiness, expiry, thumbprints, list).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OpenedFile } from '../../../../shared/bridge';
import type { CertSummary, InspectResult } from '../../../../shared/dto';
import type { ViewProps } from '../../app/types';
import { EmptyScreen } from '../../app/EmptyScreen';
import { ErrorCard } from '../../app/ErrorCard';
import { handOffToInstall } from '../../app/handoff';
import { CertificateDialog, type DialogTab } from '../../dialog/CertificateDialog';
import { CertificateFacts } from './CertificateFacts';
import { CertificateList, type ListedCert } from './CertificateList';
import { PasswordPrompt } from './PasswordPrompt';
import { ReadinessPanel } from '../../components/readiness/ReadinessPanel';
import { readOpenedFile } from '../../lib/readFile';
import { RequestCard } from './RequestCard';
import { useInspect } from './useInspect';

const ACCEPT = '.pfx,.p12,.cer,.crt,.der,.pem,.p7b,.p7c,.csr,.req';

const norm = (hex: string) => hex.replace(/[^0-9a-f]/gi, '').toUpperCase();

/** One open certificate dialog: the bottom one is chosen from the file, the others by View Certificate. */
interface Opened {
  sha256: string;
  tab: DialogTab;
}

function listCertificates(result: InspectResult): ListedCert[] {
  const views = result.views ?? [];
  const summaries: CertSummary[] = [...result.chain, ...result.others];
  const bySha = new Map(summaries.map((s) => [norm(s.sha256), s]));
  const chainIndex = new Map(result.chain.map((s, i) => [norm(s.sha256), i]));
  return views.map((view) => {
    const sha = norm(view.sha256);
    const summary = bySha.get(sha);
    const i = chainIndex.get(sha);
    let role = 'Other certificate';
    if (i !== undefined) {
      if (i === 0 && result.leaf && norm(result.leaf.sha256) === sha) role = 'End entity';
      else if (summary?.selfSigned) role = 'Root CA';
      else role = 'Intermediate CA';
    } else if (summary?.selfSigned) role = 'Root CA (not in chain)';
    return { sha256: sha, view, summary, role };
  });
}

export function InspectView({ navigate, hasView }: ViewProps) {
  const { state, settings, open, submitPassword, recheck, close, cancelPassword } = useInspect();
  const fileInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);
  const [stack, setStack] = useState<Opened[]>([]);

  const openFile = useCallback(
    async (file: File) => {
      setReadError(null);
      try {
        open(await readOpenedFile(file));
      } catch {
        setReadError(`CertDesk could not read ${file.name}.`);
      }
    },
    [open],
  );

  // OS open (Electron: argv, second instance, open-file) and menu commands.
  const openRef = useRef<(file: OpenedFile) => void>(open);
  openRef.current = open;
  useEffect(() => {
    const host = window.certdeskHost;
    if (!host) return;
    const offFile = host.onOpenFile((file) => {
      navigate('inspect');
      openRef.current(file);
    });
    const offMenu = host.onMenuCommand((command) => {
      if (command === 'open') fileInput.current?.click();
      if (command === 'close') close();
    });
    return () => {
      offFile();
      offMenu();
    };
  }, [navigate, close]);

  // Drag and drop anywhere on the window.
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      // A drop a box of the page already took (preventDefault: the readiness panel's device hash list) is not a
      // certificate to open; the window's drag highlight ends either way.
      const taken = e.defaultPrevented;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      if (taken) return;
      const file = e.dataTransfer?.files[0];
      if (file) {
        navigate('inspect');
        void openFile(file);
      }
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [navigate, openFile]);

  const result = state.phase === 'loaded' ? state.result : null;
  const certs = useMemo(() => (result ? listCertificates(result) : []), [result]);
  const defaultSha = useMemo(() => {
    if (!result || certs.length === 0) return '';
    const leaf = result.leaf ? norm(result.leaf.sha256) : '';
    return certs.find((c) => c.sha256 === leaf)?.sha256 ?? certs[0].sha256;
  }, [result, certs]);

  // A new result keeps the dialog on the same certificate when it is still there (re-check), else the leaf.
  useEffect(() => {
    setStack((prev) => {
      const kept = prev.filter((o) => certs.some((c) => c.sha256 === o.sha256));
      return kept.length ? kept : defaultSha ? [{ sha256: defaultSha, tab: 'general' }] : [];
    });
  }, [certs, defaultSha]);

  const top = stack[stack.length - 1];
  const currentSha = top?.sha256 ?? defaultSha;
  const current = certs.find((c) => c.sha256 === currentSha);
  const setTab = (tab: DialogTab) => setStack((s) => s.map((o, i) => (i === s.length - 1 ? { ...o, tab } : o)));

  const fileName = state.phase === 'empty' ? null : state.file.fileName;

  return (
    <div className="inspect">
      <div className="toolbar" role="toolbar" aria-label="File">
        <button type="button" className="btn btn-primary" onClick={() => fileInput.current?.click()}>
          Open file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept={ACCEPT}
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          aria-label="Certificate file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void openFile(file);
          }}
        />
        {fileName && (
          <>
            <span className="toolbar-file" title={fileName}>
              {fileName}
              {result && <span className="toolbar-format"> · {formatLabel(result)}</span>}
            </span>
            <button type="button" className="btn" onClick={close}>
              Close file
            </button>
          </>
        )}
      </div>

      {readError && (
        <p className="form-error page-error" role="alert">
          {readError}
        </p>
      )}

      {state.phase === 'empty' && <EmptyScreen dragging={dragging} navigate={navigate} hasView={hasView} />}

      {state.phase === 'loading' && (
        <div className="loading" role="status" aria-live="polite">
          Opening {state.file.fileName}…
        </div>
      )}

      {state.phase === 'password' && (
        <PasswordPrompt
          key={state.file.fileName}
          fileName={state.file.fileName}
          wrong={state.wrong}
          tries={state.tries}
          busy={state.busy}
          onSubmit={submitPassword}
          onCancel={cancelPassword}
        />
      )}

      {state.phase === 'error' && (
        <ErrorCard heading={`CertDesk cannot open ${state.file.fileName}`} error={state.error}>
          <button type="button" className="btn btn-primary" onClick={() => fileInput.current?.click()}>Open another file…</button>
          <button type="button" className="btn" onClick={close}>Close</button>
        </ErrorCard>
      )}

      {state.phase === 'loaded' && result && (
        <div className="inspect-layout">
          <div className="inspect-dialog">
            {current ? (
              <CertificateDialog
                key={`${stack.length}-${current.sha256}`}
                view={current.view}
                tab={top?.tab ?? 'general'}
                onTabChange={setTab}
                lookup={(node) => certs.find((c) => c.sha256 === norm(node.sha256))?.view}
                install={
                  hasView('install') && result.format === 'pkcs12' && result.hasPrivateKey
                    ? {
                        onInstall: () => {
                          handOffToInstall(state.file);
                          navigate('install');
                        },
                      }
                    : { reason: NO_KEY_TO_INSTALL }
                }
              />
            ) : result.request ? (
              <RequestCard request={result.request} />
            ) : (
              <section className="error-card">
                <p>This file holds no certificate to show.</p>
              </section>
            )}
            {current && <CertificateFacts view={current.view} summary={current.summary} />}
            {certs.length > 1 && (
              <CertificateList certs={certs} omitted={result.viewsOmitted ?? 0} current={currentSha} onSelect={(sha) => setStack([{ sha256: sha, tab: top?.tab ?? 'general' }])} />
            )}
          </div>
          <aside className="inspect-side" aria-label="AMT readiness panel">
            <ReadinessPanel
              result={result}
              applied={state.applied}
              busy={state.busy}
              error={state.error}
              deviceListProblem={state.deviceListProblem}
              recheck={recheck}
              settings={settings}
              onRequestWizard={hasView('request') ? () => navigate('request') : undefined}
              file={state.file}
            />
          </aside>
        </div>
      )}
    </div>
  );
}

const NO_KEY_TO_INSTALL =
  'This file has no private key: the provisioning server needs the certificate with its key. Open the .pfx that holds it, or complete your request in Requests and install it from there.';

const FORMAT_LABELS: Record<InspectResult['format'], string> = {
  pkcs12: 'PKCS #12',
  'x509-pem': 'X.509 (Base-64)',
  'x509-der': 'X.509 (DER)',
  pkcs7: 'PKCS #7',
  pkcs10: 'PKCS #10 request',
};

function formatLabel(result: InspectResult): string {
  const n = result.chain.length + result.others.length;
  const certs = n ? `, ${n} certificate${n === 1 ? '' : 's'}` : '';
  return `${FORMAT_LABELS[result.format] ?? result.format}${certs}${result.hasPrivateKey ? ', private key' : ''}`;
}

