// RFC 4514 text of a distinguished name: the engine's names (electron/engine/pki/names.ts) and the app's subject
// preview (renderer/src/views/requests/subject.ts) both print it with these two functions.

/**
 * One attribute value, escaped: the specials `\ , + " < > ; =` with a backslash, NUL as `\00`, a leading '#' or
 * space and a trailing space with a backslash (RFC 4514 section 2.4).
 */
export function escapeRfc4514(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => '\\' + c).replace(/\0/g, '\\00');
  if (out.startsWith('#') || out.startsWith(' ')) out = '\\' + out;
  if (out.endsWith(' ') && out.length > 1) out = out.slice(0, -1) + '\\ ';
  return out;
}

/** RFC 4514 string, most specific RDN first (the reverse of DER order), as `openssl -nameopt RFC2253` prints it. */
export function formatRfc4514(attributes: readonly { type: string; value: string }[]): string {
  return [...attributes]
    .reverse()
    .map((a) => `${a.type}=${escapeRfc4514(a.value)}`)
    .join(',');
}
