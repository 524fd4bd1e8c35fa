// Install wizard (issue [4]): choose the PFX (a file, or a completed request exported on the spot) → password
// → import into the Local Computer store → pick the provisioning service or an account → grant read access
// to the private key → verify → associate. Every step shows its result and "Show PowerShell" (the script and
// its stdin JSON, secrets redacted). Off Windows everything runs as a dry run, clearly labelled.
// A completed request is never exported to this page: store.import gets its id and the chosen password, and
// the engine exports the PFX in-process straight into the import script's stdin.
import { fileDropProps } from '../../lib/fileDrop';
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Input, Output } from '../../../../shared/api';
import type { AmtReport, CertSummary } from '../../../../shared/dto';
import type { ErrorInfo } from '../../../../shared/errors';
import {
  isDryRun,
  type AclGrantResult,
  type AssociationDetectResult,
  type DryRunResult,
  type ElevationResult,
  type ServiceInfo,
  type PlacementEntry,
  type ServiceListResult,
  STORE_NAMES,
  type StoreImportDryRun,
  type StoreImportOutcome,
  type StoreImportResult,
  type VerifyResult,
  type windowsOperations,
} from '../../../../shared/contract/windows';
import type { ViewProps } from '../../app/types';
import { useInstallHandoff } from '../../app/handoff';
import { safeFileName } from '../../lib/download';
import { toUiError } from '../../lib/errors';
import { parseSuffixList } from '../../lib/suffixes';
import { readOpenedFile } from '../../lib/readFile';
import { StatusIcon } from '../../components/StatusIcon';
import { PfxPasswordFields, StrengthMeter } from '../../components/PasswordFields';
import { passwordPairProblem, passwordStrength, type StrengthHint } from '../../lib/password';
import { useRequestList } from '../../hooks/useRequestList';
import { useViewActive } from '../../hooks/useViewActive';
import { Steps } from '../../components/Steps';
import { SERVICE_ACCOUNT_STORE_FALLBACK } from './placement';
import { PowerShellDisclosure } from './PowerShellDisclosure';
import '../../styles/requests.css';
import './install.css';

const STEPS = ['Choose the PFX', 'Password', 'Import', 'Service account', 'Grant key access', 'Verify', 'Associate'] as const;

export const DRY_RUN_BANNER = 'Dry run: this computer is not Windows; nothing is changed. The PowerShell below is what would run on the provisioning server.';

type WindowsOp = keyof typeof windowsOperations;

/** One Windows step: the dry-run preview (script + redacted input) and, on Windows, the real result. */
interface StepRun<K extends WindowsOp> {
  busy: boolean;
  preview?: DryRunResult;
  result?: Exclude<Output<K>, DryRunResult>;
  error?: ErrorInfo;
}

type Mode = { kind: 'checking' } | { kind: 'dry-run'; reason: string } | { kind: 'windows'; elevation: ElevationResult };

/** Runs an operation's dry run (always: it feeds "Show PowerShell") and, unless in dry-run mode, the real thing. */
async function runWindows<K extends WindowsOp>(op: K, input: Input<K>, dryRunOnly: boolean): Promise<Omit<StepRun<K>, 'busy'>> {
  const call = window.certdesk[op] as unknown as (i: Input<K>) => Promise<Output<K>>;
  const previewOut = await call({ ...input, dryRun: true });
  const preview = isDryRun(previewOut) ? previewOut : undefined;
  if (dryRunOnly) return { preview };
  const out = await call({ ...input, dryRun: false });
  return { preview, result: isDryRun(out) ? undefined : (out as Exclude<Output<K>, DryRunResult>) };
}

type Source = { kind: 'file' } | { kind: 'request' };

/** What store.import gets: a PFX file's bytes, or a completed request the engine exports at import time. */
type ImportSource = { kind: 'file'; contentBase64: string } | { kind: 'request'; requestId: string };

interface Pfx {
  fileName: string;
  source: ImportSource;
  /** The certificate with the key first, root last. */
  chain: CertSummary[];
  /** Certificates in a PFX file that are not on the chain. */
  others: CertSummary[];
  /** AMT readiness of a PFX file (the engine's inspect); a request's was shown when it was completed. */
  amt?: AmtReport;
  /** The certificate with the key (its SHA-1 is the Windows thumbprint). */
  thumbprint: string;
}

type Account = { kind: 'service'; name: string } | { kind: 'account'; name: string };

export function InstallWizardView({ navigate, hasView }: ViewProps) {
  const id = useId();
  const [step, setStep] = useState(0);
  const [mode, setMode] = useState<Mode>({ kind: 'checking' });
  const [source, setSource] = useState<Source>({ kind: 'file' });
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [requestId, setRequestId] = useState('');
  const [pfx, setPfx] = useState<Pfx | null>(null);
  const [pwBusy, setPwBusy] = useState(false);
  const [pwError, setPwError] = useState<string | null>(null);
  const [hint, setHint] = useState<StrengthHint>(passwordStrength(''));
  const [problem, setProblem] = useState<string | null>(null);
  const [importRun, setImportRun] = useState<StepRun<'store.import'> | null>(null);
  const [servicesRun, setServicesRun] = useState<StepRun<'service.list'> | null>(null);
  const [allServices, setAllServices] = useState(false);
  const [account, setAccount] = useState<Account>({ kind: 'service', name: '' });
  const [grantRun, setGrantRun] = useState<StepRun<'acl.grant'> | null>(null);
  const [verifyRun, setVerifyRun] = useState<StepRun<'verify'> | null>(null);
  const [suffixText, setSuffixText] = useState('');
  const [assocRun, setAssocRun] = useState<StepRun<'association.detect'> | null>(null);
  const [launch, setLaunch] = useState<string | null>(null);
  const [stepError, setStepError] = useState<string | null>(null);
  const [finished, setFinished] = useState(false);
  const [importAnyway, setImportAnyway] = useState(false);
  const [suffixRefused, setSuffixRefused] = useState(false);

  // The PFX password: only in the password box, then in this ref until the import call, then gone.
  const password = useRef('');
  const pw1 = useRef<HTMLInputElement>(null);
  const pw2 = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const active = useViewActive(root);
  const { requests } = useRequestList(active);
  const completed = (requests ?? []).filter((r) => r.status === 'completed');

  const dryRun = mode.kind !== 'windows';

  useEffect(() => {
    let live = true;
    window.certdesk['elevation.check']({}).then(
      (out) => {
        if (!live) return;
        if (isDryRun(out)) setMode({ kind: 'dry-run', reason: 'The engine answered with a dry run.' });
        else setMode({ kind: 'windows', elevation: out });
      },
      (raw) => {
        if (!live) return;
        const err = toUiError(raw);
        setMode({ kind: 'dry-run', reason: err.code === 'not-windows' ? err.message : `Windows bridge unavailable (${err.code}): ${err.message}` });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const goTo = useCallback((next: number) => {
    setStep(next);
    setStepError(null);
    window.setTimeout(() => heading.current?.focus(), 0);
  }, []);

  // Inspect's "Install Certificate..." hands over the open PFX (app/handoff.ts): start at the password step.
  useInstallHandoff((handed) => {
    setSource({ kind: 'file' });
    setFile(handed);
    setPfx(null);
    setImportRun(null);
    goTo(1);
  });

  const clearPasswordBoxes = () => {
    if (pw1.current) pw1.current.value = '';
    if (pw2.current) pw2.current.value = '';
    setHint(passwordStrength(''));
  };

  const chooseFile = async (f: File) => {
    try {
      setFile(await readOpenedFile(f));
      setPfx(null);
      setImportRun(null);
      setStepError(null);
    } catch {
      setStepError(`CertDesk could not read ${f.name}.`);
    }
  };

  // Step 2: open the PFX with the password (file), or export the completed request with a new password.
  const submitPassword = async () => {
    const first = pw1.current?.value ?? '';
    const second = pw2.current?.value ?? '';
    setPwError(null);
    setProblem(null);
    if (source.kind === 'request') {
      const pair = passwordPairProblem(first, second);
      if (pair) {
        setProblem(pair === 'empty' ? 'Enter a password: an empty PFX password is refused.' : 'The two passwords do not match.');
        return;
      }
    } else if (!first) {
      setProblem('Enter the password that protects the PFX.');
      return;
    }
    setPwBusy(true);
    try {
      let next: Pfx;
      if (source.kind === 'request') {
        // The request's certificates (no key, no PFX): what the import will place. The PFX itself is made by the
        // engine when store.import runs, from the id and this password.
        const shown = await window.certdesk['request.show']({ id: requestId });
        const leaf = shown.chain[0];
        if (shown.status !== 'completed' || !leaf) throw new Error(`Request ${shown.id} is not completed yet: complete it with the CA's certificate first.`);
        next = {
          fileName: `${safeFileName(shown.cn, 'certificate')}.pfx`,
          source: { kind: 'request', requestId: shown.id },
          chain: shown.chain,
          others: [],
          thumbprint: leaf.sha1.toUpperCase(),
        };
      } else {
        if (!file) throw new Error('no file');
        const inspect = await window.certdesk.inspect({ fileName: file.fileName, contentBase64: file.contentBase64, password: first });
        const thumbprint = inspect.hasPrivateKey && inspect.leaf ? inspect.leaf.sha1.toUpperCase() : '';
        if (!thumbprint) {
          setPwError('This PFX has no private key for its certificate: the provisioning server needs the key. Export the PFX with its key.');
          return;
        }
        next = { fileName: file.fileName, source: { kind: 'file', contentBase64: file.contentBase64 }, chain: inspect.chain, others: inspect.others, amt: inspect.amt, thumbprint };
      }
      password.current = first;
      setPfx(next);
      setImportRun(null);
      clearPasswordBoxes();
      goTo(2);
    } catch (raw) {
      const err = toUiError(raw);
      setPwError(err.code === 'wrong-password' ? 'The password is incorrect.' : err.message);
      pw1.current?.select();
    } finally {
      setPwBusy(false);
    }
  };

  const runImport = async () => {
    if (!pfx) return;
    setImportRun({ busy: true });
    try {
      const what = pfx.source.kind === 'file' ? { contentBase64: pfx.source.contentBase64 } : { requestId: pfx.source.requestId };
      const out = await runWindows(
        'store.import',
        { fileName: pfx.fileName, ...what, password: password.current, ...(importAnyway ? { allowIncompleteChain: true } : {}) },
        dryRun,
      );
      setImportRun({ busy: false, ...out });
      if (out.result?.keyThumbprint) setPfx((p) => (p ? { ...p, thumbprint: out.result!.keyThumbprint! } : p));
      password.current = '';
    } catch (raw) {
      const error = toUiError(raw);
      setImportRun({ busy: false, error });
      // The password is not needed after the import call, whatever its outcome; except after incomplete-chain,
      // which is refused before anything runs: the user may still choose "Import anyway".
      if (error.code !== 'incomplete-chain') password.current = '';
    }
  };

  const loadServices = useCallback(
    async (all: boolean) => {
      setServicesRun({ busy: true });
      try {
        const out = await runWindows('service.list', { all }, dryRun);
        setServicesRun({ busy: false, ...out });
        const first = out.result?.services.find((s) => s.matched) ?? out.result?.services[0];
        if (first) setAccount((a) => (a.kind === 'service' && !a.name ? { kind: 'service', name: first.name } : a));
      } catch (raw) {
        setServicesRun({ busy: false, error: toUiError(raw) });
      }
    },
    [dryRun],
  );

  useEffect(() => {
    if (step === 3 && servicesRun === null) void loadServices(allServices);
  }, [step, servicesRun, loadServices, allServices]);

  const who = () => (account.kind === 'service' ? { service: account.name.trim() } : { account: account.name.trim() });

  const runGrant = async () => {
    if (!pfx) return;
    setGrantRun({ busy: true });
    try {
      setGrantRun({ busy: false, ...(await runWindows('acl.grant', { thumbprint: pfx.thumbprint, ...who() }, dryRun)) });
    } catch (raw) {
      setGrantRun({ busy: false, error: toUiError(raw) });
    }
  };

  // The suffix box uses the engine's rule: an invalid suffix is refused in place, never rewritten.
  const parsedSuffixes = parseSuffixList(suffixText);

  const runVerify = async () => {
    if (!pfx) return;
    if (!parsedSuffixes.ok) {
      setSuffixRefused(true);
      return;
    }
    const suffixes = parsedSuffixes.suffixes;
    setVerifyRun({ busy: true });
    try {
      setVerifyRun({ busy: false, ...(await runWindows('verify', { thumbprint: pfx.thumbprint, ...who(), ...(suffixes.length ? { dnsSuffixes: suffixes } : {}) }, dryRun)) });
    } catch (raw) {
      setVerifyRun({ busy: false, error: toUiError(raw) });
    }
  };

  const runAssociation = useCallback(async () => {
    if (!pfx) return;
    setAssocRun({ busy: true });
    try {
      setAssocRun({ busy: false, ...(await runWindows('association.detect', { thumbprint: pfx.thumbprint }, dryRun)) });
    } catch (raw) {
      setAssocRun({ busy: false, error: toUiError(raw) });
    }
  }, [pfx, dryRun]);

  useEffect(() => {
    if (step === 6 && assocRun === null) void runAssociation();
  }, [step, assocRun, runAssociation]);

  /** Finish: the wizard is done; it starts again empty (the password was forgotten after the import already). */
  const finish = () => {
    setFile(null);
    setRequestId('');
    setSource({ kind: 'file' });
    setPfx(null);
    setImportRun(null);
    setServicesRun(null);
    setAccount({ kind: 'service', name: '' });
    setGrantRun(null);
    setVerifyRun(null);
    setSuffixText('');
    setSuffixRefused(false);
    setAssocRun(null);
    setLaunch(null);
    setFinished(true);
    goTo(0);
  };

  const next = () => {
    setStepError(null);
    setFinished(false);
    if (step === 0) {
      if (source.kind === 'file' && !file) return setStepError('Choose the PFX file first (or drop it here).');
      if (source.kind === 'request' && !requestId) return setStepError('Choose a completed request.');
      goTo(1);
      return;
    }
    if (step === 1) return void submitPassword();
    if (step === 2 && !importRun?.preview && !importRun?.result) return setStepError(dryRun ? 'Show the import first (Import, dry run).' : 'Import the PFX first.');
    if (step === 3) {
      if (!account.name.trim()) return setStepError(account.kind === 'service' ? 'Choose or type the provisioning service.' : 'Type the account (e.g. CORP\\svc-scs).');
      setGrantRun(null);
      setVerifyRun(null);
    }
    goTo(step + 1);
  };

  return (
    <div className="iw" ref={root}>
      <Steps label="Install wizard steps" steps={STEPS} current={step} canGo={(i) => i < step} onGo={goTo} />
      <section className="panel iw-page" aria-labelledby={`${id}-h`}>
        {mode.kind === 'dry-run' && (
          <p className="iw-banner" role="note" data-testid="dry-run-banner">
            <strong>{DRY_RUN_BANNER.split(':')[0]}:</strong>
            {DRY_RUN_BANNER.slice(DRY_RUN_BANNER.indexOf(':') + 1)}
          </p>
        )}
        {mode.kind === 'windows' && !mode.elevation.elevated && (
          <p className="iw-banner iw-banner-warn" role="note">
            CertDesk is not running as administrator ({mode.elevation.user}). Importing into the Local Computer store and changing key permissions need
            it: close CertDesk and start it with &ldquo;Run as administrator&rdquo;.
          </p>
        )}
        <h1 id={`${id}-h`} ref={heading} tabIndex={-1} className="rw-title">
          {STEPS[step]}
        </h1>

        {step === 0 && (
          <div
            className="iw-choose"
            {...fileDropProps((f) => {
              setSource({ kind: 'file' });
              void chooseFile(f);
            })}
          >
            {finished && (
              <p className="iw-banner" role="status">
                {dryRun ? 'The dry run is finished: nothing was changed on this computer.' : 'The Install wizard is finished.'} Choose another PFX to install
                another certificate.
              </p>
            )}
            <p className="rw-intro">Install the provisioning certificate on the provisioning server: its key, its certificate and the chain.</p>
            <fieldset className="rw-keysize">
              <legend>What to install</legend>
              <label className="radio">
                <input type="radio" name={`${id}-src`} checked={source.kind === 'file'} onChange={() => setSource({ kind: 'file' })} />A PFX file
              </label>
              {source.kind === 'file' && (
                <div className="iw-file">
                  <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
                    Choose PFX file…
                  </button>
                  {active && <input
                    ref={fileInput}
                    type="file"
                    accept=".pfx,.p12"
                    className="visually-hidden"
                    tabIndex={-1}
                    aria-label="PFX file to install"
                    onChange={(e) => {
                      const f = e.target.files?.[0];
                      e.target.value = '';
                      if (f) void chooseFile(f);
                    }}
                  />}
                  <span className="iw-file-name" role="status">
                    {file ? file.fileName : 'or drop a .pfx / .p12 file here'}
                  </span>
                </div>
              )}
              <label className="radio">
                <input
                  type="radio"
                  name={`${id}-src`}
                  checked={source.kind === 'request'}
                  disabled={completed.length === 0}
                  onChange={() => {
                    setSource({ kind: 'request' });
                    if (!requestId && completed[0]) setRequestId(completed[0].id);
                  }}
                />
                A completed request in CertDesk{completed.length === 0 ? ' (none yet)' : ''}
              </label>
              {source.kind === 'request' && (
                <div className="iw-file">
                  <label htmlFor={`${id}-req`} className="visually-hidden">
                    Completed request
                  </label>
                  <select id={`${id}-req`} className="iw-select" value={requestId} onChange={(e) => setRequestId(e.target.value)}>
                    {completed.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.cn} — {r.id}
                      </option>
                    ))}
                  </select>
                  <p className="hint">CertDesk exports it as a PFX with a password you choose next and hands that PFX straight to the import.</p>
                </div>
              )}
            </fieldset>
            {stepError && (
              <p className="form-error" role="alert">
                {stepError}
              </p>
            )}
            <NavButtons onNext={next} />
          </div>
        )}

        {step === 1 && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!pwBusy) next();
            }}
            noValidate
          >
            {source.kind === 'file' ? (
              <>
                <p className="rw-intro">
                  Enter the password that protects <strong>{file?.fileName}</strong>. CertDesk opens the file to check it and find the certificate with
                  the key.
                </p>
                <label className="field" htmlFor={`${id}-pw`}>
                  PFX password:
                </label>
                <input ref={pw1} id={`${id}-pw`} className="text-input rw-input" type="password" autoComplete="off" onChange={() => {
                    setProblem(null);
                    setPwError(null);
                  }}
                />
              </>
            ) : (
              <div className="iw-export">
                <p className="rw-intro">
                  Choose a password for the PFX CertDesk exports from the request when it imports it. To keep a copy of the PFX, use Export PFX on the
                  Requests list.
                </p>
                <PfxPasswordFields
                  idPrefix={id}
                  first={pw1}
                  second={pw2}
                  onChange={(h) => {
                    setHint(h);
                    setProblem(null);
                    setPwError(null);
                  }}
                />
                <StrengthMeter id={`${id}-strength`} hint={hint} />
                <p className="hint">
                  This PFX is protected with 3DES/SHA-1, which every Windows Server reads (2016 included). It goes straight to the import and is
                  never written to disk, so its weaker encryption is never stored anywhere.
                </p>
              </div>
            )}
            {(problem || pwError) && (
              <p className="form-error" role="alert">
                {problem ?? pwError}
              </p>
            )}
            <NavButtons onBack={() => goTo(0)} nextLabel={pwBusy ? 'Opening…' : 'Next'} busy={pwBusy} submit />
          </form>
        )}

        {step === 2 && pfx && (
          <div>
            <PfxFacts pfx={pfx} />
            <p className="rw-intro">
              Import into the <strong>Local Computer</strong> store. CertDesk decides where each certificate goes and the script does exactly that:
              the certificate with the key → Personal, the intermediates of its chain → Intermediate Certification Authorities, the chain&apos;s own
              root → Trusted Root Certification Authorities; any other certificate in the file is skipped. The key is not marked exportable.
            </p>
            <button type="button" className="btn btn-primary" disabled={Boolean(importRun && !importRun.error)} onClick={() => void runImport()}>
              {dryRun ? 'Import (dry run)' : 'Import'}
            </button>
            {importRun?.busy && <Busy text="Importing…" />}
            <RunError run={importRun} />
            {importRun?.error?.code === 'incomplete-chain' && (
              <label className="check-label iw-anyway">
                <input type="checkbox" checked={importAnyway} onChange={(e) => setImportAnyway(e.target.checked)} />
                Import anyway, without the CA chain: AMT cannot verify the certificate until the issuing CA and root are in the store (rpc-go/RPS refuse
                such a certificate)
              </label>
            )}
            {importRun?.error && importRun.error.code !== 'incomplete-chain' && (
              <p className="hint">The password is forgotten after each import attempt: go Back to Password to try again.</p>
            )}
            {((importRun?.result as StoreImportOutcome | undefined)?.warnings ?? []).map((w) => (
              <p key={w} className="form-warning" role="alert">
                {w}
              </p>
            ))}
            {importRun?.result && <ImportResultTable result={importRun.result} />}
            {importRun?.preview && !importRun.result && !importRun.error && (
              <DryRunNote>
                <p>CertDesk&apos;s placement plan: the script would import exactly this (nothing was imported).</p>
                {((importRun.preview as Partial<StoreImportDryRun>).warnings ?? []).map((w) => (
                  <p key={w} className="form-warning" role="alert">
                    {w}
                  </p>
                ))}
                <PlanTable plan={(importRun.preview as Partial<StoreImportDryRun>).plan ?? []} known={[...pfx.chain, ...pfx.others]} />
              </DryRunNote>
            )}
            {importRun?.preview && <PowerShellDisclosure preview={importRun.preview} />}
            <StepError text={stepError} />
            <NavButtons onBack={() => goTo(1)} onNext={next} />
          </div>
        )}

        {step === 3 && (
          <div>
            <p className="rw-intro">
              The provisioning service&apos;s logon account needs read access to the private key. Pick the service (CertDesk looks for Intel SCS / RCS /
              AMT configuration services by name) or type the account.
            </p>
            <label className="check-label">
              <input
                type="checkbox"
                checked={allServices}
                onChange={(e) => {
                  setAllServices(e.target.checked);
                  void loadServices(e.target.checked);
                }}
              />
              Show all services
            </label>
            {servicesRun?.busy && <Busy text="Looking for services…" />}
            <RunError run={servicesRun} />
            <AccountPicker
              idPrefix={id}
              services={servicesRun?.result}
              dryRun={dryRun}
              account={account}
              onChange={(a) => {
                setAccount(a);
                setStepError(null);
              }}
            />
            {servicesRun?.preview && <PowerShellDisclosure preview={servicesRun.preview} />}
            <StepError text={stepError} />
            <NavButtons onBack={() => goTo(2)} onNext={next} />
          </div>
        )}

        {step === 4 && pfx && (
          <div>
            <p className="rw-intro">
              Give <strong>{account.kind === 'service' ? `the logon account of the service ${account.name}` : account.name}</strong> read access to the
              private key of <code>{pfx.thumbprint}</code> (CNG or CAPI key file), then read the permissions back.
            </p>
            <button type="button" className="btn btn-primary" disabled={grantRun?.busy} onClick={() => void runGrant()}>
              {dryRun ? 'Grant read access (dry run)' : 'Grant read access'}
            </button>
            {grantRun?.busy && <Busy text="Granting…" />}
            <RunError run={grantRun} />
            {grantRun?.result && <GrantResult result={grantRun.result} />}
            {grantRun?.preview && !grantRun.result && !grantRun.error && (
              <DryRunNote>
                <p>Would add a Read rule for the account on the key file, then read the ACL back (nothing was changed).</p>
              </DryRunNote>
            )}
            {grantRun?.preview && <PowerShellDisclosure preview={grantRun.preview} />}
            <NavButtons onBack={() => goTo(3)} onNext={next} />
          </div>
        )}

        {step === 5 && pfx && (
          <div>
            <p className="rw-intro">Check the end state: certificate and key in LocalMachine\My, the chain builds to a root AMT trusts, the account can read the key, and the AMT checks.</p>
            <label className="field" htmlFor={`${id}-sfx`}>
              DNS suffix (DHCP option 15), optional:
            </label>
            <input
              id={`${id}-sfx`}
              className="text-input rw-input"
              value={suffixText}
              placeholder="corp.example.com"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={!parsedSuffixes.ok || undefined}
              aria-describedby={`${id}-sfx-hint${!parsedSuffixes.ok ? ` ${id}-sfx-error` : ''}`}
              onChange={(e) => {
                setSuffixText(e.target.value);
                setSuffixRefused(false);
                // A verdict for other suffixes must not stay beside the new text.
                setVerifyRun(null);
              }}
            />
            <p id={`${id}-sfx-hint`} className="hint">
              One or more suffixes, separated by commas or spaces, as the AMT clients get them from DHCP (corp.example.com, without a leading dot).
            </p>
            {!parsedSuffixes.ok && (
              <p id={`${id}-sfx-error`} className={`form-error${suffixRefused ? ' is-refused' : ''}`} role="alert">
                {parsedSuffixes.message} Not verified.
              </p>
            )}
            <div className="form-buttons">
              <button type="button" className="btn btn-primary" disabled={verifyRun?.busy} onClick={() => void runVerify()}>
                {dryRun ? 'Verify (dry run)' : 'Verify'}
              </button>
            </div>
            {verifyRun?.busy && <Busy text="Verifying…" />}
            <RunError run={verifyRun} />
            {verifyRun?.result && <VerifyReport result={verifyRun.result} />}
            {verifyRun?.preview && !verifyRun.result && !verifyRun.error && (
              <DryRunNote>
                <p>Would check: in store · private key · chain builds · root in the AMT catalogue · the account can read the key · AMT checks (nothing was read).</p>
              </DryRunNote>
            )}
            {verifyRun?.preview && <PowerShellDisclosure preview={verifyRun.preview} />}
            <NavButtons onBack={() => goTo(4)} onNext={next} />
          </div>
        )}

        {step === 6 && pfx && (
          <div>
            <p className="rw-intro">
              Tell the provisioning software to use the certificate <code>{pfx.thumbprint}</code>.
            </p>
            {assocRun?.busy && <Busy text="Looking for Intel SCS LoadCert.exe…" />}
            <RunError run={assocRun} />
            {assocRun?.result && <Association result={assocRun.result} dryRun={dryRun} onLaunch={async () => {
              try {
                const out = await window.certdesk['association.launch']({});
                setLaunch(isDryRun(out) ? 'Dry run: nothing launched.' : out.launched ? `Started ${out.path}.` : `Could not start ${out.path}.`);
              } catch (raw) {
                setLaunch(toUiError(raw).message);
              }
            }} />}
            {launch && <p role="status">{launch}</p>}
            {assocRun?.preview && !assocRun.result && !assocRun.error && (
              <DryRunNote>
                <p>
                  On the server, CertDesk looks for Intel SCS 3.x&apos;s LoadCert.exe (under Program Files\Intel\AMTConfServer\Tools) and offers to
                  start it. Newer Intel SCS (Remote Configuration Service) and other toolkits choose the certificate in their own console: select the
                  certificate with thumbprint <code>{pfx.thumbprint}</code> in Local Computer › Personal.
                </p>
              </DryRunNote>
            )}
            {assocRun?.preview && <PowerShellDisclosure preview={assocRun.preview} />}
            <Fallback steps={assocRun?.result?.fallback ?? SERVICE_ACCOUNT_STORE_FALLBACK} />
            <div className="form-buttons rw-buttons">
              <button type="button" className="btn" onClick={() => goTo(5)}>
                Back
              </button>
              {hasView('requests') && (
                <button type="button" className="btn" onClick={() => navigate('requests')}>
                  Requests
                </button>
              )}
              <button type="button" className="btn btn-default" onClick={finish}>
                Finish
              </button>
            </div>
          </div>
        )}
      </section>
    </div>
  );
}

function NavButtons(props: { onBack?: () => void; onNext?: () => void; nextLabel?: string; busy?: boolean; submit?: boolean }) {
  return (
    <div className="form-buttons rw-buttons">
      <button type="button" className="btn" onClick={props.onBack} disabled={!props.onBack}>
        Back
      </button>
      <button type={props.submit ? 'submit' : 'button'} className="btn btn-default" onClick={props.submit ? undefined : props.onNext} disabled={props.busy}>
        {props.nextLabel ?? 'Next'}
      </button>
    </div>
  );
}

function Busy({ text }: { text: string }) {
  return (
    <div className="iw-busy" aria-busy="true">
      <div className="progress" role="progressbar" aria-label={text}>
        <div className="progress-bar" />
      </div>
      <p role="status">{text}</p>
    </div>
  );
}

function RunError({ run }: { run: { error?: ErrorInfo } | null }) {
  if (!run?.error) return null;
  return (
    <p className="form-error iw-error" role="alert">
      {run.error.message} <span className="hint">({run.error.code})</span>
    </p>
  );
}

function StepError({ text }: { text: string | null }) {
  return text ? (
    <p className="form-error" role="alert">
      {text}
    </p>
  ) : null;
}

function DryRunNote({ children }: { children: ReactNode }) {
  return (
    <div className="iw-dry" data-testid="dry-run-result">
      <span className="iw-dry-tag">Dry run</span>
      {children}
    </div>
  );
}

function PfxFacts({ pfx }: { pfx: Pfx }) {
  const leaf = pfx.chain[0];
  const count = pfx.chain.length + pfx.others.length;
  return (
    <dl className="kv iw-facts">
      <div>
        <dt>{pfx.source.kind === 'file' ? 'File' : 'From'}</dt>
        <dd>{pfx.source.kind === 'file' ? pfx.fileName : `Request ${pfx.source.requestId}, exported as ${pfx.fileName} when it is imported`}</dd>
      </div>
      <div>
        <dt>Certificate</dt>
        <dd>{leaf?.subject}</dd>
      </div>
      <div>
        <dt>Thumbprint</dt>
        <dd>
          <code data-testid="thumbprint">{pfx.thumbprint}</code>
        </dd>
      </div>
      <div>
        <dt>In the file</dt>
        <dd>
          {count} certificate(s), private key
          {pfx.amt && (
            <>
              ; AMT readiness: {pfx.amt.ready ? 'ready' : `not ready (${pfx.amt.checks.filter((c) => c.status === 'fail').length} problem(s))`}
            </>
          )}
        </dd>
      </div>
    </dl>
  );
}

/** The engine's placement plan (store.import dry run): each certificate, its store as certlm.msc names it, and why. */
function PlanTable({ plan, known }: { plan: PlacementEntry[]; known: CertSummary[] }) {
  const thumbprint = (sha256: string) => known.find((c) => c.sha256.toUpperCase() === sha256)?.sha1.toUpperCase() ?? `SHA-256 ${sha256}`;
  return (
    <table className="iw-table" aria-label="Certificates and stores" data-testid="placement-plan">
      <thead>
        <tr>
          <th scope="col">Certificate</th>
          <th scope="col">Thumbprint</th>
          <th scope="col">Store</th>
          <th scope="col">Action</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {plan.map((p) => (
          <tr key={p.sha256}>
            <th scope="row">
              {p.subject}
              {p.store === 'My' && <span className="iw-key"> (with private key)</span>}
            </th>
            <td>
              <code className="iw-thumb">{thumbprint(p.sha256)}</code>
            </td>
            <td>{p.store ? `${STORE_NAMES[p.store]} (LocalMachine\\${p.store})` : '—'}</td>
            <td>{p.action === 'import' ? 'would add' : 'skip'}</td>
            <td>{p.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PlacementTable({ rows }: { rows: { thumbprint: string; subject: string; store: string; hasPrivateKey: boolean; action: string }[] }) {
  return (
    <table className="iw-table" aria-label="Certificates and stores">
      <thead>
        <tr>
          <th scope="col">Certificate</th>
          <th scope="col">Thumbprint</th>
          <th scope="col">Store</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.thumbprint}-${r.store}`}>
            <th scope="row">
              {r.subject}
              {r.hasPrivateKey && <span className="iw-key"> (with private key)</span>}
            </th>
            <td>
              <code className="iw-thumb">{r.thumbprint}</code>
            </td>
            <td>{r.store}</td>
            <td>{r.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const ACTION_TEXT: Record<string, string> = { added: 'added', 'already-present': 'already present', replaced: 'replaced (now with its key)' };

function ImportResultTable({ result }: { result: StoreImportResult }) {
  return (
    <div className="iw-result">
      <p role="status">
        Imported into the Local Computer store{result.exportable ? ' (key exportable)' : ' (key not exportable)'}.
      </p>
      <PlacementTable rows={result.certificates.map((c) => ({ ...c, action: ACTION_TEXT[c.action] ?? c.action }))} />
    </div>
  );
}

function AccountPicker(props: { idPrefix: string; services?: ServiceListResult; dryRun: boolean; account: Account; onChange(a: Account): void }) {
  const { idPrefix, services, account } = props;
  const list: ServiceInfo[] = services?.services ?? [];
  return (
    <fieldset className="rw-keysize iw-account">
      <legend>Who needs the key</legend>
      {list.length > 0 ? (
        <div className="iw-services" role="radiogroup" aria-label="Services">
          {list.map((s) => (
            <label key={s.name} className="radio iw-service">
              <input type="radio" name={`${idPrefix}-svc`} checked={account.kind === 'service' && account.name === s.name} onChange={() => props.onChange({ kind: 'service', name: s.name })} />
              <span>
                <strong>{s.displayName || s.name}</strong> ({s.name}) — {s.state}, logs on as {s.account.name}
                {s.account.sid ? ` (${s.account.sid})` : ''}
              </span>
            </label>
          ))}
        </div>
      ) : (
        services && <p className="hint">No provisioning service found by name. Tick &ldquo;Show all services&rdquo;, or type the service or account.</p>
      )}
      {props.dryRun && <p className="hint">In a dry run the services of this computer are not read: type the service name or the account.</p>}
      <label className="radio">
        <input
          type="radio"
          name={`${idPrefix}-svc`}
          checked={account.kind === 'service' && !list.some((s) => s.name === account.name)}
          onChange={() => props.onChange({ kind: 'service', name: '' })}
        />
        Service name:
      </label>
      <input
        className="text-input rw-input iw-indent"
        aria-label="Service name"
        value={account.kind === 'service' && !list.some((s) => s.name === account.name) ? account.name : ''}
        placeholder="AMTconfig"
        spellCheck={false}
        onChange={(e) => props.onChange({ kind: 'service', name: e.target.value })}
      />
      <label className="radio">
        <input type="radio" name={`${idPrefix}-svc`} checked={account.kind === 'account'} onChange={() => props.onChange({ kind: 'account', name: account.kind === 'account' ? account.name : '' })} />
        Account:
      </label>
      <input
        className="text-input rw-input iw-indent"
        aria-label="Account"
        value={account.kind === 'account' ? account.name : ''}
        placeholder="CORP\svc-scs, NT SERVICE\AMTconfig or NetworkService"
        spellCheck={false}
        onChange={(e) => props.onChange({ kind: 'account', name: e.target.value })}
      />
    </fieldset>
  );
}

function GrantResult({ result }: { result: AclGrantResult }) {
  const ok = result.account.canRead && result.verified;
  return (
    <div className="iw-result">
      <p className={`verdict ${ok ? 'verdict-ready' : 'verdict-not-ready'}`} role="status">
        <StatusIcon status={ok ? 'pass' : 'fail'} />
        {ok
          ? `${result.account.name} can read the key${result.changed ? ' (rule added and read back)' : ' (it already could: nothing changed)'}.`
          : `${result.account.name} still cannot read the key.`}
      </p>
      <dl className="kv">
        <div>
          <dt>Key</dt>
          <dd>
            {result.key.provider} — {result.key.keyFile}
          </dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd>
            {result.account.name} {result.account.sid ? `(${result.account.sid})` : ''}
          </dd>
        </div>
        <div>
          <dt>Rules after</dt>
          <dd>
            <ul className="iw-rules">
              {result.after.map((r, i) => (
                <li key={i}>
                  {r.type} {r.identity}: {r.rights}
                  {r.inherited ? ' (inherited)' : ''}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
    </div>
  );
}

function VerifyReport({ result }: { result: VerifyResult }) {
  return (
    <div className="iw-result">
      <p className={`verdict ${result.ok ? 'verdict-ready' : 'verdict-not-ready'}`} role="status">
        <StatusIcon status={result.ok ? 'pass' : 'fail'} />
        {result.ok ? 'The provisioning certificate is installed and usable.' : 'Something is not right yet: see the failed steps.'}
      </p>
      <ul className="checks" aria-label="Verification steps">
        {result.steps.map((s) => (
          <li key={s.id} className={`check check-${s.status}`} data-status={s.status}>
            <StatusIcon status={s.status} />
            <div className="check-text">
              <div className="check-message">{s.message}</div>
              {s.fix && s.status !== 'pass' && (
                <div className="check-fix">
                  <span className="check-fix-label">Fix: </span>
                  {s.fix}
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Association({ result, dryRun, onLaunch }: { result: AssociationDetectResult; dryRun: boolean; onLaunch(): void }) {
  return (
    <div className="iw-result">
      {result.guidance.map((g, i) => (
        <p key={i}>{g}</p>
      ))}
      {result.loadCert.found && !dryRun && (
        <button type="button" className="btn btn-primary" onClick={onLaunch}>
          Start LoadCert.exe
        </button>
      )}
    </div>
  );
}

function Fallback({ steps }: { steps: readonly string[] }) {
  const [lead, ...rest] = steps;
  return (
    <details className="iw-fallback">
      <summary>If the service cannot be given access to the key: use the service account&apos;s own store</summary>
      <p>{lead}</p>
      <ol>
        {rest.map((s, i) => (
          <li key={i}>{s.replace(/^\d+\.\s*/, '')}</li>
        ))}
      </ol>
    </details>
  );
}
