// Shared helpers for the pki/view tests: openssl-made certificates parsed by the engine, chains as ChainLinks,
// and openssl's own answers to compare against.
import { parseCertificate, isSignedBy, type Certificate } from '../../../../electron/engine/pki/x509';
import type { ChainLink } from '../../../../electron/engine/pki/types';
import type { Issued, Pki } from '../../../support/openssl';

export function load(pki: Pki, issued: Issued): Certificate {
  return parseCertificate(pki.der(issued.cert));
}

/** Leaf first; each link verified against the next, the top against itself (as the chain builder does). */
export function links(certs: Certificate[]): ChainLink[] {
  return certs.map((cert, i) => ({ cert, signatureValid: isSignedBy(cert, certs[i + 1] ?? cert), fromCatalogue: false }));
}

/** openssl's extension headers in `x509 -text` order: name and critical flag. */
export function opensslExtensions(pki: Pki, certFile: string): { name: string; critical: boolean }[] {
  const text = pki.run(['x509', '-in', certFile, '-noout', '-text']).toString();
  const section = text.split('X509v3 extensions:')[1]?.split(/\n {4}Signature Algorithm/)[0] ?? '';
  return section
    .split('\n')
    .map((line) => line.match(/^ {12}(\S.*?):( critical)?\s*$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ name: m[1], critical: m[2] !== undefined }));
}

/** Hex (lowercase, contiguous) of one `openssl x509 -ext` value printed as AB:CD:… */
export function opensslExtHex(pki: Pki, certFile: string, ext: string): string {
  const out = pki.run(['x509', '-in', certFile, '-noout', '-ext', ext]).toString();
  const hexLine = out.split('\n').find((l) => /^\s+(keyid:)?[0-9A-F]{2}(:[0-9A-F]{2})+\s*$/i.test(l)) ?? '';
  return hexLine.trim().replace(/^keyid:/i, '').replace(/:/g, '').toLowerCase();
}

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Independent expected Windows long date-time for a UTC wall clock ("Monday, November 18, 2024 8:00:00 AM"). */
export function expectedLongUtc(d: Date): string {
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${weekdays[d.getUTCDay()]}, ${months[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${h12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

export function expectedShortUtc(d: Date): string {
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
}

export function spaced(hex: string): string {
  return hex.match(/../g)!.join(' ');
}
