// Chain building: pick the leaf (the certificate of the file's private key, else the end entity), then walk
// upward by name, key identifier and signature; complete the top from the embedded AMT root catalogue.
//
// Near-linear in the number of certificates, whatever they hold (a hostile file may give 1,000 certificates
// one name): issuers are looked up in maps by subject name and by subject key identifier; choosing the leaf
// uses names and key identifiers only; signatures are checked only on the chain that is returned, for at
// most MAX_CANDIDATES candidates per link (key-id matches first), each (certificate, issuer key) pair once,
// within CHECK_BUDGET. Cycle-safe and bounded by MAX_CHAIN.
import { signatureAlgorithms, type SignatureKind } from './algorithms';
import { children, parseDer } from './der';
import { authorityKeyIdOf, isCA, subjectKeyIdOf, tryDecode } from './extensions/core';
import { keyMatchesCertificate } from './keys';
import { formatRfc4514 } from './names';
import type { ChainLink, ChainResult, PrivateKeyEntry } from './types';
import { type Certificate, isSignedBy } from './x509';

/** Bounds any walk: no real chain is longer, and a hostile file cannot make one longer. */
const MAX_CHAIN = 32;
/** Same-name candidates whose signature is tried for one link (real files have one or two). */
const MAX_CANDIDATES = 8;
/**
 * Signature checks one buildChain may spend, in microseconds on the reference machine (2-core EPYC VM,
 * OpenSSL 3): an RSA-2048 check costs about 30, a real chain well under 1,000. A file built to hurt (a
 * 3072-bit RSA key with a 3,000-bit public exponent costs 20 ms a check, and a walk may try 288) gets
 * the links checked within the budget and an incomplete chain instead of seconds of work.
 */
const CHECK_BUDGET = 200_000;

const signatureCache = new WeakMap<Certificate, Map<string, boolean>>();

/**
 * The cache key of an issuer: its SubjectPublicKeyInfo, the only part of it isSignedBy reads. Certificates of
 * one key (a renewed CA, or a file that repeats one name and key a thousand times) share one check.
 */
export function issuerKeyOf(issuer: Certificate): string {
  const f = facts(issuer);
  return (f.spki ??= issuer.publicKey.spki.toString('latin1'));
}

/** isSignedBy with a cache per (certificate, issuer key) (chains are built more than once per file: summary, view, checks). */
export function verifiedBy(cert: Certificate, issuer: Certificate): boolean {
  let byKey = signatureCache.get(cert);
  if (!byKey) {
    byKey = new Map();
    signatureCache.set(cert, byKey);
  }
  const key = issuerKeyOf(issuer);
  let result = byKey.get(key);
  if (result === undefined) {
    result = isSignedBy(cert, issuer);
    byKey.set(key, result);
  }
  return result;
}

/**
 * Estimated cost of one check by `issuer`'s key (µs, rounded up). RSA: modular exponentiation by the
 * public exponent, about (modulus bits)^2.5 × 1.5 × (exponent bits) (a squaring per bit, a multiplication
 * for every other one); measured here: 2048-bit with 65537 ≈ 30 µs, 16384-bit ≈ 4 ms, 3072-bit with a
 * 3,000-bit exponent ≈ 20 ms. EC, EdDSA and DSA checks cost at most about 1 ms.
 */
export function checkCost(issuer: Certificate): number {
  const key = issuer.publicKey;
  if (key.algorithm !== 'RSA') return 1_000;
  let exponentBits: number;
  try {
    const [, exponent] = children(parseDer(key.keyBytes));
    exponentBits = Math.max(17, (exponent.end - exponent.contentStart) * 8);
  } catch {
    return 1_000;
  }
  return Math.ceil(30 * (Math.max(key.bits, 1024) / 2048) ** 2.5 * ((1.5 * exponentBits) / 17));
}

type Check = (cert: Certificate, issuer: Certificate) => boolean;

/** verifiedBy within a budget: a check that does not fit is not run and counts as failed (and is not cached). */
function budgetedCheck(budget: number): Check {
  let left = budget;
  return (cert, issuer) => {
    const known = signatureCache.get(cert)?.get(issuerKeyOf(issuer));
    if (known !== undefined) return known;
    const cost = checkCost(issuer);
    if (cost > left) return false;
    left -= cost;
    return verifiedBy(cert, issuer);
  };
}

/** What chain building asks of a certificate again and again, computed once per certificate object. */
interface Facts {
  subjectText?: string;
  issuerText?: string;
  /** Key identifiers as latin1 strings (map keys); null when absent or undecodable. */
  aki?: string | null;
  ski?: string | null;
  /** The SubjectPublicKeyInfo as a latin1 string: issuerKeyOf's map key. */
  spki?: string;
}

const factsCache = new WeakMap<Certificate, Facts>();

function facts(cert: Certificate): Facts {
  let f = factsCache.get(cert);
  if (!f) {
    f = {};
    factsCache.set(cert, f);
  }
  return f;
}

function subjectText(cert: Certificate): string {
  const f = facts(cert);
  return (f.subjectText ??= formatRfc4514(cert.subject).toLowerCase());
}

function issuerText(cert: Certificate): string {
  const f = facts(cert);
  return (f.issuerText ??= formatRfc4514(cert.issuer).toLowerCase());
}

function akiOf(cert: Certificate): string | null {
  const f = facts(cert);
  if (f.aki === undefined) f.aki = tryDecode(() => authorityKeyIdOf(cert))?.toString('latin1') ?? null;
  return f.aki;
}

function skiOf(cert: Certificate): string | null {
  const f = facts(cert);
  if (f.ski === undefined) f.ski = tryDecode(() => subjectKeyIdOf(cert))?.toString('latin1') ?? null;
  return f.ski;
}

/** The attribute types of a name in order: two names whose shapes differ cannot have the same text. */
function shapeOf(attributes: Certificate['subject']): string {
  return attributes.map((a) => a.oid).join(' ');
}

function sameShape(a: Certificate['subject'], b: Certificate['subject']): boolean {
  return a.length === b.length && a.every((attribute, i) => attribute.oid === b[i].oid);
}

/** Issuer name == subject name: DER bytes, else a case-insensitive compare of the RFC 4514 text. */
export function namesMatch(cert: Certificate, issuer: Certificate): boolean {
  if (cert.issuerDer.equals(issuer.subjectDer)) return true;
  // The text is "TYPE=value,…": different attribute types in order give different texts; skip formatting.
  return sameShape(cert.issuer, issuer.subject) && issuerText(cert) === subjectText(issuer);
}

/** 1: the AKI names the issuer's SKI; -1: they differ; 0: one of them is absent (nothing to compare). */
function keyIdMatch(cert: Certificate, issuer: Certificate): 1 | 0 | -1 {
  const aki = akiOf(cert);
  const ski = skiOf(issuer);
  if (aki === null || ski === null) return 0;
  return aki === ski ? 1 : -1;
}

/** Key algorithms that can make each kind of signature (OpenSSL's check_sig_alg_match). */
const signingKeys: Record<SignatureKind, readonly string[]> = {
  rsa: ['RSA'],
  'rsa-pss': ['RSA'],
  ecdsa: ['EC'],
  dsa: ['DSA'],
  eddsa: ['Ed25519', 'Ed448'],
};

/**
 * Self-signed by its names and key identifiers: subject == issuer, the AKI (when present) names the
 * certificate's own SKI, and the signature algorithm fits its key. This is OpenSSL's EXFLAG_SS
 * (crypto/x509/v3_purp.c), which X509_self_signed() checks before an optional signature check: no
 * signature is verified here, so a bundle of 1,000 roots costs no signature checks. Whether the
 * self-signature verifies is checked for the top of a built chain (ChainLink.signatureValid).
 */
export function isSelfSigned(cert: Certificate): boolean {
  if (!namesMatch(cert, cert) || keyIdMatch(cert, cert) < 0) return false;
  const kind = signatureAlgorithms[cert.signatureOid]?.kind;
  return !kind || cert.publicKey.algorithm === 'unknown' || signingKeys[kind].includes(cert.publicKey.algorithm);
}

/** Self-signed, and the self-signature verifies. */
function selfSignatureValid(cert: Certificate, check: Check): boolean {
  return isSelfSigned(cert) && check(cert, cert);
}

/** The certificates that share one subject name; by subject key identifier once a look-up needs it. */
interface Bucket {
  all: Certificate[];
  bySki?: Map<string, Certificate[]>;
  noSki?: Certificate[];
}

function addTo(map: Map<string, Bucket>, key: string, cert: Certificate): void {
  const bucket = map.get(key);
  if (bucket) bucket.all.push(cert);
  else map.set(key, { all: [cert] });
}

/** Splits a bucket by SKI (once; most buckets are never looked up, or hold one certificate). */
function splitBySki(bucket: Bucket): Required<Bucket> {
  if (!bucket.bySki || !bucket.noSki) {
    bucket.bySki = new Map();
    bucket.noSki = [];
    for (const cert of bucket.all) {
      const ski = skiOf(cert);
      if (ski === null) bucket.noSki.push(cert);
      else {
        const list = bucket.bySki.get(ski);
        if (list) list.push(cert);
        else bucket.bySki.set(ski, [cert]);
      }
    }
  }
  return bucket as Required<Bucket>;
}

interface Candidate {
  cert: Certificate;
  keyId: 1 | 0 | -1;
}

/**
 * Certificates indexed by subject: DER bytes; on a DER miss, the lower-cased RFC 4514 text, formatted only
 * for the subjects with the same attribute types as the issuer name looked up (most misses format nothing).
 */
class SubjectIndex {
  private readonly byDer = new Map<string, Bucket>();
  private readonly byShape = new Map<string, Certificate[]>();
  private readonly byText = new Map<string, Map<string, Bucket>>();

  constructor(certs: Certificate[]) {
    for (const cert of certs) {
      addTo(this.byDer, cert.subjectDer.toString('latin1'), cert);
      const shape = shapeOf(cert.subject);
      const list = this.byShape.get(shape);
      if (list) list.push(cert);
      else this.byShape.set(shape, [cert]);
    }
  }

  private bucketFor(cert: Certificate): Bucket | undefined {
    const exact = this.byDer.get(cert.issuerDer.toString('latin1'));
    if (exact) return exact;
    const shape = shapeOf(cert.issuer);
    const sameShape = this.byShape.get(shape);
    if (!sameShape) return undefined;
    let texts = this.byText.get(shape);
    if (!texts) {
      texts = new Map();
      for (const c of sameShape) addTo(texts, subjectText(c), c);
      this.byText.set(shape, texts);
    }
    return texts.get(issuerText(cert));
  }

  /**
   * Up to `limit` issuer candidates for `cert`, best first: AKI == SKI, then nothing to compare, then
   * contradicting key ids; file order within each. `cert` itself and `exclude` are skipped. Bounded work
   * per call: `limit` plus the excluded ones, however many certificates share the name.
   */
  ranked(cert: Certificate, exclude: ReadonlySet<string>, limit: number): Candidate[] {
    const bucket = this.bucketFor(cert);
    const out: Candidate[] = [];
    if (!bucket) return out;
    const take = (list: Certificate[], keyId: 1 | 0 | -1, skip?: (c: Certificate) => boolean) => {
      for (const c of list) {
        if (out.length >= limit) return;
        if (c.sha256 === cert.sha256 || exclude.has(c.sha256) || skip?.(c)) continue;
        out.push({ cert: c, keyId });
      }
    };
    const aki = akiOf(cert);
    if (aki === null) {
      take(bucket.all, 0);
      return out;
    }
    if (bucket.all.length === 1) {
      take(bucket.all, keyIdMatch(cert, bucket.all[0]));
      return out;
    }
    const { bySki, noSki } = splitBySki(bucket);
    take(bySki.get(aki) ?? [], 1);
    take(noSki, 0);
    if (out.length < limit) take(bucket.all, -1, (c) => skiOf(c) === null || skiOf(c) === aki);
    return out;
  }
}

const NONE: ReadonlySet<string> = new Set();

/** The issuer by names and key identifiers alone (no signature check), or null. */
function issuerByKeyId(cert: Certificate, index: SubjectIndex, exclude: ReadonlySet<string>): Certificate | null {
  const [best] = index.ranked(cert, exclude, 1);
  return best && best.keyId >= 0 ? best.cert : null;
}

/**
 * The issuer of `cert`, signatures checked: a lone candidate is taken unless its key id contradicts (then
 * only when its signature verifies); among several, the first (best key-id match first) whose signature
 * verifies, else the best key-id match that does not contradict.
 */
function issuerVerified(cert: Certificate, index: SubjectIndex, exclude: ReadonlySet<string>, check: Check): Certificate | null {
  const ranked = index.ranked(cert, exclude, MAX_CANDIDATES);
  if (ranked.length === 0) return null;
  if (ranked.length === 1) {
    const [only] = ranked;
    return only.keyId >= 0 || check(cert, only.cert) ? only.cert : null;
  }
  const verifying = ranked.find((c) => check(cert, c.cert));
  if (verifying) return verifying.cert;
  return ranked[0].keyId >= 0 ? ranked[0].cert : null;
}

/** Walks upward from `start` with signatures checked: the path (start first), up to a verified self-signed certificate or a dead end. */
function verifiedPath(start: Certificate, index: SubjectIndex, limit: number, check: Check): Certificate[] {
  const path = [start];
  const seen = new Set([start.sha256]);
  let current = start;
  while (path.length < limit) {
    if (selfSignatureValid(current, check)) break;
    const next = issuerVerified(current, index, seen, check);
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

export function buildChain(certs: Certificate[], keys: PrivateKeyEntry[], extraRoots: Certificate[] = []): ChainResult {
  const unique = dedupe(certs);
  const keyMatchesLeaf = (leaf: Certificate | null) => (keys.length ? !!leaf && keys.some((k) => keyMatchesCertificate(k, leaf)) : undefined);
  if (unique.length === 0) return { leaf: null, chain: [], others: [], complete: false, keyMatchesLeaf: keyMatchesLeaf(null) };

  const index = new SubjectIndex(unique);
  const limit = Math.min(MAX_CHAIN, unique.length + 1);

  // Choosing the leaf: names and key identifiers only, each certificate's issuer looked up once.
  const parents = new Map<string, Certificate | null>();
  const parentOf = (cert: Certificate, seen: ReadonlySet<string>): Certificate | null => {
    let parent = parents.get(cert.sha256);
    if (parent === undefined) {
      parent = issuerByKeyId(cert, index, NONE);
      parents.set(cert.sha256, parent);
    }
    // The best candidate is on the path already (a cycle): the next best that is not.
    return parent && seen.has(parent.sha256) ? issuerByKeyId(cert, index, seen) : parent;
  };
  const depth = (start: Certificate): number => {
    const seen = new Set([start.sha256]);
    let current = start;
    while (seen.size < limit && !isSelfSigned(current)) {
      const next = parentOf(current, seen);
      if (!next) break;
      seen.add(next.sha256);
      current = next;
    }
    return seen.size;
  };
  const longest = (candidates: Certificate[]) => {
    let best = candidates[0];
    let bestDepth = depth(best);
    for (const c of candidates.slice(1)) {
      const d = depth(c);
      if (d > bestDepth) [best, bestDepth] = [c, d];
    }
    return best;
  };

  let leaf: Certificate;
  const keyed = keys.length ? unique.filter((c) => keys.some((k) => keyMatchesCertificate(k, c))) : [];
  if (keyed.length) leaf = longest(keyed);
  else {
    // End entities: certificates that issue no other certificate of the file; non-CA ones first.
    const issuers = new Set<string>();
    for (const cert of unique) {
      // A certificate is never its own parent, so a self-signed certificate does not count as its own issuer.
      const parent = parentOf(cert, NONE);
      if (parent) issuers.add(parent.sha256);
    }
    const ends = unique.filter((c) => !issuers.has(c.sha256));
    const pool = ends.length ? ends : unique;
    const nonCA = pool.filter((c) => !isCA(c));
    leaf = longest(nonCA.length ? nonCA : pool);
  }

  // The chain that is returned: signatures checked.
  const check = budgetedCheck(CHECK_BUDGET);
  const path = verifiedPath(leaf, index, limit, check);
  const top = path[path.length - 1];
  const fromCatalogue = new Set<string>();
  if (!selfSignatureValid(top, check) && extraRoots.length) {
    const onPath = new Set(path.map((c) => c.sha256));
    const root = issuerVerified(top, new SubjectIndex(dedupe(extraRoots)), onPath, check);
    if (root) {
      path.push(root);
      fromCatalogue.add(root.sha256);
    }
  }

  const chain: ChainLink[] = path.map((cert, i) => {
    const next = path[i + 1];
    return {
      cert,
      signatureValid: next ? check(cert, next) : selfSignatureValid(cert, check),
      fromCatalogue: fromCatalogue.has(cert.sha256) && i === path.length - 1,
      // The top names another issuer (or another key) and that issuer is neither in the file nor in the catalogue.
      issuerMissing: !next && !isSelfSigned(cert),
    };
  });
  const last = chain[chain.length - 1];
  const complete = selfSignatureValid(last.cert, check) && chain.every((l) => l.signatureValid);
  const onChain = new Set(path.map((c) => c.sha256));
  return {
    leaf,
    chain,
    others: unique.filter((c) => !onChain.has(c.sha256)),
    complete,
    keyMatchesLeaf: keyMatchesLeaf(leaf),
  };
}
