// "AMT readiness": the engine's checks (pass / warn / fail with text alternatives), the verdict, and the DNS
// suffix box that re-runs the check with DHCP option 15 suffixes.
import { useEffect, useId, useState } from 'react';
import type { AmtReport, CheckId, CheckStatus } from '../../../../shared/dto';
import { parseDnsSuffixes } from '../../lib/suffixes';

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

const STATUS_TEXT: Record<CheckStatus, string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail' };

export function StatusIcon({ status }: { status: CheckStatus }) {
  return (
    <span className={`status-icon status-${status}`} role="img" aria-label={STATUS_TEXT[status]}>
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        {status === 'pass' && (
          <>
            <circle cx="8" cy="8" r="7.5" fill="#1e7b34" />
            <path d="M4.3 8.3l2.4 2.4 5-5" fill="none" stroke="#fff" strokeWidth="1.8" />
          </>
        )}
        {status === 'warn' && (
          <>
            <path d="M8 0.8l7.4 13.6H0.6z" fill="#e0a800" stroke="#7a5b00" />
            <path d="M8 5.2v4.6" stroke="#2b2000" strokeWidth="1.7" />
            <circle cx="8" cy="12" r="1" fill="#2b2000" />
          </>
        )}
        {status === 'fail' && (
          <>
            <circle cx="8" cy="8" r="7.5" fill="#c62828" />
            <path d="M5 5l6 6M11 5l-6 6" stroke="#fff" strokeWidth="1.8" />
          </>
        )}
      </svg>
    </span>
  );
}

export function ReadinessPanel(props: { report: AmtReport; suffixes: string[]; busy: boolean; error?: string; onCheck(suffixes: string[]): void }) {
  const id = useId();
  const { report } = props;
  const [text, setText] = useState(props.suffixes.join(', '));
  useEffect(() => setText(props.suffixes.join(', ')), [props.suffixes]);
  const problems = report.checks.filter((c) => c.status === 'fail').length;
  const warnings = report.checks.filter((c) => c.status === 'warn').length;
  const verdict = report.ready
    ? 'Ready for Intel AMT remote configuration'
    : `Not ready for Intel AMT remote configuration: ${problems} problem${problems === 1 ? '' : 's'}`;

  return (
    <section className="panel readiness" aria-labelledby={`${id}-title`} aria-busy={props.busy}>
      <h2 id={`${id}-title`} className="panel-title">
        AMT readiness
      </h2>
      <p className={`verdict ${report.ready ? 'verdict-ready' : 'verdict-not-ready'}`} role="status">
        <StatusIcon status={report.ready ? (warnings ? 'warn' : 'pass') : 'fail'} />
        <span>
          {verdict}
          {warnings > 0 && `${report.ready ? ' —' : ','} ${warnings} warning${warnings === 1 ? '' : 's'}`}
        </span>
      </p>
      <form
        className="suffix-form"
        onSubmit={(e) => {
          e.preventDefault();
          props.onCheck(parseDnsSuffixes(text));
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
            aria-describedby={`${id}-suffix-hint`}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn" disabled={props.busy}>
            {props.busy ? 'Checking…' : 'Check'}
          </button>
        </div>
        <p id={`${id}-suffix-hint`} className="hint">
          One or more suffixes, separated by commas or spaces.
        </p>
        {props.error && (
          <p className="form-error" role="alert">
            {props.error}
          </p>
        )}
      </form>
      <ul className="checks" aria-label="Readiness checks">
        {report.checks.map((check) => (
          <li key={check.id} className={`check check-${check.status}`} data-check={check.id} data-status={check.status}>
            <StatusIcon status={check.status} />
            <div className="check-text">
              <div className="check-title">{CHECK_TITLES[check.id] ?? check.id}</div>
              <div className="check-message">{check.message}</div>
              {check.fix && check.status !== 'pass' && (
                <div className="check-fix">
                  <span className="check-fix-label">Fix: </span>
                  {check.fix}
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
