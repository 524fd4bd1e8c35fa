// The engine's fix texts are written for every front door; a few name a CLI command or flag. In the app each of
// those is a button or a field beside the text, so the text names that instead: same facts, the app's own words.
// One table; a text without a CLI mention passes unchanged.
import { formatDatesIn } from './dates';

const APP_WORDS: readonly [RegExp, string][] = [
  [/\s*\(certdesk roots lists each root's range\)/g, ' (“Which roots does AMT trust?” lists each root’s firmware range)'],
  [/\(certreq -accept, or certdesk request complete\)/g, '(certreq -accept on Windows, or Requests in CertDesk)'],
  [/\(certdesk request new, or the Request wizard\)/g, '(the Request wizard)'],
  [/,? and mark it as trusted: [0-9A-F]{40,64}\./g, ', then choose “Trust this root”.'],
  [/give its SHA-256 with --trust-root-hash/g, 'open its chain here and choose “Trust this root”'],
  [/\(see the AMT root catalogue\)/g, '(see “Which roots does AMT trust?”)'],
  [/, once per suffix\./g, ' in the DNS suffix box (several: separate them with commas).'],
  [/--dns-suffix/g, 'the DNS suffix box'],
  [/--amt-version/g, 'the AMT firmware choice'],
];

export function inAppWords(text: string): string {
  // Dates too: the engine writes ISO days for every front door; the app has one format (lib/dates.ts).
  return formatDatesIn(APP_WORDS.reduce((t, [pattern, words]) => t.replace(pattern, words), text));
}
