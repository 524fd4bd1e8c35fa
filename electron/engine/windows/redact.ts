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

// No regular expression is ever built from a secret: a PFX is megabytes of base64, and a pattern that large
// makes V8 throw an error that quotes the pattern (the whole secret) in its own message. Every search below
// is a plain substring search (indexOf), linear in the text for each secret form.

/** Sorted longest first, so a secret inside another goes with it. */
function formsOf(secrets: readonly string[]): string[] {
  return [...new Set(secrets.flatMap(encodedForms))].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with each [start, end) range (sorted or not, overlapping or not) replaced by one '***'. */
function replaceRanges(text: string, ranges: Array<[number, number]>): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  let [start, end] = ranges[0];
  for (const [s, e] of ranges.slice(1)) {
    if (s <= end) end = Math.max(end, e);
    else {
      out += text.slice(at, start) + REDACTED;
      at = end;
      [start, end] = [s, e];
    }
  }
  return out + text.slice(at, start) + REDACTED + text.slice(end);
}

/** Where `needle` occurs in `haystack` (non-overlapping, left to right). */
function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) found.push(at);
  return found;
}

/**
 * Replaces every occurrence of each secret in `text`, in each of its encodedForms (longest first, so a
 * secret inside another goes too).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const form of formsOf(secrets)) {
    const ranges = occurrences(result, form).map((at): [number, number] => [at, at + form.length]);
    result = replaceRanges(result, ranges);
  }
  return result;
}

/** JavaScript's \s (what a console or a flattening can put into a secret), one UTF-16 unit at a time. */
const WHITESPACE = /\s/;
const isSpace = (unit: string): boolean => WHITESPACE.test(unit);

/**
 * redactText, and then each secret also where whitespace was put into it or taken out of it: a console that
 * wraps a line inside the password, a line break flattened to a space, UTF-16 output whose NULs became spaces.
 * The text is searched with its whitespace taken out (remembering where each remaining character was), so
 * each secret form is one indexOf search, then the matched stretches of the original text are replaced.
 */
export function redactSpaced(text: string, secrets: readonly string[]): string {
  const result = redactText(text, secrets);
  const forms = formsOf(secrets)
    .map((form) => [...form].filter((c) => !isSpace(c)).join(''))
    .filter((form) => form.length > 0);
  if (forms.length === 0) return result;
  const kept: string[] = [];
  const position = new Uint32Array(result.length);
  for (let i = 0; i < result.length; i++) {
    if (isSpace(result[i])) continue;
    position[kept.length] = i;
    kept.push(result[i]);
  }
  const compact = kept.join('');
  const ranges: Array<[number, number]> = [];
  for (const form of forms) {
    for (const at of occurrences(compact, form)) ranges.push([position[at], position[at + form.length - 1] + 1]);
  }
  return replaceRanges(result, ranges);
}
