// "AMT readiness": the verdict first (amt.summary with READY / NOT READY, problems named), the verdict per firmware
// generation, the inputs that change it (firmware, DNS suffixes, the device hash list, trusted roots), then the
// checks: failures, then warnings (notes for a request), the passes folded. Every fix the engine words for the
// command line is an action here: a field to focus, "Trust this root", the root catalogue, the Request wizard.
import { formatDatesIn } from '../../lib/dates';
import { useEffect, useId, useMemo, useRef, useState, type ReactElement } from 'react';
import type { CertDeskSettings, TrustedRoot } from '../../../../shared/contract/settings';
import { matchValidSuffix, parseSuffixList } from '../../../../shared/dns-suffix';
import type { AmtReport, CheckId, CheckResult, InspectResult } from '../../../../shared/dto';
import type { ErrorInfo } from '../../../../shared/errors';
import type { OpenedFile } from '../../../../shared/bridge';
import { inAppWords } from '../../lib/appWords';
import { ChainPaths } from './ChainPaths';
import { DeviceHashList, type DeviceHashListHandle } from './DeviceHashList';
import { FirmwareChoice } from './FirmwareChoice';
import { GenerationTable } from './GenerationTable';
import { RootCatalogue } from './RootCatalogue';
import { StatusIcon, type IconStatus } from '../StatusIcon';
import type { Judging, Outcome } from './judging';
import type { useSettings } from '../../hooks/useSettings';
import '../../styles/readiness.css';

export { StatusIcon } from '../StatusIcon';

const CHECK_TITLES: Record<CheckId, string> = {
  'private-key': 'Private key',
  'setup-ou-or-oid': 'AMT OID or setup OU',
  'server-auth-eku': 'Server Authentication purpose',
  'key-type-size': 'Key type and size',
  'signature-hash': 'Signature hash',
  validity: 'Validity period',
  'chain-complete': 'Complete chain',
  'root-hash-trusted': 'Root trusted by AMT firmware',
  'dns-suffix': 'DNS suffix',
};

/** The compact form (the Requests view's completion result): the report and the DNS suffix box only. */
export interface CompactReadinessProps {
  report: AmtReport;
  suffixes: string[];
  busy: boolean;
  error?: string;
  onCheck(suffixes: string[]): void;
}

export function ReadinessPanel(props: ReadinessPanelProps | CompactReadinessProps) {
  return 'report' in props ? <CompactReadinessPanel {...props} /> : <FullReadinessPanel {...props} />;
}

export interface ReadinessPanelProps {
  result: InspectResult;
  /** What `result` was judged with. */
  applied: Judging;
  busy: boolean;
  error?: ErrorInfo;
  /** The saved device hash list could not be used when the file was opened. */
  deviceListProblem?: { fileName: string; error: ErrorInfo };
  recheck(change: Partial<Judging>): Promise<Outcome>;
  settings: ReturnType<typeof useSettings>;
  /** Opens the Request wizard (absent when the app has none). */
  onRequestWizard?: () => void;
  /** The open file, for Chain paths' "Export repaired PFX…" (absent: the command line is shown instead). */
  file?: OpenedFile;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const commonNames = (result: InspectResult) =>
  (result.leaf?.subjectAttributes ?? result.request?.subjectAttributes ?? []).filter((a) => a.type === 'CN' || a.oid === '2.5.4.3').map((a) => a.value);

/** The saved lists as settings.set takes them. */
const listsInput = (lists: CertDeskSettings['deviceHashLists']) => lists.map(({ fileName, text, savedAt }) => ({ fileName, text, savedAt }));
const rootsInput = (roots: TrustedRoot[]) => roots.map(({ hash, name, note, addedAt }) => ({ hash, ...(name ? { name } : {}), ...(note ? { note } : {}), addedAt }));

function FullReadinessPanel(props: ReadinessPanelProps) {
  const id = useId();
  const { result, applied, busy, settings } = props;
  const report = result.amt;
  const isRequest = report.subject === 'request';
  const saved = settings.settings;
  const trusted = useMemo(() => saved?.trustedRoots ?? [], [saved]);

  // ---------------------------------------------------------------- DNS suffix box
  const suffixInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(applied.dnsSuffixes.join(', '));
  const appliedKey = applied.dnsSuffixes.join(',');
  useEffect(() => setText(appliedKey.split(',').filter(Boolean).join(', ')), [appliedKey]);
  const parsed = parseSuffixList(text);
  const [refused, setRefused] = useState(false);
  const suffixStale = !parsed.ok || !sameList(parsed.suffixes, applied.dnsSuffixes);
  const checkedFor = applied.dnsSuffixes.length ? applied.dnsSuffixes.join(', ') : 'no DNS suffix';

  // ---------------------------------------------------------------- other inputs' errors, shown in place
  const [firmwareError, setFirmwareError] = useState<ErrorInfo | null>(null);
  const [deviceError, setDeviceError] = useState<ErrorInfo | null>(null);
  const [trustError, setTrustError] = useState<ErrorInfo | null>(null);
  const [confirmTrust, setConfirmTrust] = useState(false);
  const [catalogueOpen, setCatalogueOpen] = useState(false);
  // Closing the catalogue puts focus back on the control that opened it.
  const opener = useRef<HTMLElement | null>(null);
  const openCatalogue = () => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setCatalogueOpen(true);
  };
  const closeCatalogue = () => {
    setCatalogueOpen(false);
    window.setTimeout(() => opener.current?.focus(), 0);
  };
  const deviceList = useRef<DeviceHashListHandle>(null);
  const sameFile = `${result.file}:${result.leaf?.sha256 ?? result.request?.subject ?? ''}`;
  useEffect(() => {
    setConfirmTrust(false);
    setTrustError(null);
    setDeviceError(null);
    setFirmwareError(null);
  }, [sameFile]);

  const shown = (r: Outcome): ErrorInfo | null => (r.ok || r.error.code === 'cancelled' ? null : r.error);

  const top = result.chain[result.chain.length - 1];
  const root = top?.selfSigned ? top : undefined;
  const rootCn = root?.subjectAttributes.find((a) => a.type === 'CN')?.value ?? root?.subject;
  const rootTrusted = !!root && trusted.some((t) => t.hash === root.sha256.toUpperCase() || t.hash === root.sha1.toUpperCase());

  const saveTrusted = async (roots: TrustedRoot[]): Promise<ErrorInfo | null> => {
    try {
      const next = await settings.save({ trustedRoots: rootsInput(roots) });
      return shown(await props.recheck({ trustRootHashes: next.trustedRoots.map((t) => t.hash) }));
    } catch (error) {
      return error as ErrorInfo;
    }
  };

  const trustRoot = async () => {
    if (!root) return;
    const error = await saveTrusted([...trusted, { hash: root.sha256.toUpperCase(), ...(rootCn ? { name: rootCn } : {}), addedAt: new Date().toISOString() }]);
    setTrustError(error);
    if (!error) setConfirmTrust(false);
  };

  const loadDeviceList = async (list: { fileName: string; text: string }) => {
    setDeviceError(null);
    const error = shown(await props.recheck({ deviceHashes: list }));
    if (error) {
      setDeviceError(error);
      return;
    }
    const kept = (saved?.deviceHashLists ?? []).filter((l) => l.fileName !== list.fileName);
    try {
      await settings.save({ deviceHashLists: [...listsInput(kept).slice(-7), list], activeDeviceHashList: list.fileName });
    } catch (e) {
      setDeviceError({ ...(e as ErrorInfo), message: `The list is used for this file, but it could not be saved: ${(e as ErrorInfo).message}` });
    }
  };

  const useSaved = async (list: { fileName: string; text: string }) => {
    setDeviceError(null);
    const error = shown(await props.recheck({ deviceHashes: { fileName: list.fileName, text: list.text } }));
    if (error) return setDeviceError(error);
    await settings.save({ activeDeviceHashList: list.fileName }).catch((e: ErrorInfo) => setDeviceError(e));
  };

  const clearDeviceList = async () => {
    setDeviceError(null);
    const error = shown(await props.recheck({ deviceHashes: null }));
    if (error) return setDeviceError(error);
    if (saved?.activeDeviceHashList) await settings.save({ activeDeviceHashList: null }).catch((e: ErrorInfo) => setDeviceError(e));
  };

  const forgetList = async (fileName: string) => {
    setDeviceError(null);
    await settings
      .save({ deviceHashLists: listsInput((saved?.deviceHashLists ?? []).filter((l) => l.fileName !== fileName)) })
      .catch((e: ErrorInfo) => setDeviceError(e));
  };

  // ---------------------------------------------------------------- checks, problems first
  const kindOf = (c: CheckResult): IconStatus => (c.status === 'warn' && (isRequest || c.message.startsWith('Note:')) ? 'note' : c.status);
  const failing = report.checks.filter((c) => c.status === 'fail');
  const warnings = report.checks.filter((c) => kindOf(c) === 'warn');
  const notes = report.checks.filter((c) => kindOf(c) === 'note');
  const passed = report.checks.filter((c) => c.status === 'pass');
  const problems = [...failing, ...warnings, ...notes];

  const names = commonNames(result);
  const suffixLines = applied.dnsSuffixes.map((suffix) => ({ suffix, ...matchValidSuffix(names, suffix) }));

  function actions(check: CheckResult) {
    if (check.status === 'pass') return null;
    const buttons: ReactElement[] = [];
    if (check.id === 'dns-suffix') {
      buttons.push(
        <button key="suffix" type="button" className="btn btn-small" onClick={() => suffixInput.current?.focus()}>
          {applied.dnsSuffixes.length ? 'Change the DNS suffix' : 'Enter the DNS suffix'}
        </button>,
      );
    }
    if (check.id === 'root-hash-trusted' && check.status === 'fail') {
      if (root && !rootTrusted) {
        buttons.push(
          <button key="trust" type="button" className="btn btn-small" aria-expanded={confirmTrust} onClick={() => setConfirmTrust((v) => !v)}>
            Trust this root (its hash is in our devices)…
          </button>,
        );
      }
      buttons.push(
        <button key="device" type="button" className="btn btn-small" onClick={() => deviceList.current?.pick()}>
          Load a device’s hash list…
        </button>,
      );
    }
    if (check.id === 'root-hash-trusted' || (check.id === 'signature-hash' && check.status === 'fail')) {
      buttons.push(
        <button key="catalogue" type="button" className="link-button" onClick={openCatalogue}>
          Which roots does AMT trust?
        </button>,
      );
    }
    if (check.id === 'key-type-size' && props.onRequestWizard) {
      buttons.push(
        <button key="wizard" type="button" className="link-button" onClick={props.onRequestWizard}>
          Make a new request with a 2048-bit RSA key (Request wizard)
        </button>,
      );
    }
    return buttons.length ? <div className="check-actions">{buttons}</div> : null;
  }

  function renderCheck(check: CheckResult) {
    const kind = kindOf(check);
    const message = formatDatesIn(kind === 'note' ? check.message.replace(/^Note:\s*/, '') : check.message);
    return (
      <li key={check.id} className={`check check-${check.status}${kind === 'note' ? ' check-note' : ''}`} data-check={check.id} data-status={check.status} data-kind={kind}>
        <StatusIcon status={kind} />
        <div className="check-text">
          <div className="check-title">{CHECK_TITLES[check.id] ?? check.id}</div>
          {check.id === 'dns-suffix' && suffixLines.length > 0 && (
            <ul className="suffix-lines" aria-label="DNS suffixes">
              {suffixLines.map((s) => (
                <li key={s.suffix} data-suffix={s.suffix} data-match={s.match}>
                  <StatusIcon status={s.match ? 'pass' : 'fail'} label={s.match ? 'Served' : 'Not served'} />
                  <span>
                    <strong>{s.suffix}</strong>:{' '}
                    {s.match
                      ? `served by ${s.name}${s.rule === 'second-level-domain' ? ' (AMT’s second-level-domain rule)' : ''}`
                      : `not served by the CN ${names.join(', ') || '(none)'}`}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div className="check-message">{message}</div>
          {check.fix && check.status !== 'pass' && (
            <div className="check-fix">
              <span className="check-fix-label">{kind === 'note' ? 'Next: ' : 'Fix: '}</span>
              {inAppWords(check.fix)}
            </div>
          )}
          {actions(check)}
          {check.id === 'root-hash-trusted' && confirmTrust && root && (
            <div className="trust-confirm" role="group" aria-label="Trust this root">
              <p>
                Trust <strong>{rootCn}</strong> only if its SHA-256 was added to every AMT device you provision (MEBx on AMT 15 and older, or a USB
                setup.bin):
              </p>
              <code className="hash">{root.sha256}</code>
              <div className="form-buttons">
                <button type="button" className="btn btn-default" disabled={busy} onClick={() => void trustRoot()}>
                  Trust this root
                </button>
                <button type="button" className="btn" onClick={() => setConfirmTrust(false)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
          {check.id === 'root-hash-trusted' && trustError && (
            <p className="form-error" role="alert">
              {trustError.message}
            </p>
          )}
        </div>
      </li>
    );
  }

  const stale = suffixStale;
  const word = report.ready ? 'READY' : 'NOT READY';

  return (
    <section className="panel readiness" aria-labelledby={`${id}-title`} aria-busy={busy}>
      <h2 id={`${id}-title`} className="panel-title">
        AMT readiness
      </h2>
      <div className={`verdict ${report.ready ? 'verdict-ready' : 'verdict-not-ready'}${stale ? ' is-stale' : ''}`} role="status">
        <StatusIcon status={report.ready ? (warnings.length ? 'warn' : 'pass') : 'fail'} label={report.ready ? 'Ready' : 'Not ready'} />
        <p className="verdict-text">
          <strong className="verdict-word">{word}</strong> <span className="verdict-summary">{report.summary}</span>
        </p>
      </div>
      {stale && (
        <p className="stale-note" role="note">
          This verdict is for {checkedFor}, not for the DNS suffix typed below{parsed.ok ? ': press Check to judge it.' : ', which is refused.'}
        </p>
      )}
      {busy && (
        <p className="hint" role="status">
          Checking…
        </p>
      )}
      {props.error && !busy && (
        <p className="form-error" role="alert">
          {inAppWords(props.error.message)}
        </p>
      )}

      <div className={`checks-area${stale ? ' is-stale' : ''}`}>
        {problems.length > 0 && (
          <ul className="checks" aria-label="Readiness checks">
            {problems.map(renderCheck)}
          </ul>
        )}
        {passed.length > 0 && (
          <details className="passed">
            <summary>
              Show {passed.length} passed check{passed.length === 1 ? '' : 's'}
            </summary>
            <ul className="checks" aria-label="Passed checks">
              {passed.map(renderCheck)}
            </ul>
          </details>
        )}
      </div>

      <ChainPaths result={result} applied={applied} file={props.file} onCaBundles={props.file ? (caBundles) => props.recheck({ caBundles }) : undefined} />

      <details className="by-firmware" open>
        <summary>By AMT firmware</summary>
        <GenerationTable generations={report.generations} />
        <FirmwareChoice
          versions={applied.amtVersions}
          busy={busy}
          onChange={async (amtVersions) => {
            setFirmwareError(null);
            const outcome = await props.recheck({ amtVersions });
            setFirmwareError(shown(outcome));
            return outcome.ok;
          }}
        />
        {firmwareError && (
          <p className="form-error" role="alert">
            {firmwareError.message}
          </p>
        )}
      </details>

      <form
        className="suffix-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!parsed.ok) {
            setRefused(true);
            suffixInput.current?.focus();
            return;
          }
          setRefused(false);
          void props.recheck({ dnsSuffixes: parsed.suffixes });
        }}
      >
        <label className="field" htmlFor={`${id}-suffix`}>
          DNS suffix (DHCP option 15):
        </label>
        <div className="suffix-row">
          <input
            ref={suffixInput}
            id={`${id}-suffix`}
            className="text-input"
            value={text}
            placeholder="corp.example.com"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={!parsed.ok || undefined}
            aria-describedby={`${id}-suffix-hint${!parsed.ok ? ` ${id}-suffix-error` : ''}`}
            onChange={(e) => {
              setText(e.target.value);
              setRefused(false);
            }}
          />
          <button type="submit" className="btn" disabled={busy}>
            {busy ? 'Checking…' : 'Check'}
          </button>
        </div>
        <p id={`${id}-suffix-hint`} className="hint">
          One or more suffixes, separated by commas or spaces; each gets its own line in the DNS suffix check.
        </p>
        {!parsed.ok && (
          <p id={`${id}-suffix-error`} className={`form-error${refused ? ' is-refused' : ''}`} role="alert">
            {parsed.message} Not checked.
          </p>
        )}
      </form>

      <DeviceHashList
        ref={deviceList}
        inForce={report.deviceHashes}
        saved={saved?.deviceHashLists ?? []}
        busy={busy}
        error={deviceError ?? (props.deviceListProblem && !report.deviceHashes ? { ...props.deviceListProblem.error, message: `The saved list ${props.deviceListProblem.fileName} could not be used: ${props.deviceListProblem.error.message}` } : null)}
        onLoad={(list) => void loadDeviceList(list)}
        /* eslint-disable-next-line react-hooks/rules-of-hooks -- useSaved is an event handler ("use this saved list"), not a hook */
        onUse={(list) => void useSaved(list)}
        onClear={() => void clearDeviceList()}
        onForget={(name) => void forgetList(name)}
        onReadError={setDeviceError}
      />

      <div className="trusted-summary">
        <p className="hint">
          {trusted.length === 0 ? 'No roots of your own are trusted.' : `${trusted.length} root${trusted.length === 1 ? '' : 's'} of your own trusted (their hash is in your devices).`}{' '}
          <button type="button" className="link-button" onClick={openCatalogue}>
            Which roots does AMT trust?
          </button>
        </p>
        {settings.error && (
          <p className="form-error" role="alert">
            Saved settings could not be read: {settings.error.message}
          </p>
        )}
      </div>

      {catalogueOpen && (
        <RootCatalogue currentRoot={root?.sha256} trusted={trusted} busy={busy} onSaveTrusted={saveTrusted} onClose={closeCatalogue} />
      )}
    </section>
  );
}

/** Verdict first, problems first, suffixes refused in place: the same rules without the Inspect-only inputs. */
function CompactReadinessPanel(props: CompactReadinessProps) {
  const id = useId();
  const { report } = props;
  const [text, setText] = useState(props.suffixes.join(', '));
  const key = props.suffixes.join(',');
  useEffect(() => setText(key.split(',').filter(Boolean).join(', ')), [key]);
  const parsed = parseSuffixList(text);
  const stale = !parsed.ok || !sameList(parsed.suffixes, props.suffixes);
  const isRequest = report.subject === 'request';
  const kindOf = (c: CheckResult): IconStatus => (c.status === 'warn' && (isRequest || c.message.startsWith('Note:')) ? 'note' : c.status);
  const order: Record<IconStatus, number> = { fail: 0, warn: 1, note: 2, pass: 3 };
  const problems = report.checks.filter((c) => c.status !== 'pass').sort((a, b) => order[kindOf(a)] - order[kindOf(b)]);
  const passed = report.checks.filter((c) => c.status === 'pass');
  const item = (check: CheckResult) => {
    const kind = kindOf(check);
    return (
      <li key={check.id} className={`check check-${check.status}`} data-check={check.id} data-status={check.status} data-kind={kind}>
        <StatusIcon status={kind} />
        <div className="check-text">
          <div className="check-title">{CHECK_TITLES[check.id] ?? check.id}</div>
          <div className="check-message">{formatDatesIn(kind === 'note' ? check.message.replace(/^Note:\s*/, '') : check.message)}</div>
          {check.fix && check.status !== 'pass' && (
            <div className="check-fix">
              <span className="check-fix-label">Fix: </span>
              {inAppWords(check.fix)}
            </div>
          )}
        </div>
      </li>
    );
  };
  return (
    <section className="panel readiness" aria-labelledby={`${id}-title`} aria-busy={props.busy}>
      <h2 id={`${id}-title`} className="panel-title">
        AMT readiness
      </h2>
      <div className={`verdict ${report.ready ? 'verdict-ready' : 'verdict-not-ready'}${stale ? ' is-stale' : ''}`} role="status">
        <StatusIcon status={report.ready ? 'pass' : 'fail'} label={report.ready ? 'Ready' : 'Not ready'} />
        <p className="verdict-text">
          <strong className="verdict-word">{report.ready ? 'READY' : 'NOT READY'}</strong> <span className="verdict-summary">{report.summary}</span>
        </p>
      </div>
      <form
        className="suffix-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed.ok) props.onCheck(parsed.suffixes);
        }}
      >
        <label className="field" htmlFor={`${id}-suffix`}>
          DNS suffix (DHCP option 15):
        </label>
        <div className="suffix-row">
          <input
            id={`${id}-suffix`}
            className="text-input"
            value={text}
            placeholder="corp.example.com"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={!parsed.ok || undefined}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn" disabled={props.busy}>
            {props.busy ? 'Checking…' : 'Check'}
          </button>
        </div>
        {!parsed.ok && (
          <p className="form-error" role="alert">
            {parsed.message} Not checked.
          </p>
        )}
        {props.error && (
          <p className="form-error" role="alert">
            {props.error}
          </p>
        )}
      </form>
      {/* Problems first; the passes follow in the same list (the Requests view's tests and users read one list). */}
      <ul className={`checks${stale ? ' is-stale' : ''}`} aria-label="Readiness checks">
        {[...problems, ...passed].map(item)}
      </ul>
    </section>
  );
}
