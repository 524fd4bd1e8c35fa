// Every distinct issuer path from a leaf upward (issue [10] item 3, chain repair). chain.ts builds the one chain
// a file presents; here every issuer a certificate could have is followed, so cross-signed CA certificates and
// hybrid chains show each of their paths: a CA certificate re-issued under an older root (same subject, same key,
// another issuer) gives the leaf two paths, one ending at the new root and one through the cross certificate to the
// old root. device-management-toolkit/rpc-go #413 (and deployment #268) is that case: a Go Daddy PFX with 4
// certificates fails on AMT 16 where the 3-certificate SHA-2 chain of the same leaf works.
//
// The certificates looked at: the file's, then any CA bundle the user gives, then the catalogue's root
// certificates (in that order of preference, one copy per SHA-256). Each path ends at a self-signed certificate
// (a root, whose self-signature is checked), at a certificate whose issuer is absent, or at MAX_DEPTH.
//
// Bounded for hostile input (a file of 30 roots that all cross-sign each other has more simple paths than can be
// counted): breadth first, so the shortest paths come first; at most MAX_CANDIDATES issuers tried per certificate,
// MAX_EXPANSIONS partial paths looked at, MAX_PATHS paths returned, and signature checks within CHECK_BUDGET
// (chain.ts's cost estimate per issuer key). Each (certificate, issuer key) pair is verified once per search (and
// once per process: chain.ts's verifiedBy cache). `work` counts what was spent; `truncated` says a bound was reached.
import { CertDeskError } from '../../../shared/errors';
import { checkCost, isSelfSigned, issuerKeyOf, namesMatch, verifiedBy } from './chain';
import { authorityKeyIdOf, subjectKeyIdOf, tryDecode } from './extensions/core';
import { formatRfc4514 } from './names';
import { readContainer } from './read';
import type { Certificate } from './x509';

export type PathSource = 'file' | 'bundle' | 'catalogue';

/** A certificate at hand and where it comes from. */
export interface PoolCert {
  cert: Certificate;
  source: PathSource;
  /** For a bundle: its file name. */
  origin?: string;
}

export interface IssuerPath {
  /** Leaf first. */
  certs: PoolCert[];
  end: 'root' | 'issuer-missing' | 'too-long';
  /** Every link verifies against the next one, and a root against itself. */
  signaturesValid: boolean;
  /** The index of the first certificate whose signature does not verify (only a root's self-signature can fail here). */
  brokenAt?: number;
  /** For 'issuer-missing': certificates that carry the issuer's name but whose key did not sign the top certificate. */
  nameOnly: PoolCert[];
}

export interface PathSearch {
  paths: IssuerPath[];
  /** A bound was reached: more paths may exist. */
  truncated: boolean;
  work: { expansions: number; signatureChecks: number; candidates: number };
  /** SHA-256 of the certificates that share subject and key with another certificate of another issuer (cross-signed). */
  crossSigned: Set<string>;
}

export interface PathLimits {
  maxPaths: number;
  /** Longest path, in certificates (leaf included). */
  maxDepth: number;
  maxExpansions: number;
  maxCandidates: number;
  /** Signature-check budget, in chain.ts's cost units (µs on the reference machine). */
  checkBudget: number;
}

export const PATH_LIMITS: Readonly<PathLimits> = {
  maxPaths: 16,
  maxDepth: 10,
  maxExpansions: 256,
  maxCandidates: 8,
  checkBudget: 200_000,
};

const SOURCE_RANK: Record<PathSource, number> = { file: 0, bundle: 1, catalogue: 2 };

/** One copy per SHA-256, the first one given winning (callers pass the file's, then bundles', then the catalogue's). */
export function dedupePool(pool: PoolCert[]): PoolCert[] {
  const seen = new Set<string>();
  return pool.filter((p) => (seen.has(p.cert.sha256) ? false : (seen.add(p.cert.sha256), true)));
}

/** Issuer candidates by subject: DER bytes, else (on a DER miss) the case-insensitive RFC 4514 text. */
class Index {
  private readonly byDer = new Map<string, PoolCert[]>();
  private byText?: Map<string, PoolCert[]>;

  constructor(private readonly pool: PoolCert[]) {
    for (const p of pool) push(this.byDer, p.cert.subjectDer.toString('latin1'), p);
  }

  bySubject(issuerOf: Certificate): PoolCert[] {
    const exact = this.byDer.get(issuerOf.issuerDer.toString('latin1'));
    if (exact) return exact;
    if (!this.byText) {
      this.byText = new Map();
      for (const p of this.pool) push(this.byText, formatRfc4514(p.cert.subject).toLowerCase(), p);
    }
    return (this.byText.get(formatRfc4514(issuerOf.issuer).toLowerCase()) ?? []).filter((p) => namesMatch(issuerOf, p.cert));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const keyIds = new WeakMap<Certificate, { aki: string | null; ski: string | null }>();

function ids(cert: Certificate): { aki: string | null; ski: string | null } {
  let found = keyIds.get(cert);
  if (!found) {
    found = {
      aki: tryDecode(() => authorityKeyIdOf(cert))?.toString('hex') ?? null,
      ski: tryDecode(() => subjectKeyIdOf(cert))?.toString('hex') ?? null,
    };
    keyIds.set(cert, found);
  }
  return found;
}

/** 1: the AKI names the candidate's SKI; 0: nothing to compare; -1: they differ. */
function keyIdMatch(cert: Certificate, issuer: Certificate): 1 | 0 | -1 {
  const aki = ids(cert).aki;
  const ski = ids(issuer).ski;
  if (aki === null || ski === null) return 0;
  return aki === ski ? 1 : -1;
}

/** Subject + key of a certificate: two certificates with the same one and different issuers are cross-signs of each other. */
const identity = (cert: Certificate) => `${cert.subjectDer.toString('latin1')}\u0000${cert.publicKey.spki.toString('latin1')}`;

function crossSignedIn(pool: PoolCert[]): Set<string> {
  const groups = new Map<string, Certificate[]>();
  for (const p of pool) push(groups, identity(p.cert), p.cert);
  const out = new Set<string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const issuers = new Set(group.map((c) => c.issuerDer.toString('latin1')));
    if (issuers.size < 2) continue;
    for (const c of group) if (!isSelfSigned(c)) out.add(c.sha256);
  }
  return out;
}

/**
 * Every issuer path from `leaf` over `pool` (deduplicated here; the leaf need not be in it), shortest first,
 * within `limits`.
 */
export function issuerPaths(leaf: Certificate, pool: PoolCert[], limits: Partial<PathLimits> = {}): PathSearch {
  const lim: PathLimits = { ...PATH_LIMITS, ...limits };
  const unique = dedupePool(pool);
  const order = new Map(unique.map((p, i) => [p.cert.sha256, i]));
  const start = unique.find((p) => p.cert.sha256 === leaf.sha256) ?? { cert: leaf, source: 'file' as const };
  const index = new Index(unique);
  const work = { expansions: 0, signatureChecks: 0, candidates: 0 };
  let truncated = false;

  // A check that does not fit in the budget is not run and counts as failed.
  let budget = lim.checkBudget;
  const checked = new Map<string, boolean>();
  const check = (cert: Certificate, issuer: Certificate): boolean => {
    const key = `${cert.sha256}>${issuerKeyOf(issuer)}`;
    let ok = checked.get(key);
    if (ok === undefined) {
      const cost = checkCost(issuer);
      if (cost > budget) {
        truncated = true;
        return false;
      }
      budget -= cost;
      work.signatureChecks++;
      ok = verifiedBy(cert, issuer);
      checked.set(key, ok);
    }
    return ok;
  };

  /** Issuer candidates of `cert` not already on the path, best first, at most maxCandidates. */
  const candidates = (cert: Certificate, onPath: ReadonlySet<string>): PoolCert[] => {
    const all = index.bySubject(cert).filter((p) => !onPath.has(p.cert.sha256) && !onPath.has(identity(p.cert)));
    const ranked = all
      .map((p) => ({ p, keyId: keyIdMatch(cert, p.cert), self: isSelfSigned(p.cert) }))
      .sort(
        (a, b) =>
          Number(b.keyId >= 0) - Number(a.keyId >= 0) ||
          Number(b.self) - Number(a.self) ||
          SOURCE_RANK[a.p.source] - SOURCE_RANK[b.p.source] ||
          order.get(a.p.cert.sha256)! - order.get(b.p.cert.sha256)!,
      );
    if (ranked.length > lim.maxCandidates) truncated = true;
    const taken = ranked.slice(0, lim.maxCandidates).map((r) => r.p);
    work.candidates += taken.length;
    return taken;
  };

  const paths: IssuerPath[] = [];
  const queue: PoolCert[][] = [[start]];
  let head = 0;
  while (head < queue.length) {
    if (paths.length >= lim.maxPaths || work.expansions >= lim.maxExpansions) {
      truncated = true;
      break;
    }
    const partial = queue[head++];
    work.expansions++;
    const top = partial[partial.length - 1].cert;
    if (isSelfSigned(top)) {
      const valid = check(top, top);
      paths.push({ certs: partial, end: 'root', signaturesValid: valid, ...(valid ? {} : { brokenAt: partial.length - 1 }), nameOnly: [] });
      continue;
    }
    if (partial.length >= lim.maxDepth) {
      paths.push({ certs: partial, end: 'too-long', signaturesValid: true, nameOnly: [] });
      truncated = true;
      continue;
    }
    // A path never holds the same subject and key twice (RFC 4158 loop detection): a cross certificate back to a
    // name already on the path only goes round in a circle.
    const onPath = new Set(partial.flatMap((p) => [p.cert.sha256, identity(p.cert)]));
    const named = candidates(top, onPath);
    const issuers = named.filter((p) => check(top, p.cert));
    if (issuers.length === 0) {
      paths.push({ certs: partial, end: 'issuer-missing', signaturesValid: true, nameOnly: named });
      continue;
    }
    for (const issuer of issuers) queue.push([...partial, issuer]);
  }
  return { paths, truncated, work, crossSigned: crossSignedIn(unique) };
}

/** A CA bundle as the user gives it (--ca-bundle): any certificate file without a password (PEM, .p7b, .cer, a PFX without one). */
export interface BundleFile {
  fileName: string;
  bytes: Buffer;
}

/** The certificates of the CA bundles, as pool entries; every failure names the bundle. Keys in a bundle are ignored. */
export function bundlePool(bundles: readonly BundleFile[]): PoolCert[] {
  const out: PoolCert[] = [];
  for (const bundle of bundles) {
    let certs: Certificate[];
    try {
      certs = readContainer(bundle.bytes).certificates;
    } catch (error) {
      const e = error instanceof CertDeskError ? error : new CertDeskError('unreadable', String(error));
      // A password-protected bundle is not a wrong password for the file itself (the CLI would ask for that one).
      const code = e.code === 'wrong-password' ? 'unsupported-format' : e.code;
      const why = e.code === 'wrong-password' ? 'it is password-protected; give the CA certificates as .pem, .p7b or .cer' : e.message.replace(/\.$/, '');
      throw new CertDeskError(code, `The CA bundle ${bundle.fileName} could not be used: ${why}.`);
    }
    if (certs.length === 0) throw new CertDeskError('unsupported-format', `The CA bundle ${bundle.fileName} holds no certificate.`);
    for (const cert of certs) out.push({ cert, source: 'bundle', origin: bundle.fileName });
  }
  return out;
}
