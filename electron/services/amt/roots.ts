// The AMT firmware root catalogue: entries (public `RootEntry`), the embedded root certificates, and hash lookup.
// Data lives in roots-data.ts (rows with sources) and roots-pem.ts (certificates); verification notes in ROOTS.md.
// Everything derived is computed on first use and memoised: importing this module does no work.
import type { RootEntry } from '../../../shared/dto';
import { CertDeskError } from '../../../shared/errors';
import { parsePem } from '../pki/pem';
import { parseCertificate, type Certificate } from '../pki/x509';
import { ROOT_PEMS } from './roots-pem';
import { ROOT_ROWS } from './roots-data';

/** The public entries, and each one by its SHA-256 and its SHA-1 (hashes are unique: roots.test.ts). */
let catalogue: { entries: RootEntry[]; byHash: Map<string, RootEntry> } | undefined;
let ders: Buffer[] | undefined;
let certificates: Certificate[] | undefined;

function loadCatalogue(): NonNullable<typeof catalogue> {
  if (!catalogue) {
    const entries: RootEntry[] = ROOT_ROWS.map((r) => ({
      name: r.name,
      sha256: r.sha256,
      ...(r.sha1 ? { sha1: r.sha1 } : {}),
      ...(r.amtVersions ? { amtVersions: r.amtVersions } : {}),
      source: r.source,
      status: r.status,
    }));
    const byHash = new Map<string, RootEntry>();
    for (const entry of entries) {
      byHash.set(entry.sha256, entry);
      if (entry.sha1) byHash.set(entry.sha1, entry);
    }
    catalogue = { entries, byHash };
  }
  return catalogue;
}

/** The catalogue as the `roots` command shows it (a fresh copy each call: callers may not mutate the data). */
export function rootCatalogue(): RootEntry[] {
  return loadCatalogue().entries.map((e) => ({ ...e }));
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

/** The catalogue entry (a copy) for a SHA-256 or SHA-1 fingerprint (any case/separators), if any. */
export function findCatalogueEntry(hash: string): RootEntry | undefined {
  const hex = normalizeHash(hash);
  const entry = hex ? loadCatalogue().byHash.get(hex) : undefined;
  return entry ? { ...entry } : undefined;
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
