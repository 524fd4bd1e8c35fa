// Trust evaluation of one certification path, as CryptoAPI would report it for the dialog — with CertDesk's
// notion of trust: the root is trusted when the caller says so (AMT root catalogue, or roots the caller was
// given as trusted), since there is no Windows trust store here.
import { sameBytes, type Certificate } from '../x509';

/** One element of a path. `signatureValid` undefined = nothing to verify it against (issuer not found). */
export interface PathElement {
  cert: Certificate;
  signatureValid: boolean | undefined;
}

export type ElementProblem = 'signature' | 'issuer-missing' | 'untrusted-root' | 'time';

export interface PathStatus {
  /** Root (or highest certificate found) first, the viewed certificate last. */
  elements: { cert: Certificate; problem: ElementProblem | null }[];
  /** The problem of the path as a whole (what the General tab reports), null when the chain is OK. */
  problem: ElementProblem | null;
}

export function isSelfIssued(cert: Certificate): boolean {
  return sameBytes(cert.subjectDer, cert.issuerDer);
}

export function timeValid(cert: Certificate, now: Date): boolean {
  return now.getTime() >= cert.notBefore.getTime() && now.getTime() <= cert.notAfter.getTime();
}

/**
 * Per element, highest priority first: invalid signature → issuer not found (top element only, not
 * self-issued) → root not trusted (top element only, self-issued) → outside its validity period → OK.
 * Signature before time follows Wine's set_certificate_status; the trust conditions are placed before time
 * because CryptoAPI's base chain policy reports an untrusted root before a time error.
 *
 * The path as a whole takes the first of the same list found on any element (so an expired intermediate makes
 * the leaf's General tab say "expired", as CERT_TRUST_IS_NOT_TIME_VALID does for the whole chain).
 *
 * `leafFirst`: the viewed certificate first, then its issuers (the ChainLink order).
 */
export function evaluatePath(leafFirst: PathElement[], isTrustedRoot: (cert: Certificate) => boolean, now: Date): PathStatus {
  const top = leafFirst.length - 1;
  const problems: (ElementProblem | null)[] = leafFirst.map((el, i) => {
    const isTop = i === top;
    const selfIssued = isSelfIssued(el.cert);
    if (el.signatureValid === false && (!isTop || selfIssued)) return 'signature';
    if (isTop && !selfIssued) return 'issuer-missing';
    if (isTop && !isTrustedRoot(el.cert)) return 'untrusted-root';
    if (!timeValid(el.cert, now)) return 'time';
    return null;
  });
  const order: ElementProblem[] = ['signature', 'issuer-missing', 'untrusted-root', 'time'];
  const problem = order.find((p) => problems.includes(p)) ?? null;
  const elements = leafFirst.map((el, i) => ({ cert: el.cert, problem: problems[i] })).reverse();
  return { elements, problem };
}
