// A PKCS#10 request has no certificate dialog: show what the request asks for.
import type { RequestSummary } from '../../../../shared/dto';

export function RequestCard({ request }: { request: RequestSummary }) {
  const rows: [string, string][] = [
    ['Subject', request.subject],
    ['Public key', `${request.keyAlgorithm} (${request.keySize} Bits)`],
    ['Signature', request.signatureValid ? 'Valid' : 'Invalid'],
  ];
  if (request.signatureHash) rows.push(['Signature hash', request.signatureHash]);
  if (request.dnsNames?.length) rows.push(['DNS names', request.dnsNames.join(', ')]);
  if (request.extendedKeyUsage?.length) rows.push(['Enhanced Key Usage', request.extendedKeyUsage.join(', ')]);
  return (
    <section className="panel request-card" aria-labelledby="request-title">
      <h2 id="request-title" className="panel-title">
        Certificate request
      </h2>
      <dl className="kv">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
