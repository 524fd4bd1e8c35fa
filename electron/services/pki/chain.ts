// Chain building: pick the leaf (the certificate of the file's private key, else the end entity), then walk
// upward by name, key identifier and signature; complete the top from the embedded AMT root catalogue.
// Linear in the number of certificates (names are looked up in maps), cycle-safe and bounded.
import { authorityKeyIdOf, isCA, subjectKeyIdOf, tryDecode } from './extensions';
import { keyMatchesCertificate } from './keys';
import { formatRfc4514 } from './names';
import type { ChainLink, ChainResult, PrivateKeyEntry } from './types';
import { type Certificate, isSignedBy } from './x509';

const signatureCache = new WeakMap<Certificate, Map<string, boolean>>();

/** isSignedBy with a per-pair cache (chains are built more than once per file: summary, view, checks). */
export function verifiedBy(cert: Certificate, issuer: Certificate): boolean {
  let byIssuer = signatureCache.get(cert);
  if (!byIssuer) {
    byIssuer = new Map();
    signatureCache.set(cert, byIssuer);
  }
  let result = byIssuer.get(issuer.sha256);
  if (result === undefined) {
    result = isSignedBy(cert, issuer);
    byIssuer.set(issuer.sha256, result);
  }
  return result;
}

function textKey(attributes: Certificate['subject']): string {
  return formatRfc4514(attributes).toLowerCase();
}

/** Issuer name == subject name: DER bytes, else a case-insensitive compare of the RFC 4514 text. */
export function namesMatch(cert: Certificate, issuer: Certificate): boolean {
  return cert.issuerDer.equals(issuer.subjectDer) || textKey(cert.issuer) === textKey(issuer.subject);
}

/** Subject == issuer and the certificate verifies with its own key. */
export function isSelfSigned(cert: Certificate): boolean {
  return namesMatch(cert, cert) && verifiedBy(cert, cert);
}

/** Certificates indexed by subject (DER hex and lower-cased text) for issuer look-ups. */
class SubjectIndex {
  private readonly byDer = new Map<string, Certificate[]>();
  private readonly byText = new Map<string, Certificate[]>();

  constructor(certs: Certificate[]) {
    for (const cert of certs) {
      push(this.byDer, cert.subjectDer.toString('hex'), cert);
      push(this.byText, textKey(cert.subject), cert);
    }
  }

  candidates(cert: Certificate): Certificate[] {
    const exact = this.byDer.get(cert.issuerDer.toString('hex'));
    if (exact?.length) return exact;
    return this.byText.get(textKey(cert.issuer)) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The issuer of `cert` among `index`'s certificates, or null. A candidate whose AKI/SKI contradicts is kept
 * only when its signature verifies; among several, the one whose signature verifies wins (then key-id match).
 */
function findIssuer(cert: Certificate, index: SubjectIndex, exclude: Set<string>): Certificate | null {
  const aki = tryDecode(() => authorityKeyIdOf(cert));
  const scored: { cert: Certificate; keyId: number }[] = [];
  for (const candidate of index.candidates(cert)) {
    if (candidate.sha256 === cert.sha256 || exclude.has(candidate.sha256)) continue;
    const ski = tryDecode(() => subjectKeyIdOf(candidate));
    const keyId = aki && ski ? (aki.equals(ski) ? 1 : -1) : 0;
    scored.push({ cert: candidate, keyId });
  }
  if (scored.length === 0) return null;
  if (scored.length === 1) {
    const only = scored[0];
    if (only.keyId >= 0 || verifiedBy(cert, only.cert)) return only.cert;
    return null;
  }
  let best: Certificate | null = null;
  let bestScore = -Infinity;
  for (const { cert: candidate, keyId } of scored) {
    const verifies = verifiedBy(cert, candidate);
    if (!verifies && keyId < 0) continue;
    const score = (verifies ? 4 : 0) + keyId;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Walks upward from `start`: the path (start first), stopping at a self-signed certificate or a dead end. */
function pathUp(start: Certificate, index: SubjectIndex, limit: number): Certificate[] {
  const path = [start];
  const seen = new Set([start.sha256]);
  let current = start;
  while (path.length < limit) {
    if (isSelfSigned(current)) break;
    const next = findIssuer(current, index, seen);
    if (!next) break;
    path.push(next);
    seen.add(next.sha256);
    current = next;
  }
  return path;
}

function dedupe(certs: Certificate[]): Certificate[] {
  const seen = new Set<string>();
  return certs.filter((c) => (seen.has(c.sha256) ? false : (seen.add(c.sha256), true)));
}

/** Bounds any walk: no real chain is longer, and a hostile file cannot make one longer. */
const MAX_CHAIN = 32;

export function buildChain(certs: Certificate[], keys: PrivateKeyEntry[], extraRoots: Certificate[] = []): ChainResult {
  const unique = dedupe(certs);
  const keyMatchesLeaf = (leaf: Certificate | null) => (keys.length ? !!leaf && keys.some((k) => keyMatchesCertificate(k, leaf)) : undefined);
  if (unique.length === 0) return { leaf: null, chain: [], others: [], complete: false, keyMatchesLeaf: keyMatchesLeaf(null) };

  const index = new SubjectIndex(unique);
  const limit = Math.min(MAX_CHAIN, unique.length + 1);
  const paths = new Map<string, Certificate[]>();
  const pathOf = (cert: Certificate) => {
    let path = paths.get(cert.sha256);
    if (!path) {
      path = pathUp(cert, index, limit);
      paths.set(cert.sha256, path);
    }
    return path;
  };
  const longest = (candidates: Certificate[]) =>
    candidates.reduce((best, c) => (pathOf(c).length > pathOf(best).length ? c : best), candidates[0]);

  let leaf: Certificate;
  const keyed = unique.filter((c) => keys.some((k) => keyMatchesCertificate(k, c)));
  if (keyed.length) leaf = longest(keyed);
  else {
    // End entities: certificates that issue no other certificate of the file; non-CA ones first.
    const issuers = new Set<string>();
    for (const cert of unique) {
      // findIssuer never returns `cert` itself, so a self-signed certificate does not count as its own issuer.
      const parent = findIssuer(cert, index, new Set());
      if (parent) issuers.add(parent.sha256);
    }
    const ends = unique.filter((c) => !issuers.has(c.sha256));
    const pool = ends.length ? ends : unique;
    const nonCA = pool.filter((c) => !isCA(c));
    leaf = longest(nonCA.length ? nonCA : pool);
  }

  const path = [...pathOf(leaf)];
  const top = path[path.length - 1];
  const fromCatalogue = new Set<string>();
  if (!isSelfSigned(top) && extraRoots.length) {
    const onPath = new Set(path.map((c) => c.sha256));
    const root = findIssuer(top, new SubjectIndex(dedupe(extraRoots)), onPath);
    if (root) {
      path.push(root);
      fromCatalogue.add(root.sha256);
    }
  }

  const chain: ChainLink[] = path.map((cert, i) => {
    const next = path[i + 1];
    return {
      cert,
      signatureValid: next ? verifiedBy(cert, next) : isSelfSigned(cert),
      fromCatalogue: fromCatalogue.has(cert.sha256) && i === path.length - 1,
    };
  });
  const last = chain[chain.length - 1];
  const complete = isSelfSigned(last.cert) && chain.every((l) => l.signatureValid);
  const onChain = new Set(path.map((c) => c.sha256));
  return {
    leaf,
    chain,
    others: unique.filter((c) => !onChain.has(c.sha256)),
    complete,
    keyMatchesLeaf: keyMatchesLeaf(leaf),
  };
}
