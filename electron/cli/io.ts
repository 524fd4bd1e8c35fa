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
  process.stdout.write(lines.join('\n') + '\n');
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

export function reportError(error: unknown, json: boolean | undefined): void {
  const info = toErrorInfo(error);
  if (process.env.CERTDESK_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
  if (json) writeJson({ error: info });
  else process.stderr.write(`certdesk: ${info.message} [${info.code}]\n`);
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
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new CertDeskError('cancelled', 'Cancelled.'));
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
    .option('--password <password>', 'PFX password (visible to other users in the process list: prefer --password-env)')
    .option('--password-env <name>', 'read the PFX password from this environment variable')
    .option('--password-stdin', 'read the PFX password from standard input');
}
