// Request wizard: the seed's IIS "Create Certificate Request" order — name and key size → organization (the
// DNS context, OU fixed) → common name (FQDN, checked against the DHCP option 15 suffix) → review → generate
// (key + CSR by the engine, key kept in the vault) → save / copy the CSR.
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { requestNameProblem, type RequestNewResult } from '../../../../shared/contract/requests';
import type { ErrorInfo } from '../../../../shared/errors';
import type { ViewProps } from '../../app/types';
import { copyText } from '../../lib/clipboard';
import { downloadBytes, safeFileName } from '../../lib/download';
import { toUiError } from '../../lib/errors';
import { announceRequestsChanged } from './events';
import {
  AMT_SETUP_OU,
  KEY_SIZE_WARNING,
  KEY_SIZES,
  cnUnderSuffix,
  countryProblem,
  formatRfc4514,
  formatSlashed,
  fqdnProblem,
  normalizeDnsName,
  organizationProblem,
  subjectAttributes,
  type KeySize,
} from './subject';
import { Steps } from './Steps';
import './requests.css';

const STEPS = ['Name and key size', 'Organization', 'Common name', 'Review', 'Certificate request'] as const;

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
  const heading = useRef<HTMLHeadingElement>(null);

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setF((prev) => {
      const next = { ...prev, [key]: value };
      // The DHCP suffix follows the organization (the DNS context) until the user edits it.
      if (key === 'org' && !prev.suffixEdited) next.suffix = String(value).trim();
      if (key === 'suffix') next.suffixEdited = true;
      return next;
    });
    setErrors((prev) => ({ ...prev, [key]: undefined }));
  };

  const goTo = (next: number) => {
    setStep(next);
    setErrors({});
    // Move focus to the new step's heading (screen readers announce it; Tab continues from there).
    window.setTimeout(() => heading.current?.focus(), 0);
  };

  const validate = (which: number): boolean => {
    const problems: Partial<Record<keyof Fields, string>> = {};
    if (which === 0 && f.name.trim()) {
      // Empty is fine (the common name stands in); otherwise the engine's rule: 1–64 printable characters.
      const p = requestNameProblem(f.name);
      if (p) problems.name = p;
    }
    if (which === 1) {
      const p = organizationProblem(f.org);
      if (p) problems.org = p;
    }
    if (which === 2) {
      const p = fqdnProblem(f.cn);
      if (p) problems.cn = p;
      const c = countryProblem(f.country);
      if (c) problems.country = c;
    }
    setErrors(problems);
    const firstBad = Object.keys(problems)[0];
    if (firstBad) window.setTimeout(() => document.getElementById(`${id}-${firstBad}`)?.focus(), 0);
    return !firstBad;
  };

  const next = (e: FormEvent) => {
    e.preventDefault();
    if (validate(step)) goTo(step + 1);
  };

  const attributes = subjectAttributes({ org: f.org, cn: f.cn, country: f.country, state: f.state, locality: f.locality });
  const verdict = cnUnderSuffix(f.cn, f.suffix);

  const generate = async () => {
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

  const textInput = (key: 'name' | 'org' | 'cn' | 'suffix' | 'country' | 'state' | 'locality', extra: { placeholder?: string; hint?: boolean; maxLength?: number } = {}) => (
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
    />
  );

  const busy = gen.phase === 'generating';
  const locked = gen.phase === 'generating' || gen.phase === 'done';

  return (
    <div className="rw">
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
            <WizardButtons onBack={undefined} />
          </form>
        )}

        {step === 1 && (
          <form onSubmit={next} noValidate>
            <p className="rw-intro">
              The organization (O) is the DNS context the certificate serves — the domain your AMT clients get as DHCP option 15, for example
              corp.example.com.
            </p>
            {field('org', 'Organization (DNS context):', textInput('org', { placeholder: 'corp.example.com', hint: true, maxLength: 64 }), 'Usually the DNS suffix of the network the AMT clients are on.')}
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
            <WizardButtons onBack={() => goTo(0)} />
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
            <SuffixCheck verdict={verdict} cn={normalizeDnsName(f.cn)} />
            <fieldset className="rw-optional">
              <legend>Optional</legend>
              <div className="rw-optional-grid">
                {field('country', 'Country (C):', textInput('country', { placeholder: 'US', maxLength: 2 }))}
                {field('state', 'State or province (S):', textInput('state', { maxLength: 128 }))}
                {field('locality', 'City or locality (L):', textInput('locality', { maxLength: 128 }))}
              </div>
            </fieldset>
            <WizardButtons onBack={() => goTo(1)} />
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
                <dt>As written (DER order)</dt>
                <dd>
                  <code className="rw-subject">{formatSlashed(attributes)}</code>
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
                  <SuffixCheck verdict={verdict} cn={normalizeDnsName(f.cn)} compact />
                </dd>
              </div>
            </dl>
            <WizardButtons onBack={() => goTo(2)} nextLabel="Generate key and request" />
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
              <div className="error-card rw-error" role="alert">
                <h2 className="card-title">The request was not created</h2>
                <p>{gen.error.message}</p>
                <p className="hint">Error code: {gen.error.code}</p>
                <div className="form-buttons">
                  <button type="button" className="btn" onClick={() => goTo(3)}>
                    Back to review
                  </button>
                </div>
              </div>
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

function WizardButtons({ onBack, nextLabel = 'Next' }: { onBack?: () => void; nextLabel?: string }) {
  return (
    <div className="form-buttons rw-buttons">
      <button type="button" className="btn" onClick={onBack} disabled={!onBack}>
        Back
      </button>
      <button type="submit" className="btn btn-default">
        {nextLabel}
      </button>
    </div>
  );
}

function SuffixCheck({ verdict, cn, compact }: { verdict: ReturnType<typeof cnUnderSuffix>; cn: string; compact?: boolean }) {
  let cls = 'muted';
  let text: string;
  switch (verdict.state) {
    case 'no-suffix':
      text = 'No DNS suffix given: CertDesk cannot check the name against it.';
      break;
    case 'invalid':
      text = verdict.message;
      cls = 'bad';
      break;
    case 'match':
      text = `${cn} is under ${verdict.suffix}: AMT clients with this DHCP suffix accept it.`;
      cls = 'good';
      break;
    case 'no-match':
      text = `${cn} is not under ${verdict.suffix}: AMT clients with this DHCP suffix will refuse the certificate (unless their firmware's second-level-domain rule applies; the readiness checks tell after completion).`;
      cls = 'bad';
      break;
  }
  return (
    <p className={`rw-suffix rw-suffix-${cls}${compact ? ' rw-suffix-compact' : ''}`} role={compact ? undefined : 'status'} aria-live={compact ? undefined : 'polite'} data-suffix-state={verdict.state}>
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
