// Days left (coloured) and copy-thumbprint buttons for the certificate shown in the dialog.
import { useEffect, useRef, useState } from 'react';
import type { CertSummary, CertView } from '../../../../shared/dto';
import { copyText } from '../../lib/clipboard';
import { expiryLevel, expiryText } from '../../lib/expiry';

function Thumbprint({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return (
    <div className="thumb">
      <div className="thumb-head">
        <span className="thumb-label">{label}</span>
        <button
          type="button"
          className="btn btn-small"
          aria-label={`Copy ${label} thumbprint`}
          onClick={async () => {
            const ok = await copyText(value);
            setCopied(ok ? 'yes' : 'no');
            window.clearTimeout(timer.current);
            timer.current = window.setTimeout(() => setCopied(null), 2500);
          }}
        >
          Copy
        </button>
        <span className="thumb-copied" role="status">
          {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Copy failed: select the text and copy it' : ''}
        </span>
      </div>
      <code className="thumb-value">{value}</code>
    </div>
  );
}

export function CertificateFacts({ view, summary }: { view: CertView; summary?: CertSummary }) {
  const level = expiryLevel(view.daysLeft);
  return (
    <section className="panel facts" aria-label="This certificate">
      <h2 className="panel-title">{view.general.issuedTo}</h2>
      <p className={`expiry expiry-${level}`}>
        <span className="expiry-dot" aria-hidden="true" />
        <span>
          <span className="visually-hidden">Expiry: </span>
          {expiryText(view.daysLeft)}
        </span>
        <span className="expiry-date">(valid to {view.general.validTo})</span>
      </p>
      {summary && (
        <>
          <Thumbprint label="SHA-1" value={summary.sha1} />
          <Thumbprint label="SHA-256" value={summary.sha256} />
        </>
      )}
    </section>
  );
}
