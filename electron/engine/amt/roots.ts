// The AMT firmware root catalogue: entries (public `RootEntry`), the embedded root certificates, and hash lookup.
// Data lives in roots-data.ts (rows with sources) and roots-pem.ts (certificates); verification notes in ROOTS.md.
// Everything derived is computed on first use and memoised: importing this module does no work.
import type { RootEntry } from '../../../shared/dto';
import { CertDeskError } from '../../../shared/errors';
import { parsePem } from '../pki/pem';
import { parseCertificate, type Certificate } from '../pki/x509';
import { GENERATIONS } from './generations';
import { ROOT_PEMS } from './roots-pem';
import { ROOT_ROWS, type RootRow } from './roots-data';

/** The public entries, and each one by its SHA-256 and its SHA-1 (hashes are unique: roots.test.ts). */
let catalogue: { entries: RootEntry[]; byHash: Map<string, RootEntry> } | undefined;
let ders: Buffer[] | undefined;
let certificates: Certificate[] | undefined;

function loadCatalogue(): NonNullable<typeof catalogue> {
  if (!catalogue) {
    const entries: RootEntry[] = ROOT_ROWS.map(toEntry);
    const byHash = new Map<string, RootEntry>();
    for (const entry of entries) {
      byHash.set(entry.sha256, entry);
      if (entry.sha1) byHash.set(entry.sha1, entry);
    }
    catalogue = { entries, byHash };
  }
  return catalogue;
}

/** A data row as the public `RootEntry`: optional columns only when the row has them, nested data copied. */
function toEntry(r: RootRow): RootEntry {
  return {
    name: r.name,
    sha256: r.sha256,
    ...(r.sha1 ? { sha1: r.sha1 } : {}),
    ...(r.amtVersions ? { amtVersions: r.amtVersions } : {}),
    source: r.source,
    status: r.status,
    ...(r.signatureHash ? { signatureHash: r.signatureHash } : {}),
    ...(r.keyAlgorithm ? { keyAlgorithm: r.keyAlgorithm } : {}),
    ...(r.keySize ? { keySize: r.keySize } : {}),
    ...(r.notAfter ? { notAfter: r.notAfter } : {}),
    ...(r.certificateSource ? { certificateSource: r.certificateSource } : {}),
    ...(r.firmware ? { firmware: { ...r.firmware } } : {}),
  };
}

/** A copy deep enough that callers cannot change the catalogue (the firmware range is the only nested object). */
function copyEntry(e: RootEntry): RootEntry {
  return e.firmware ? { ...e, firmware: { ...e.firmware } } : { ...e };
}

/** The catalogue as the `roots` command shows it (a fresh copy each call: callers may not mutate the data). */
export function rootCatalogue(): RootEntry[] {
  return loadCatalogue().entries.map(copyEntry);
}

/**
 * Normalises a fingerprint typed by a person: any case, with or without colons, spaces or dashes.
 * Returns uppercase hex, or null when it is not a 40 (SHA-1) or 64 (SHA-256) digit hex string.
 */
export function normalizeHash(text: string): string | null {
  const hex = text.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(hex) || (hex.length !== 40 && hex.length !== 64)) return null;
  return hex;
}

/** Like normalizeHash, but a malformed value is a usage error (for --trust-root-hash). */
export function parseRootHash(text: string): string {
  const hex = normalizeHash(text);
  if (!hex) {
    throw new CertDeskError(
      'usage',
      `"${text}" is not a certificate hash: give the root's SHA-256 (64 hex digits) or SHA-1 (40 hex digits); colons and spaces are allowed.`,
    );
  }
  return hex;
}

/**
 * The catalogue entry (a copy) for a SHA-256 or SHA-1 fingerprint (any case/separators), if any, with its
 * certificate columns and its firmware range (`entry.firmware`).
 */
export function findCatalogueEntry(hash: string): RootEntry | undefined {
  const hex = normalizeHash(hash);
  const entry = hex ? loadCatalogue().byHash.get(hex) : undefined;
  return entry ? copyEntry(entry) : undefined;
}

/**
 * True when `hash` (SHA-256 or SHA-1, any case, colons/spaces allowed) is a root the firmware trusts:
 * in the catalogue (unidentified entries included) or among `extra` (custom roots added with --trust-root-hash).
 */
export function isTrustedRootHash(hash: string, extra: string[] = []): boolean {
  const hex = normalizeHash(hash);
  if (!hex) return false;
  if (findCatalogueEntry(hex)) return true;
  return extra.some((e) => normalizeHash(e) === hex);
}

/** DER of every embedded root certificate (catalogue entries whose certificate we have), in catalogue order. */
export function catalogueRootDers(): Buffer[] {
  ders ??= ROOT_ROWS.filter((r) => ROOT_PEMS[r.sha256]).map((r) => parsePem(ROOT_PEMS[r.sha256])[0].der);
  return ders.slice();
}

/** The embedded root certificates, decoded (for the chain builder). */
export function catalogueCertificates(): Certificate[] {
  certificates ??= catalogueRootDers().map((der) => parseCertificate(der));
  return certificates.slice();
}

/** "AMT 11 and later", "AMT 11 only", "AMT 11–12": the firmware range of a row, in words. */
function firmwareWords(fw: NonNullable<RootEntry['firmware']>): string {
  if (fw.to === undefined) return `AMT ${fw.from}+`;
  const span = fw.to === fw.from ? `AMT ${fw.from} only` : `AMT ${fw.from}–${fw.to}`;
  return fw.removedIn ? `${span}, removed in ${fw.removedIn}` : span;
}

/**
 * The first shipped firmware generation that refuses this root itself (its own signature hash, or an RSA key under
 * the generation's minimum), among those whose list holds it; the rules are generations.ts's, with their sources.
 */
export function rootRefusedFrom(entry: RootEntry): { from: number; name: string; reasons: string[] } | undefined {
  if (!entry.signatureHash && !entry.keySize) return undefined;
  for (const g of GENERATIONS) {
    if (g.proposed) continue;
    if (entry.firmware?.to !== undefined && entry.firmware.to < g.from) break; // no longer in this firmware
    const reasons: string[] = [];
    if (entry.signatureHash && g.refusedHashes.has(entry.signatureHash)) reasons.push(`${entry.signatureHash} root`);
    if (entry.keyAlgorithm === 'RSA' && entry.keySize !== undefined && entry.keySize < g.minRsaBits) reasons.push(`RSA ${entry.keySize}`);
    if (reasons.length) return { from: g.from, name: g.to === null ? `AMT ${g.from}+` : g.name, reasons };
  }
  return undefined;
}

/**
 * One line of facts about a catalogue root for `certdesk roots`: "RSA 2048, self-signed SHA-1, expires 2031-11-10,
 * AMT 12+ — fails on AMT 16+ (SHA-1 root)". Rows without a known certificate say how they are known.
 * `paintFailure` colours the failure part (the CLI passes red on a terminal).
 */
export function describeRoot(entry: RootEntry, now: Date = new Date(), paintFailure: (text: string) => string = (t) => t): string {
  const parts: string[] = [];
  if (entry.keyAlgorithm && entry.keySize) parts.push(`${entry.keyAlgorithm} ${entry.keySize}`);
  if (entry.signatureHash) parts.push(`self-signed ${entry.signatureHash}`);
  if (entry.notAfter) parts.push(`${Date.parse(entry.notAfter) < now.getTime() ? 'expired' : 'expires'} ${entry.notAfter.slice(0, 10)}`);
  if (!entry.signatureHash && !entry.keySize) {
    parts.push(entry.status === 'firmware-label' ? 'certificate not identified (name from the firmware)' : 'certificate not identified');
  }
  if (entry.firmware) parts.push(firmwareWords(entry.firmware));
  const refused = rootRefusedFrom(entry);
  const line = parts.join(', ');
  return refused ? `${line} — ${paintFailure(`fails on ${refused.name} (${refused.reasons.join(', ')})`)}` : line;
}
