// "Which roots does AMT trust?": the roots you said are in your devices (settings.json, removable, a hash can be
// added by hand) and the catalogue of root hashes built into AMT firmware (operation `roots`): name, SHA-256, key,
// the root's own signature hash, expiry and the firmware range, each with its source. The root of the open file
// is marked. A modal dialog: Escape or Close returns to the panel.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { normalizeRootHash, type TrustedRoot } from '../../../../shared/contract/settings';
import type { RootEntry } from '../../../../shared/dto';
import type { ErrorInfo } from '../../../../shared/errors';
import { ModalFrame } from '../Modal';
import { formatDate } from '../../lib/dates';
import { toUiError } from '../../lib/errors';

let cached: Promise<RootEntry[]> | null = null;
function loadRoots(): Promise<RootEntry[]> {
  cached ??= window.certdesk.roots({}).catch((error) => {
    cached = null;
    throw error;
  });
  return cached;
}

const day = (iso: string | undefined) => (iso ? formatDate(iso) : '—');

function firmwareText(root: RootEntry): string {
  const fw = root.firmware;
  if (!fw) return root.amtVersions ?? '—';
  const span = fw.to !== undefined ? (fw.to === fw.from ? `AMT ${fw.from}` : `AMT ${fw.from}–${fw.to}`) : `AMT ${fw.from} and later`;
  return fw.removedIn ? `${span} (removed by updates: ${fw.removedIn})` : span;
}

function keyText(root: RootEntry): string {
  if (!root.keyAlgorithm) return '—';
  return root.keySize ? `${root.keyAlgorithm} ${root.keySize}` : root.keyAlgorithm;
}

export interface RootCatalogueProps {
  /** SHA-256 of the open file's root (marked in the lists). */
  currentRoot?: string;
  trusted: TrustedRoot[];
  busy: boolean;
  onSaveTrusted(roots: TrustedRoot[]): Promise<ErrorInfo | null>;
  onClose(): void;
}

export function RootCatalogue(props: RootCatalogueProps) {
  const id = useId();
  const closeButton = useRef<HTMLButtonElement>(null);
  const [roots, setRoots] = useState<RootEntry[] | null>(null);
  const [loadError, setLoadError] = useState<ErrorInfo | null>(null);
  const [filter, setFilter] = useState('');
  const [hashText, setHashText] = useState('');
  const [hashError, setHashError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    let live = true;
    loadRoots().then(
      (r) => live && setRoots(r),
      (e) => live && setLoadError(toUiError(e)),
    );
    return () => {
      live = false;
    };
  }, []);

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase().replace(/[\s:]/g, '');
    if (!roots) return [];
    if (!q) return roots;
    return roots.filter(
      (r) => r.name.toLowerCase().includes(filter.trim().toLowerCase()) || r.sha256.toLowerCase().includes(q) || (r.sha1 ?? '').toLowerCase().includes(q),
    );
  }, [roots, filter]);

  const save = async (next: TrustedRoot[]) => {
    setSaveError(await props.onSaveTrusted(next));
  };

  const addHash = async () => {
    const hash = normalizeRootHash(hashText);
    if (!hash) {
      setHashError(`"${hashText.trim().slice(0, 80)}" is not a root hash: give its SHA-256 (64 hex digits) or SHA-1 (40); colons and spaces are allowed.`);
      return;
    }
    setHashError(null);
    if (props.trusted.some((t) => t.hash === hash)) return;
    const inCatalogue = roots?.find((r) => r.sha256 === hash || r.sha1 === hash);
    await save([...props.trusted, { hash, ...(inCatalogue ? { name: inCatalogue.name } : {}), addedAt: new Date().toISOString() }]);
    setHashText('');
  };

  const current = props.currentRoot?.toUpperCase();

  return (
    // Focus starts on Close: the lists below can be long, and Close is what most visits end with.
    <ModalFrame className="modal modal-wide" labelledBy={`${id}-title`} onClose={props.onClose} initialFocus={() => closeButton.current}>
      <div className="modal-title modal-title-row" id={`${id}-title`}>
        <span>Which roots does AMT trust?</span>
        <button ref={closeButton} type="button" className="btn btn-small" onClick={props.onClose}>
          Close
        </button>
      </div>
      <div className="modal-body catalogue-body">
        <section aria-labelledby={`${id}-trusted`}>
          <h3 id={`${id}-trusted`} className="panel-subtitle">
            Roots you trust (their hash is in your devices)
          </h3>
          <p className="hint">
            A custom root counts only on devices where its hash was entered (MEBx on AMT 15 and older, or a USB setup.bin). Kept in CertDesk’s data folder.
          </p>
          {props.trusted.length === 0 ? (
            <p className="hint">None yet.</p>
          ) : (
            <ul className="trusted-roots" aria-label="Trusted root hashes">
              {props.trusted.map((t) => (
                <li key={t.hash} className={t.hash === current ? 'is-current' : undefined}>
                  <div>
                    <strong>{t.name ?? 'Unnamed root'}</strong>
                    {t.hash === current && <span className="chip">this file’s root</span>}
                    <code className="hash">{t.hash}</code>
                    <span className="hint">trusted since {day(t.addedAt)}</span>
                  </div>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={props.busy}
                    aria-label={`Stop trusting ${t.name ?? t.hash}`}
                    onClick={() => void save(props.trusted.filter((x) => x.hash !== t.hash))}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form
            className="suffix-row add-hash"
            onSubmit={(e) => {
              e.preventDefault();
              void addHash();
            }}
          >
            <label className="visually-hidden" htmlFor={`${id}-hash`}>
              Root hash to trust
            </label>
            <input
              id={`${id}-hash`}
              className="text-input mono"
              placeholder="SHA-256 of a root in your devices"
              value={hashText}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={hashError ? true : undefined}
              aria-describedby={hashError ? `${id}-hash-error` : undefined}
              onChange={(e) => setHashText(e.target.value)}
            />
            <button type="submit" className="btn" disabled={props.busy || !hashText.trim()}>
              Trust this hash
            </button>
          </form>
          {hashError && (
            <p id={`${id}-hash-error`} className="form-error" role="alert">
              {hashError}
            </p>
          )}
          {saveError && (
            <p className="form-error" role="alert">
              {saveError.message}
            </p>
          )}
        </section>

        <section aria-labelledby={`${id}-builtin`}>
          <h3 id={`${id}-builtin`} className="panel-subtitle">
            Built into AMT firmware {roots && `(${roots.length})`}
          </h3>
          <label className="visually-hidden" htmlFor={`${id}-filter`}>
            Filter roots
          </label>
          <input
            id={`${id}-filter`}
            className="text-input catalogue-filter"
            placeholder="Filter by name or hash"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          {loadError && (
            <p className="form-error" role="alert">
              {loadError.message}
            </p>
          )}
          {!roots && !loadError && <p className="hint">Loading the catalogue…</p>}
          {roots && (
            <div className="catalogue-scroll" tabIndex={0} role="region" aria-label="Root catalogue table">
              <table className="catalogue" aria-label="AMT firmware root catalogue">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">SHA-256</th>
                    <th scope="col">Key</th>
                    <th scope="col">Self-signature</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Firmware</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr
                      key={r.sha256}
                      className={r.sha256 === current ? 'is-current' : undefined}
                      title={[r.source, r.certificateSource, r.firmware?.source].filter(Boolean).join('\n')}
                    >
                      <th scope="row">
                        {r.name}
                        {r.sha256 === current && <span className="chip">this file’s root</span>}
                      </th>
                      <td>
                        <code className="hash">{r.sha256}</code>
                      </td>
                      <td>{keyText(r)}</td>
                      <td className={r.signatureHash === 'SHA-1' || r.signatureHash === 'MD5' || r.signatureHash === 'MD2' ? 'weak' : undefined}>
                        {r.signatureHash ?? '—'}
                        {r.signatureHash === 'SHA-1' && <span className="hint"> (refused from AMT 16)</span>}
                      </td>
                      <td>{day(r.notAfter)}</td>
                      <td>{firmwareText(r)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="hint">
            Hover a row for its sources. The same list: <code>certdesk roots</code>.
          </p>
        </section>
      </div>
    </ModalFrame>
  );
}
