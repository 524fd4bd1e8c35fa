// "Certificates in this file": chain (leaf first) then the others; choosing one shows it in the dialog.
import type { CertSummary, CertView } from '../../../../shared/dto';
import { expiryLevel, expiryText } from '../../lib/expiry';

export interface ListedCert {
  sha256: string;
  view: CertView;
  summary?: CertSummary;
  role: string;
}

export function CertificateList({ certs, current, onSelect }: { certs: ListedCert[]; current: string; onSelect(sha256: string): void }) {
  return (
    <section className="panel cert-list" aria-labelledby="cert-list-title">
      <h2 id="cert-list-title" className="panel-title">
        Certificates in this file ({certs.length})
      </h2>
      <ul>
        {certs.map((c) => {
          const level = expiryLevel(c.view.daysLeft);
          return (
            <li key={c.sha256}>
              <button
                type="button"
                className={`cert-list-item${c.sha256 === current ? ' is-current' : ''}`}
                aria-current={c.sha256 === current ? 'true' : undefined}
                onClick={() => onSelect(c.sha256)}
              >
                <span className="cert-list-name">{c.view.general.issuedTo}</span>
                <span className="cert-list-meta">
                  {c.role}
                  <span className={`chip expiry-${level}`}>{expiryText(c.view.daysLeft)}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
