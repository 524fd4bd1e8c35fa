// Secrets (the PFX password, the PFX itself) never leave the stdin pipe: every copy of an input that is
// shown, logged or audited goes through redact(), every message through redactText().
export const REDACTED = '***';

function isSecretKey(key: string, secretFields: readonly string[]): boolean {
  const lower = key.toLowerCase();
  return secretFields.some((field) => field.toLowerCase() === lower);
}

/** A deep copy with the value of every secret field (at any depth) replaced by '***'. */
export function redact<T>(value: T, secretFields: readonly string[]): T {
  if (Array.isArray(value)) return value.map((item) => redact(item, secretFields)) as T;
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      copy[key] = isSecretKey(key, secretFields) && item !== undefined ? REDACTED : redact(item, secretFields);
    }
    return copy as T;
  }
  return value;
}

/** The string values of the secret fields (non-empty), to scrub from any text that might echo them. */
export function secretValues(value: unknown, secretFields: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, item] of Object.entries(node as Record<string, unknown>)) {
        if (isSecretKey(key, secretFields) && typeof item === 'string' && item.length > 0) found.push(item);
        else walk(item);
      }
    }
  };
  walk(value);
  return found;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const PS_JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' };

/**
 * A secret as it can come back inside a script's output: as typed, JSON-escaped (and with Windows PowerShell
 * 5.1's ConvertTo-Json escaping of < > & '), and XML-escaped as in the CLIXML of an error record on stderr.
 */
export function encodedForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const psJson = json.replace(/[<>&']/g, (c) => PS_JSON_ESCAPES[c]);
  const xml = secret.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
  return [...new Set([secret, json, psJson, xml, xml.replace(/&apos;/g, "'"), xml.replace(/&quot;/g, '"')])];
}

/**
 * Replaces every occurrence of each secret in `text`, in each of its encodedForms (longest first, so a
 * secret inside another goes too).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets.flatMap(encodedForms).sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/**
 * redactText, and then each secret also where whitespace was put into it or taken out of it: a console that
 * wraps a line inside the password, a line break flattened to a space, UTF-16 output whose NULs became spaces.
 */
export function redactSpaced(text: string, secrets: readonly string[]): string {
  let result = redactText(text, secrets);
  for (const secret of secrets.flatMap(encodedForms).sort((a, b) => b.length - a.length)) {
    const chars = [...secret].filter((c) => !/\s/.test(c));
    if (chars.length === 0) continue;
    result = result.replace(new RegExp(chars.map((c) => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('\\s*'), 'g'), REDACTED);
  }
  return result;
}
