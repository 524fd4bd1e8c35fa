// PEM armour (RFC 7468, plus the OpenSSL variants seen in the wild): blocks in any order, CRLF or LF, a
// UTF-8 BOM, text before/between/after blocks, RFC 1421 headers (Proc-Type/DEK-Info). A linear scan with
// indexOf, no backtracking regular expressions: hostile text cannot make it slow.
import { CertDeskError } from '../../../shared/errors';

export interface PemBlock {
  /** The label between "BEGIN " and the dashes, upper-cased and trimmed (e.g. "CERTIFICATE"). */
  label: string;
  /** RFC 1421 headers ("Proc-Type", "DEK-Info"), when the block has them. */
  headers: Record<string, string>;
  /** The decoded body. */
  der: Buffer;
  /** The block's text as written (BEGIN line to END line), for APIs that want PEM (legacy encrypted keys). */
  text: string;
}

const BEGIN = '-----BEGIN ';
const DASHES = '-----';

/** True when the bytes look like PEM text (a BEGIN line somewhere in the first part of the file). */
export function looksLikePem(bytes: Buffer): boolean {
  return bytes.indexOf(BEGIN, 0, 'latin1') !== -1;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Strict base64: only the alphabet (whitespace ignored), padding at the end only, a valid length. Node's
 * decoder silently skips junk, which would turn a corrupt file into a confusing parse error later.
 */
export function decodeBase64Strict(body: string): Buffer | null {
  const compact = body.replace(/[\s]+/g, '');
  if (!BASE64_CHARS.test(compact)) return null;
  const stripped = compact.replace(/=+$/, '');
  if (stripped.length % 4 === 1) return null;
  if (compact.length !== stripped.length && compact.length % 4 !== 0) return null;
  return Buffer.from(stripped, 'base64');
}

/** Every PEM block in `text`, in file order. A block without its END line or with bad base64 is an error. */
export function parsePem(input: string): PemBlock[] {
  const text = stripBom(input);
  const blocks: PemBlock[] = [];
  let pos = 0;
  for (;;) {
    const begin = text.indexOf(BEGIN, pos);
    if (begin === -1) break;
    const labelEnd = text.indexOf(DASHES, begin + BEGIN.length);
    const lineEnd = text.indexOf('\n', begin);
    if (labelEnd === -1 || (lineEnd !== -1 && labelEnd > lineEnd)) {
      if (lineEnd === -1) throw new CertDeskError('unreadable', 'The file ends in the middle of a PEM "-----BEGIN" line (truncated file?).');
      // "-----BEGIN " without a well-formed label on the same line: not armour, skip it.
      pos = begin + BEGIN.length;
      continue;
    }
    const label = text.slice(begin + BEGIN.length, labelEnd).trim().toUpperCase();
    const bodyStart = labelEnd + DASHES.length;
    const endMarker = `-----END ${label}`;
    // END labels are compared case-insensitively on the same normalised label.
    let end = text.indexOf('-----END ', bodyStart);
    while (end !== -1) {
      const endLabelEnd = text.indexOf(DASHES, end + 9);
      if (endLabelEnd === -1) {
        end = -1;
        break;
      }
      if (text.slice(end + 9, endLabelEnd).trim().toUpperCase() === label) break;
      end = text.indexOf('-----END ', end + 9);
    }
    if (end === -1) throw new CertDeskError('unreadable', `The PEM block "${label}" has no "${endMarker}-----" line (truncated file?).`);
    const closing = text.indexOf(DASHES, end + 9) + DASHES.length;
    const { headers, body } = splitHeaders(text.slice(bodyStart, end));
    const der = decodeBase64Strict(body);
    if (!der || der.length === 0) {
      throw new CertDeskError('unreadable', `The PEM block "${label}" does not hold valid base64 data (the file is corrupt).`);
    }
    blocks.push({ label, headers, der, text: text.slice(begin, closing) });
    pos = closing;
  }
  return blocks;
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const lines = raw.split(/\r?\n|\r/);
  const headers: Record<string, string> = {};
  let i = 0;
  // Skip the rest of the BEGIN line (normally empty).
  if (lines[0].trim() === '') i = 1;
  let sawHeader = false;
  while (i < lines.length && lines[i].includes(':')) {
    const line = lines[i];
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    sawHeader = true;
    i++;
  }
  if (sawHeader && i < lines.length && lines[i].trim() === '') i++;
  return { headers, body: lines.slice(i).join('') };
}

/** Base64 text without armour (some CAs mail certificates that way): the decoded bytes, or null. */
export function decodeBareBase64(bytes: Buffer): Buffer | null {
  if (bytes.length < 16) return null;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    const ok =
      (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
      c === 0x2b || c === 0x2f || c === 0x3d || c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a ||
      (i < 3 && (c === 0xef || c === 0xbb || c === 0xbf));
    if (!ok) return null;
  }
  let text = bytes.toString('latin1');
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  const decoded = decodeBase64Strict(text);
  return decoded && decoded.length > 0 ? decoded : null;
}

export function toPem(label: string, der: Buffer): string {
  const b64 = der.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
