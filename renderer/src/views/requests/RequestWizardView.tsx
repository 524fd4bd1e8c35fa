// Request wizard: the seed's IIS "Create Certificate Request" order — name and key size → organization (the
// DNS context, OU fixed) → common name (FQDN, checked against the DHCP option 15 suffix) → review → generate
// (key + CSR by the engine, key kept in the vault) → save / copy the CSR. Errors show after a field is left or
// Next is pressed, once, under the field; Cancel discards the entries on every step before the key exists.
// The vault is checked (vault.status) each time the wizard is shown: a vault that cannot store a key is said at
// the first step, with its fix, and Next / Generate stay off until it can.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { requestNameProblem, type RequestNewResult, type VaultStatus } from '../../../../shared/contract/requests';
import type { ErrorInfo } from '../../../../shared/errors';
import { ErrorCard } from '../../app/ErrorCard';
import type { ViewProps } from '../../app/types';
import { copyText } from '../../lib/clipboard';
import { downloadBytes, safeFileName } from '../../lib/download';
import { toUiError } from '../../lib/errors';
import { announceRequestsChanged } from '../../lib/requestEvents';
import {
  AMT_SETUP_OU,
  KEY_SIZE_WARNING,
  KEY_SIZES,
  cnUnderSuffix,
  countryProblem,
  formatRfc4514,
  fqdnProblem,
  normalizeDnsName,
  organizationProblem,
  subjectAttributes,
  type KeySize,
} from './subject';
import { Steps } from '../../components/Steps';
import { useViewActive } from '../../hooks/useViewActive';
import '../../styles/requests.css';

const STEPS = ['Name and key size', 'Organization', 'Common name', 'Review', 'Certificate request'] as const;

// What the CSR asks the CA to put in the certificate besides the subject: electron/engine/requests/csr.ts
// (requestedExtensions) writes exactly these, an extensionRequest with EKU serverAuth + Intel's AMT OID and a
// SAN dNSName equal to the CN. The Review page names them in the Windows dialog's words.
const REQUESTED_EKU = ['Server Authentication (1.3.6.1.5.5.7.3.1)', 'Intel AMT remote configuration (2.16.840.1.113741.1.2.3)'];

type VaultCheck = { phase: 'checking' } | { phase: 'done'; status: VaultStatus } | { phase: 'failed'; error: ErrorInfo };

type FieldKey = 'name' | 'org' | 'cn' | 'suffix' | 'country' | 'state' | 'locality';

/** The rule for one field (null = fine). Empty optional fields are fine; the name is optional too. */
const PROBLEMS: Partial<Record<FieldKey, (f: Fields) => string | null>> = {
  name: (f) => (f.name.trim() ? requestNameProblem(f.name) : null),
  org: (f) => organizationProblem(f.org),
  cn: (f) => fqdnProblem(f.cn),
  country: (f) => countryProblem(f.country),
};

/** The fields each step checks on Next. */
const STEP_FIELDS: FieldKey[][] = [['name'], ['org'], ['cn', 'country'], [], []];

interface Fields {
  name: string;
  keySize: KeySize;
  otherSize: boolean;
  org: string;
  cn: string;
  suffix: string;
  suffixEdited: boolean;
  country: string;
  state: string;
  locality: string;
}

const EMPTY: Fields = {
  name: '',
  keySize: 2048,
  otherSize: false,
  org: '',
  cn: '',
  suffix: '',
  suffixEdited: false,
  country: '',
  state: '',
  locality: '',
};

type Generation = { phase: 'idle' } | { phase: 'generating' } | { phase: 'done'; result: RequestNewResult } | { phase: 'error'; error: ErrorInfo };

export function RequestWizardView({ navigate, hasView }: ViewProps) {
  const id = useId();
  const [step, setStep] = useState(0);
  const [f, setF] = useState<Fields>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Fields, string>>>({});
  const [gen, setGen] = useState<Generation>({ phase: 'idle' });
  const [copied, setCopied] = useState<string>('');
  const [cancelled, setCancelled] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const active = useViewActive(root);
  const [vault, setVault] = useState<VaultCheck>({ phase: 'checking' });
  const vaultAsk = useRef(0);

  const checkVault = useCallback(async () => {
    // Only the latest answer counts: "Check again" pressed twice, or the view shown again while a check is out.
    const ask = ++vaultAsk.current;
    setVault({ phase: 'checking' });
    try {
      const status = await window.certdesk['vault.status']({});
      if (ask === vaultAsk.current) setVault({ phase: 'done', status });
    } catch (raw) {
      if (ask === vaultAsk.current) setVault({ phase: 'failed', error: toUiError(raw) });
    }
  }, []);

  // Each time the wizard is shown: the keyring may have been locked or unlocked while another view was up.
  useEffect(() => {
    if (active) void checkVault();
  }, [active, checkVault]);

  const vaultBlocked = vault.phase === 'done' && !vault.status.available;

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setF((prev) => {
      const next = { ...prev, [key]: value };
      // The DHCP suffix follows the organization (the DNS context) until the user edits it.
      if (key === 'org' && !prev.suffixEdited) next.suffix = String(value).trim();
      if (key === 'suffix') next.suffixEdited = true;
      return next;
    });
    setCancelled(false);
    // A field already showing an error is re-checked as it is typed (the message goes when it is fixed); a
    // field without one is not judged until it is left (blur) or Next is pressed.
    setErrors((prev) => {
      if (!prev[key]) return prev;
      const rule = PROBLEMS[key as FieldKey];
      return { ...prev, [key]: rule ? (rule({ ...f, [key]: value }) ?? undefined) : undefined };
    });
  };

  const blur = (key: FieldKey) => {
    const rule = PROBLEMS[key];
    if (!rule) return;
    // Leaving an empty required field without typing anything is not an error yet: Next says so.
    if (!String(f[key]).trim()) return;
    setErrors((prev) => ({ ...prev, [key]: rule(f) ?? undefined }));
  };

  const goTo = (next: number) => {
    setStep(next);
    setErrors({});
    // Move focus to the new step's heading (screen readers announce it; Tab continues from there).
    window.setTimeout(() => heading.current?.focus(), 0);
  };

  const validate = (which: number): boolean => {
    const problems: Partial<Record<keyof Fields, string>> = {};
    for (const key of STEP_FIELDS[which] ?? []) {
      const p = PROBLEMS[key]?.(f);
      if (p) problems[key] = p;
    }
    setErrors(problems);
    const firstBad = Object.keys(problems)[0];
    if (firstBad) window.setTimeout(() => document.getElementById(`${id}-${firstBad}`)?.focus(), 0);
    return !firstBad;
  };

  const next = (e: FormEvent) => {
    e.preventDefault();
    if (step === 0 && vaultBlocked) return;
    if (validate(step)) goTo(step + 1);
  };

  const attributes = subjectAttributes({ org: f.org, cn: f.cn, country: f.country, state: f.state, locality: f.locality });
  const verdict = cnUnderSuffix(f.cn, f.suffix);

  const generate = async () => {
    if (vaultBlocked) return;
    goTo(4);
    setGen({ phase: 'generating' });
    setCopied('');
    try {
      const result = await window.certdesk['request.new']({
        ...(f.name.trim() ? { name: f.name.trim() } : {}),
        cn: normalizeDnsName(f.cn),
        org: f.org.trim(),
        keySize: f.keySize,
        ...(f.country.trim() ? { country: f.country.trim().toUpperCase() } : {}),
        ...(f.state.trim() ? { state: f.state.trim() } : {}),
        ...(f.locality.trim() ? { locality: f.locality.trim() } : {}),
      });
      announceRequestsChanged();
      setGen({ phase: 'done', result });
    } catch (raw) {
      setGen({ phase: 'error', error: toUiError(raw) });
    }
  };

  const restart = () => {
    setF(EMPTY);
    setGen({ phase: 'idle' });
    goTo(0);
  };

  // Cancel (every step before the key exists): nothing was created; the entries are discarded.
  const cancel = () => {
    restart();
    setCancelled(true);
  };

  const field = (key: keyof Fields, label: string, input: ReactNode, hint?: ReactNode) => (
    <div className="rw-field">
      <label className="field" htmlFor={`${id}-${key}`}>
        {label}
      </label>
      {input}
      {hint && (
        <p id={`${id}-${key}-hint`} className="hint">
          {hint}
        </p>
      )}
      {errors[key] && (
        <p id={`${id}-${key}-err`} className="form-error" role="alert">
          {errors[key]}
        </p>
      )}
    </div>
  );

  const textInput = (key: FieldKey, extra: { placeholder?: string; hint?: boolean; maxLength?: number } = {}) => (
    <input
      id={`${id}-${key}`}
      className="text-input rw-input"
      value={f[key]}
      placeholder={extra.placeholder}
      maxLength={extra.maxLength}
      spellCheck={false}
      autoComplete="off"
      aria-invalid={errors[key] ? true : undefined}
      aria-describedby={[extra.hint ? `${id}-${key}-hint` : '', errors[key] ? `${id}-${key}-err` : ''].filter(Boolean).join(' ') || undefined}
      onChange={(e) => set(key, e.target.value)}
      onBlur={() => blur(key)}
    />
  );

  const busy = gen.phase === 'generating';
  const locked = gen.phase === 'generating' || gen.phase === 'done';

  return (
    <div className="rw" ref={root}>
      <Steps
        label="Request wizard steps"
        steps={STEPS}
        current={step}
        canGo={(i) => !locked && i < step}
        onGo={(i) => goTo(i)}
      />
      <section className="panel rw-page" aria-labelledby={`${id}-h`}>
        <h1 id={`${id}-h`} ref={heading} tabIndex={-1} className="rw-title">
          {STEPS[step]}
        </h1>

        {step === 0 && (
          <form onSubmit={next} noValidate>
            <p className="rw-intro">
              CertDesk makes a new RSA key on this computer, keeps it encrypted in its vault (protected by the OS keychain), and writes a certificate
              request (CSR) for your CA. The key never leaves this computer until you export a password-protected PFX.
            </p>
            {cancelled && (
              <p className="rw-cancelled" role="status">
                Cancelled: no key or request was created.
              </p>
            )}
            <VaultState check={vault} onRecheck={() => void checkVault()} />
            {field(
              'name',
              'Friendly name:',
              textInput('name', { placeholder: 'e.g. Provisioning server 2026', hint: true }),
              'Up to 64 characters, stored with the request: shown in the Requests list (and by the certdesk CLI) and used as the PFX friendly name. Leave empty to use the common name.',
            )}
            <fieldset className="rw-keysize">
              <legend>Key size</legend>
              <label className="radio">
                <input type="radio" name={`${id}-ks`} checked={f.keySize === 2048} onChange={() => set('keySize', 2048)} />
                RSA 2048 bits (recommended: every AMT version and Intel SCS accept it)
              </label>
              <label className="check-label">
                <input
                  type="checkbox"
                  checked={f.otherSize}
                  onChange={(e) => {
                    set('otherSize', e.target.checked);
                    if (!e.target.checked) set('keySize', 2048);
                  }}
                />
                Use a larger key (not recommended)
              </label>
              {f.otherSize && (
                <div className="rw-bigkey">
                  <p className="rw-warning" role="note">
                    <strong>Warning:</strong> {KEY_SIZE_WARNING}. Use a larger key only when every AMT client and your provisioning software accept it.
                  </p>
                  {KEY_SIZES.filter((s) => s !== 2048).map((size) => (
                    <label key={size} className="radio">
                      <input type="radio" name={`${id}-ks`} checked={f.keySize === size} onChange={() => set('keySize', size)} />
                      RSA {size} bits
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
            <WizardButtons onBack={undefined} onCancel={cancel} blockedBy={vaultBlocked ? VAULT_BLOCK : undefined} />
          </form>
        )}

        {step === 1 && (
          <form onSubmit={next} noValidate>
            <p className="rw-intro">
              The organization (O). Two practices, and your CA decides: Intel SCS 3.x puts the DNS context here — the domain your AMT clients get as
              DHCP option 15, for example corp.example.com. A public CA issuing an OV/EV certificate validates O as your legal organisation name
              (for example Contoso Ltd) and refuses anything else. AMT itself reads the OU and the CN, not the O.
            </p>
            {field(
              'org',
              'Organization (DNS context):',
              textInput('org', { placeholder: 'corp.example.com', hint: true, maxLength: 64 }),
              'The DNS context for an internal CA (Intel SCS 3.x); your legal organisation name for a public CA.',
            )}
            <div className="rw-field">
              <label className="field" htmlFor={`${id}-ou`}>
                Organizational unit (fixed):
              </label>
              <input id={`${id}-ou`} className="text-input rw-input" value={AMT_SETUP_OU} readOnly aria-describedby={`${id}-ou-hint`} />
              <p id={`${id}-ou-hint`} className="hint">
                AMT firmware recognises a provisioning certificate by this exact OU text (or by Intel&apos;s OID in the certificate). It is written with
                ASCII &ldquo;(R)&rdquo; — never the &reg; sign, which AMT does not match. CertDesk always writes it for you.
              </p>
            </div>
            <WizardButtons onBack={() => goTo(0)} onCancel={cancel} />
          </form>
        )}

        {step === 2 && (
          <form onSubmit={next} noValidate>
            <p className="rw-intro">The common name (CN) is the fully qualified name of the provisioning server that will hold this certificate.</p>
            {field('cn', 'Common name (FQDN of the provisioning server):', textInput('cn', { placeholder: `prov.${f.org.trim() || 'corp.example.com'}` }))}
            {field(
              'suffix',
              'DNS suffix the AMT clients get (DHCP option 15):',
              textInput('suffix', { placeholder: 'corp.example.com', hint: true }),
              'Only for this check: AMT accepts the certificate when the CN is under this suffix.',
            )}
            <SuffixCheck verdict={verdict} cn={normalizeDnsName(f.cn)} cnProblem={fqdnProblem(f.cn)} />
            <fieldset className="rw-optional">
              <legend>Optional</legend>
              <div className="rw-optional-grid">
                {field('country', 'Country (C):', textInput('country', { placeholder: 'US', maxLength: 2 }))}
                {field('state', 'State or province (S):', textInput('state', { maxLength: 128 }))}
                {field('locality', 'City or locality (L):', textInput('locality', { maxLength: 128 }))}
              </div>
            </fieldset>
            <WizardButtons onBack={() => goTo(1)} onCancel={cancel} />
          </form>
        )}

        {step === 3 && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void generate();
            }}
          >
            <p className="rw-intro">This is exactly what CertDesk will request. Check it: the CA copies the subject into the certificate.</p>
            <dl className="kv rw-review">
              <div>
                <dt>Subject</dt>
                <dd>
                  <code className="rw-subject" data-testid="review-subject">
                    {formatRfc4514(attributes)}
                  </code>
                </dd>
              </div>
              <div>
                <dt>Subject alternative name</dt>
                <dd data-testid="review-san">DNS Name={normalizeDnsName(f.cn)}</dd>
              </div>
              <div>
                <dt>Enhanced key usage</dt>
                <dd data-testid="review-eku">
                  <ul className="rw-eku">
                    {REQUESTED_EKU.map((eku) => (
                      <li key={eku}>{eku}</li>
                    ))}
                  </ul>
                </dd>
              </div>
              <div>
                <dt>Key</dt>
                <dd>
                  RSA {f.keySize} bits{f.keySize !== 2048 && <span className="rw-warning-inline"> — {KEY_SIZE_WARNING}</span>}
                </dd>
              </div>
              <div>
                <dt>Signature</dt>
                <dd>SHA-256 with RSA</dd>
              </div>
              <div>
                <dt>Friendly name</dt>
                <dd>{f.name.trim() || `${normalizeDnsName(f.cn)} (the common name)`}</dd>
              </div>
              <div>
                <dt>DNS suffix</dt>
                <dd>
                  <SuffixCheck verdict={verdict} cn={normalizeDnsName(f.cn)} cnProblem={fqdnProblem(f.cn)} compact />
                </dd>
              </div>
            </dl>
            <p className="hint">The CA decides what goes into the certificate: most copy the requested name and usages; check the issued certificate in Inspect.</p>
            {vaultBlocked && <VaultState check={vault} onRecheck={() => void checkVault()} />}
            <WizardButtons onBack={() => goTo(2)} onCancel={cancel} nextLabel="Generate key and request" blockedBy={vaultBlocked ? VAULT_BLOCK : undefined} />
          </form>
        )}

        {step === 4 && (
          <div className="rw-result" aria-busy={busy}>
            {gen.phase === 'generating' && (
              <div className="rw-progress">
                <div className="progress" role="progressbar" aria-label="Generating the key" aria-valuetext="Working…">
                  <div className="progress-bar" />
                </div>
                <p role="status" aria-live="polite">
                  Generating an RSA {f.keySize}-bit key and signing the request…
                </p>
              </div>
            )}
            {gen.phase === 'error' && (
              <ErrorCard heading="The request was not created" error={gen.error} className="rw-error">
                <button type="button" className="btn btn-primary" onClick={() => void generate()}>
                  Try again
                </button>
                <button type="button" className="btn" onClick={() => goTo(3)}>
                  Back to review
                </button>
                <button type="button" className="btn" onClick={cancel}>
                  Cancel
                </button>
              </ErrorCard>
            )}
            {gen.phase === 'done' && (
              <CsrResult
                result={gen.result}
                copied={copied}
                onCopy={async () => setCopied((await copyText(gen.result.csrPem)) ? 'Copied to the clipboard' : 'Copy failed: select the text and copy it')}
                onNew={restart}
                onList={hasView('requests') ? () => navigate('requests') : undefined}
              />
            )}
          </div>
        )}
      </section>
    </div>
  );
}

const VAULT_BLOCK = 'The vault cannot store a key yet: fix it as said above, then press Check again.';

function WizardButtons({ onBack, onCancel, nextLabel = 'Next', blockedBy }: { onBack?: () => void; onCancel(): void; nextLabel?: string; blockedBy?: string }) {
  const id = useId();
  return (
    <>
      <div className="form-buttons rw-buttons">
        <button type="button" className="btn" onClick={onBack} disabled={!onBack}>
          Back
        </button>
        <button type="submit" className="btn btn-default" disabled={Boolean(blockedBy)} aria-describedby={blockedBy ? `${id}-blocked` : undefined}>
          {nextLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {blockedBy && (
        <p id={`${id}-blocked`} className="hint rw-blocked">
          {blockedBy}
        </p>
      )}
    </>
  );
}

/** The vault's state as vault.status found it: where the key goes, or why it cannot go there and how to fix that. */
function VaultState({ check, onRecheck }: { check: VaultCheck; onRecheck(): void }) {
  const id = useId();
  if (check.phase === 'checking') {
    return (
      <p className="rw-vault rw-vault-checking" role="status" data-testid="vault-state" data-vault="checking">
        Checking CertDesk&apos;s key vault…
      </p>
    );
  }
  if (check.phase === 'failed') {
    return (
      <div className="rw-vault rw-vault-unknown" role="alert" data-testid="vault-state" data-vault="unknown">
        <p>
          <strong>CertDesk could not check its key vault: </strong>
          {check.error.message} Generating the key will say whether the vault works.
        </p>
        <button type="button" className="btn" onClick={onRecheck}>
          Check again
        </button>
      </div>
    );
  }
  const { status } = check;
  if (status.available) {
    return (
      <p className="rw-vault" role="note" data-testid="vault-state" data-vault="ready" data-backend={status.backend}>
        <strong>Where the key is kept: </strong>
        {status.detail}
      </p>
    );
  }
  return (
    <section className="rw-vault rw-vault-bad" role="alert" aria-labelledby={`${id}-h`} data-testid="vault-state" data-vault="unavailable" data-backend={status.backend}>
      <h2 id={`${id}-h`} className="rw-vault-title">
        The vault cannot store a key
      </h2>
      <p>
        CertDesk keeps the new key encrypted under a key protected by {status.backend === 'passphrase' ? 'a passphrase (CERTDESK_VAULT=passphrase)' : 'the OS keychain'}.{' '}
        {status.detail}
      </p>
      {status.fix && (
        <p data-testid="vault-fix">
          <strong>How to fix it: </strong>
          {status.fix}
        </p>
      )}
      <div className="form-buttons">
        <button type="button" className="btn" onClick={onRecheck}>
          Check again
        </button>
      </div>
      {status.code && <p className="hint">Error code: {status.code}</p>}
    </section>
  );
}

function SuffixCheck({ verdict, cn, cnProblem, compact }: { verdict: ReturnType<typeof cnUnderSuffix>; cn: string; cnProblem: string | null; compact?: boolean }) {
  let cls = 'muted';
  let text: string;
  // A common name that is not valid yet is the CN field's error (shown there, once, after input); here it only
  // means the suffix cannot be checked yet.
  const state = verdict.state === 'invalid' && cnProblem !== null ? 'waiting' : verdict.state;
  switch (state) {
    case 'waiting':
      text = 'The suffix is checked once the common name above is complete.';
      break;
    case 'no-suffix':
      text = 'No DNS suffix given: CertDesk cannot check the name against it.';
      break;
    case 'invalid':
      text = verdict.state === 'invalid' ? verdict.message : '';
      cls = 'bad';
      break;
    case 'match':
      text = `${cn} is under ${verdict.state === 'match' ? verdict.suffix : ''}: AMT clients with this DHCP suffix accept it.`;
      cls = 'good';
      break;
    case 'no-match':
      text = `${cn} is not under ${verdict.state === 'no-match' ? verdict.suffix : ''}: AMT clients with this DHCP suffix will refuse the certificate (unless their firmware's second-level-domain rule applies; the readiness checks tell after completion).`;
      cls = 'bad';
      break;
  }
  return (
    <p className={`rw-suffix rw-suffix-${cls}${compact ? ' rw-suffix-compact' : ''}`} role={compact ? undefined : 'status'} aria-live={compact ? undefined : 'polite'} data-suffix-state={state}>
      <span className="rw-suffix-mark" aria-hidden="true">
        {cls === 'good' ? '✓' : cls === 'bad' ? '✗' : '–'}
      </span>
      {text}
    </p>
  );
}

function CsrResult(props: { result: RequestNewResult; copied: string; onCopy(): void; onNew(): void; onList?: () => void }) {
  const id = useId();
  const { result } = props;
  const fileName = `${safeFileName(result.cn, 'request')}.csr`;
  return (
    <div className="rw-csr">
      <p className="rw-done" role="status">
        The key was generated and stored in CertDesk&apos;s vault. Send this request to your CA; when it answers, complete the request in the Requests
        list by dropping the certificate there.
      </p>
      {result.keySizeWarning && (
        <p className="rw-warning" role="note">
          <strong>Key size:</strong> {result.keySizeWarning}
        </p>
      )}
      <dl className="kv rw-facts">
        <div>
          <dt>Request id</dt>
          <dd>
            <code data-testid="request-id">{result.id}</code>
          </dd>
        </div>
        {result.name && (
          <div>
            <dt>Friendly name</dt>
            <dd data-testid="request-name">{result.name}</dd>
          </div>
        )}
        <div>
          <dt>Subject</dt>
          <dd>
            <code>{result.subject}</code>
          </dd>
        </div>
        <div>
          <dt>CSR SHA-256</dt>
          <dd>
            <code className="rw-hash" data-testid="csr-sha256">
              {result.csrSha256}
            </code>
          </dd>
        </div>
      </dl>
      <label className="field" htmlFor={`${id}-pem`}>
        Certificate request (PEM):
      </label>
      <textarea id={`${id}-pem`} className="rw-pem" readOnly value={result.csrPem} rows={10} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
      <div className="form-buttons">
        <button type="button" className="btn btn-primary" onClick={() => downloadBytes(fileName, result.csrPem, 'application/pkcs10')}>
          Save CSR…
        </button>
        <button type="button" className="btn" onClick={props.onCopy}>
          Copy to clipboard
        </button>
        <span className="rw-copied" role="status">
          {props.copied}
        </span>
      </div>
      <div className="form-buttons">
        {props.onList && (
          <button type="button" className="btn" onClick={props.onList}>
            Go to Requests
          </button>
        )}
        <button type="button" className="btn" onClick={props.onNew}>
          New request
        </button>
      </div>
    </div>
  );
}
