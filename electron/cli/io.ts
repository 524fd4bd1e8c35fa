// What every CLI command shares: one JSON document or readable text on stdout, stable exit codes,
// errors as { error: { code, message } } with no stack trace, passwords from env/stdin/prompt.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { CertDeskError, toErrorInfo } from '../../shared/errors';
import { MAX_FILE_BYTES } from '../../shared/contract/operation';

export const EXIT_OK = 0;
export const EXIT_NOT_READY = 1;
export const EXIT_ERROR = 2;

export interface JsonOption {
  json?: boolean;
}

export interface PasswordOptions {
  password?: string;
  passwordEnv?: string;
  passwordStdin?: boolean;
}

const useColor = (): boolean => Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';

const sgr = (code: string) => (text: string) => (useColor() ? `\x1b[${code}m${text}\x1b[0m` : text);
export const style = {
  bold: sgr('1'),
  dim: sgr('2'),
  green: sgr('32'),
  yellow: sgr('33'),
  red: sgr('31'),
  cyan: sgr('36'),
};

/** PASS / WARN / FAIL, coloured on a terminal: how every command shows a check's status. */
export function statusMark(status: 'pass' | 'warn' | 'fail'): string {
  return { pass: style.green, warn: style.yellow, fail: style.red }[status](status.toUpperCase());
}

export function writeJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function writeLines(lines: string[]): void {
  const width = terminalWidth();
  const out = width ? lines.flatMap((line) => line.split('\n')).flatMap((line) => wrapLine(line, width)) : lines;
  process.stdout.write(out.join('\n') + '\n');
}

/** One date format in all human output: the ISO date, UTC (2027-11-25). JSON keeps full ISO 8601 timestamps. */
export function humanDate(iso: string): string {
  return iso.slice(0, 10);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
export const visibleLength = (text: string): number => text.replace(ANSI, '').length;

/** The width to wrap human output to: the terminal's (COLUMNS when the terminal does not say), none when not a terminal. */
export function terminalWidth(): number | undefined {
  if (!process.stdout.isTTY) return undefined;
  const columns = process.stdout.columns || Number(process.env.COLUMNS) || 80;
  return Math.max(40, columns);
}

/**
 * `line` broken at spaces to fit `width`, continuation lines indented under the value (a hanging indent: after a
 * "Label   " column, else two more than the line's own indent). Never breaks inside a token: an OID, a
 * thumbprint or a path longer than the room left stays whole on its own line.
 */
export function wrapLine(line: string, width: number): string[] {
  if (visibleLength(line) <= width) return [line];
  const plain = line.replace(ANSI, '');
  const lead = /^ */.exec(plain)![0].length;
  // The value column: after the leading cells ("Label  ", "  FAIL  check-id  ") that end within half the width.
  let hang = lead + 2;
  const cells = /\S(?:\S| (?! ))*\s{2,}(?=\S)/y;
  cells.lastIndex = lead;
  for (let m = cells.exec(plain); m && cells.lastIndex <= Math.floor(width / 2); m = cells.exec(plain)) hang = cells.lastIndex;
  if (hang >= width - 10) hang = lead;
  const pad = ' '.repeat(hang);
  const words = line.split(' ');
  const out: string[] = [];
  let current = '';
  let currentLength = 0;
  // Runs of spaces (the indent, the label column) are empty "words": joined back, they keep their width.
  words.forEach((word, i) => {
    const wordLength = visibleLength(word);
    const sep = i === 0 ? '' : ' ';
    if (wordLength > 0 && currentLength > hang && currentLength + sep.length + wordLength > width) {
      out.push(current.trimEnd());
      current = pad + word;
      currentLength = hang + wordLength;
      return;
    }
    current += sep + word;
    currentLength += sep.length + wordLength;
  });
  out.push(current.trimEnd());
  return out;
}

/** Aligned "label  value" rows. */
export function table(rows: [string, string][], indent = ''): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
}

/** Control characters in certificate text must not drive the terminal. */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The one form of an error on stderr, for every command and for usage errors: `certdesk: <message> [<code>]`. */
export function errorLine(message: string, code: string): string {
  return `certdesk: ${message} [${code}]`;
}

/** Contract field names as the CLI user knows them (options and arguments). */
const CLI_NAMES: Record<string, string> = {
  id: 'request id',
  idOrThumbprint: 'request id or thumbprint',
  cn: '--cn',
  org: '--org',
  name: '--name',
  keySize: '--key-size',
  country: '--country',
  state: '--state',
  locality: '--locality',
  friendlyName: '--friendly-name',
  days: '--days',
  alarmDays: '--alarm-days',
  dnsSuffixes: '--dns-suffix',
  trustRootHashes: '--trust-root-hash',
  amtVersions: '--amt-version',
  password: 'password',
  fileName: 'file name',
  thumbprint: 'thumbprint',
  service: '--service',
  account: '--account',
};

/** Zod's words ("Too small: expected string to have >=4 characters") as a sentence. */
function plainRule(message: string): string {
  return message
    .replace(/^Too small: expected string to have >=(\d+) characters?$/, 'give at least $1 characters')
    .replace(/^Too big: expected string to have <=(\d+) characters?$/, 'give at most $1 characters')
    .replace(/^Too small: expected number to be >=(\d+)$/, 'give $1 or more')
    .replace(/^Too big: expected number to be <=(\d+)$/, 'give $1 or less')
    .replace(/^Invalid input: expected (\w+), received (\w+)$/, 'expected a $1');
}

/**
 * The engine's validation message ("Invalid input for request.show (id): Too small…") in the CLI's own words:
 * the option or argument the user typed, never the operation's internal name.
 */
export function cliWords(message: string): string {
  const m = /^Invalid input for [\w.]+(?: \(([^)]*)\))?: (.*)$/s.exec(message);
  if (!m) return message;
  const field = (m[1] ?? '').split('.')[0];
  const what = CLI_NAMES[field] ?? (field ? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'input');
  return `Invalid ${what}: ${plainRule(m[2])}.`.replace(/\.\.$/, '.');
}

export function reportError(error: unknown, json: boolean | undefined): void {
  const info = toErrorInfo(error);
  if (process.env.CERTDESK_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
  const message = cliWords(info.message);
  if (json) writeJson({ error: { ...info, message } });
  else process.stderr.write(`${errorLine(message, info.code)}\n`);
  process.exitCode = EXIT_ERROR;
}

/**
 * Runs one command: `action` does the work, `render` prints it (human or JSON) and returns the exit code.
 * Every failure becomes an error document and exit 2.
 */
export async function runCommand<T>(
  options: JsonOption,
  action: () => Promise<T>,
  render: (result: T) => number | void,
): Promise<void> {
  try {
    const result = await action();
    process.exitCode = render(result) ?? EXIT_OK;
  } catch (error) {
    reportError(error, options.json);
  }
}

/** Reads a file the user named: clear codes for missing, directory, too large; never a raw errno. */
export function readUserFile(path: string): Buffer {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CertDeskError('not-found', `No such file: ${path}`);
    if (code === 'EACCES' || code === 'EPERM') throw new CertDeskError('unreadable', `Permission denied: ${path}`);
    throw new CertDeskError('unreadable', `Cannot open ${path} (${code ?? 'error'}).`);
  }
  if (stats.isDirectory()) throw new CertDeskError('unreadable', `${path} is a directory, not a certificate file.`);
  if (!stats.isFile()) throw new CertDeskError('unreadable', `${path} is not a regular file.`);
  if (stats.size > MAX_FILE_BYTES) {
    throw new CertDeskError('too-large', `${path} is ${(stats.size / 1048576).toFixed(1)} MiB; certificate files over 10 MiB are refused.`);
  }
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CertDeskError('unreadable', `Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/** A file the user named, as the contract's upload shape ({ fileName, contentBase64 }). */
export function readUpload(path: string): { fileName: string; contentBase64: string } {
  return { fileName: basename(path), contentBase64: readUserFile(path).toString('base64') };
}

/** All of standard input as UTF-8 (bounded: it carries passwords, not files). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new CertDeskError('usage', 'Too much data on standard input for a password.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The password from --password-env, --password-stdin or --password; undefined when none was given. */
export async function passwordFromOptions(options: PasswordOptions): Promise<string | undefined> {
  const given = [options.password !== undefined, Boolean(options.passwordEnv), Boolean(options.passwordStdin)].filter(Boolean).length;
  if (given > 1) throw new CertDeskError('usage', 'Give the password one way only: --password-env, --password-stdin or --password.');
  if (options.passwordEnv) {
    const value = process.env[options.passwordEnv];
    if (value === undefined) throw new CertDeskError('usage', `The environment variable ${options.passwordEnv} is not set.`);
    return value;
  }
  if (options.passwordStdin) {
    // One line: a trailing newline (from echo or a here-string) is not part of the password.
    return (await readStdin()).replace(/\r?\n$/, '');
  }
  return options.password;
}

/**
 * A hint for a password that seems to be piped in without --password-stdin (stdin is not a terminal and not
 * empty-handed): "" when stdin is a terminal.
 */
export function pipedPasswordHint(): string {
  return process.stdin.isTTY ? '' : ' Standard input is not a terminal: to read the password from it, add --password-stdin.';
}

/** A hidden prompt for a password that must not be empty: an empty answer is refused at once. */
export async function promptPassword(question: string, why = 'An empty password is refused.'): Promise<string> {
  const value = await promptHidden(question);
  if (!value) throw new CertDeskError('usage', why);
  return value;
}

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Hidden prompt on the terminal (stderr), for when a password is needed and none was given. */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    // Echo off before the question appears: whatever is typed after it is never shown.
    stdin.setRawMode(true);
    process.stderr.write(question);
    let value = '';
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        // Ctrl-C and Ctrl-D (end of input) cancel: nothing typed so far is taken as a password.
        if (ch === '\u0003' || ch === '\u0004') return done(new CertDeskError('cancelled', 'Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The three ways to give a PFX password, the same on every command that reads one. */
export function addPasswordOptions(command: Command): Command {
  return command
    .option('--password <password>', 'PFX password (discouraged: visible to other users in the process list; prefer --password-env or --password-stdin)')
    .option('--password-env <name>', 'read the PFX password from this environment variable')
    .option('--password-stdin', 'read the PFX password from standard input');
}

/** A device hash list (--device-hashes) as the engine takes it; the engine parses it (the app sends the same). */
export function readDeviceHashes(path: string | undefined): { fileName: string; text: string } | undefined {
  if (path === undefined) return undefined;
  const bytes = readUserFile(path);
  if (bytes.length > 1024 * 1024) throw new CertDeskError('too-large', `${path} is over 1 MiB: a device hash list is a few kilobytes.`);
  // PowerShell 5.1's `>` writes UTF-16LE with a BOM (rpc amtinfo --cert --json > dev.json on Windows).
  const utf16 = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
  return { fileName: path, text: utf16 ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8') };
}
