// Value formatting of the Windows 10/11 certificate dialog: hex strings, hex dumps and en-US dates in the
// process's local time zone (reference §2.2, §3 "Common rules").

/** Win 10/11 hex: lowercase, contiguous ("62cd436f…"): serial, thumbprint, key ids. */
export function hex(bytes: Buffer): string {
  return bytes.toString('hex');
}

/** Lowercase byte pairs separated by one space ("30 03 01 01 ff"): unknown extensions, public key, "05 00". */
export function spacedHex(bytes: Buffer): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Hex + ASCII dump, 8 bytes a line: "30 03 01 01 ff           0...." — each byte "xx ", a short last line padded
 * to the full width, one more space, then the characters (printable ASCII as is, everything else '.').
 * [Wine field_format_extension_hex_with_ascii; the Windows layout is Uncertain]
 */
export function hexAsciiDump(bytes: Buffer): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 8) {
    const chunk = bytes.subarray(i, i + 8);
    const hexPart = Array.from(chunk, (b) => b.toString(16).padStart(2, '0') + ' ').join('').padEnd(24, ' ');
    const ascii = Array.from(chunk, (b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${hexPart} ${ascii}`);
  }
  return lines.join('\n');
}

/**
 * Intl output cleaned for a Windows look: recent ICU puts U+202F (narrow no-break space) before AM/PM, some
 * locales U+00A0; both become a normal space. Directional marks (U+200E/U+200F, which Windows itself inserts in
 * SCT dates) are never reproduced (§2.2 notes).
 */
function clean(text: string): string {
  return text.replace(/[\u202f\u00a0\u2009]/g, ' ').replace(/[\u200e\u200f]/g, '');
}

// Formatters are built per call on purpose: Intl.DateTimeFormat captures the time zone when it is created,
// and the process time zone (TZ) is the one the dialog must follow, even if it changes.

/** Long date + long time, local: "Monday, November 18, 2024 8:00:00 AM" (Valid from/to, SCT timestamps). */
export function longDateTime(date: Date): string {
  const day = new Intl.DateTimeFormat('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(date);
  const time = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: true }).format(date);
  return clean(`${day} ${time}`);
}

/** Short date, local, en-US M/d/yyyy: "11/18/2024" (General tab). */
export function shortDate(date: Date): string {
  return clean(new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', day: 'numeric' }).format(date));
}

/** Lines of a multi-line (lower pane) value are joined with \n (the DTO's convention; Windows uses CRLF). */
export function lines(items: string[]): string {
  return items.join('\n');
}

/** Windows' multi-line indentation unit: 5 spaces (§3). */
export function indent(level: number): string {
  return ' '.repeat(5 * level);
}

/** "Information Not Available" (§3): an extension with nothing to show. */
export const INFO_NOT_AVAILABLE = 'Information Not Available';
