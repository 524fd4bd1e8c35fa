// Runs one shipped script: `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File <script>`,
// the same argument list every time (only the script path differs, and it comes from the table in
// scripts.ts). The input goes as one JSON document on stdin; the script answers with one line of JSON.
// Everything that can go wrong maps to one of the stable error codes of shared/errors.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DryRunResult } from '../../../shared/contract/windows';
import { CertDeskError, isErrorCode, type ErrorCode } from '../../../shared/errors';
import { defaultPowerShellPath, spawnExecutor, type ExecResult, type Executor } from './executor';
import { serverPowerShell, serverScriptPath, windowsCommandLine } from './installed';
import { redact, redactSpaced, redactText, secretValues } from './redact';
import { resolveScriptsDir, scripts, type ScriptName } from './scripts';

/** The constant arguments: no profile, no prompts, no execution-policy surprises, then the script file. */
export const POWERSHELL_ARGS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File'] as const;

/** What the runner records of each run (for a log or the audit trail): the input is already redacted. */
export interface BridgeLogEntry {
  script: string;
  command: string[];
  input: Record<string, unknown>;
  outcome: 'ok' | 'error' | 'dry-run';
  code?: ErrorCode;
  message?: string;
  durationMs: number;
}

export interface BridgeContext {
  executor: Executor;
  platform: NodeJS.Platform;
  /** The scripts directory (resolved lazily: a dry run on any OS needs it, nothing else does at import time). */
  scriptsDir: () => string;
  powershellPath: () => string;
  log?: (entry: BridgeLogEntry) => void;
  /** Overrides every script's own timeout (tests). */
  timeoutMs?: number;
  /** The Windows build (os.release()'s third part), null off Windows; injectable for tests. */
  windowsBuild?: () => number | null;
}

export function defaultBridgeContext(): BridgeContext {
  let dir: string | undefined;
  return {
    executor: spawnExecutor,
    platform: process.platform,
    scriptsDir: () => (dir ??= resolveScriptsDir()),
    powershellPath: defaultPowerShellPath,
    // CERTDESK_DEBUG=1: one line per run on stderr (inputs already redacted, never stdout).
    log: process.env.CERTDESK_DEBUG === '1' ? (entry) => process.stderr.write(`certdesk: windows ${JSON.stringify(entry)}\n`) : undefined,
  };
}

/**
 * JSON with every non-ASCII character written as a \uXXXX escape: whatever code page the console of
 * powershell.exe decodes stdin with, the text it reads is the same ASCII, and JSON.parse gives back the input.
 */
export function stdinJson(input: unknown): string {
  return JSON.stringify(input).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const MAX_MESSAGE = 600;

/** One line, no control characters, bounded, secrets scrubbed: safe for a terminal, a log and the UI. */
export function cleanMessage(text: string, secrets: readonly string[], max = MAX_MESSAGE): string {
  // Scrubbed before flattening (a secret with control characters) and after (one that flattening joins up).
  // eslint-disable-next-line no-control-regex
  const flat = redactSpaced(redactText(text, secrets).replace(/[\x00-\x1f\x7f-\x9f]+/g, ' ').replace(/\s+/g, ' ').trim(), secrets);
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Windows PowerShell serialises progress records to stderr as CLIXML when stderr is redirected (e.g.
 * "Preparing modules for first use."). That is noise, not an error; anything else on stderr is.
 */
export function meaningfulStderr(stderr: string): string {
  const text = stderr.replace(/^\uFEFF/, '').trim();
  if (!text.startsWith('#< CLIXML')) return text;
  const rest = text
    .slice('#< CLIXML'.length)
    .replace(/<Obj S="progress"[\s\S]*?<\/Obj>/g, '')
    .replace(/<\/?Objs[^>]*>/g, '')
    .trim();
  if (!rest) return '';
  // Error records serialised as <S S="Error">text_x000D__x000A_</S>: show their text.
  const messages = [...rest.matchAll(/<S S="\w+">([\s\S]*?)<\/S>/g)].map((m) => m[1].replace(/_x000[DA]_/g, ' ').trim());
  return messages.filter(Boolean).join(' ') || rest;
}

/**
 * Why Windows would not run a script as CertDesk ships it, from its error text, or null. An AllSigned policy
 * (Group Policy overrides `-ExecutionPolicy Bypass`) and a machine-wide "Restricted" refuse to load the file;
 * WDAC/AppLocker run an unsigned script in ConstrainedLanguage mode, where its .NET calls fail.
 */
export function blockedReason(text: string): 'not-signed' | 'disabled' | 'constrained-language' | null {
  if (/is not digitally signed|not signed by a trusted publisher|AuthorizationManager check failed/i.test(text)) return 'not-signed';
  if (/running scripts is disabled on this system/i.test(text)) return 'disabled';
  if (/ConstrainedLanguage|(supported|allowed) (only )?(on core types )?in this language mode|defined in a different language mode|in this language mode/i.test(text)) return 'constrained-language';
  return null;
}

/** The powershell-blocked message: what Windows refused, and the two ways to allow CertDesk's scripts. */
export function blockedMessage(script: string, reason: NonNullable<ReturnType<typeof blockedReason>>, detail: string): string {
  const what = {
    'not-signed': `Windows PowerShell refused ${script}: a policy (e.g. AllSigned) runs only scripts signed by a trusted publisher.`,
    disabled: `Windows PowerShell refused ${script}: running scripts is disabled on this server by policy.`,
    'constrained-language': `Windows PowerShell ran ${script} in ConstrainedLanguage mode (WDAC/AppLocker), which blocks the .NET calls it needs.`,
  }[reason];
  return (
    `${what} Fix: use a CertDesk build with signed scripts and trust its publisher (docs/packaging.md), ` +
    `or have an administrator allow the scripts in CertDesk's install folder (a WDAC/AppLocker rule, or the RemoteSigned policy). Windows said: ${detail}`
  );
}

export interface OutputContext {
  script: string;
  powershell: string;
  timeoutMs: number;
  secrets: readonly string[];
}

/** Turns what the process did into the script's result, or throws the right CertDeskError. */
export function interpretOutput(result: ExecResult, ctx: OutputContext): Record<string, unknown> {
  const fail = (code: ErrorCode, message: string): never => {
    throw new CertDeskError(code, cleanMessage(message, ctx.secrets));
  };
  if (result.spawnError) {
    if (result.spawnError.code === 'ENOENT') {
      fail('powershell-missing', `Windows PowerShell was not found at ${ctx.powershell}. CertDesk needs powershell.exe (Windows PowerShell 5.1, part of Windows).`);
    }
    fail('powershell-failed', `PowerShell could not be started (${result.spawnError.code ?? 'error'}): ${result.spawnError.message}`);
  }
  if (result.timedOut) {
    fail('powershell-timeout', `${ctx.script} did not finish within ${Math.round(ctx.timeoutMs / 1000)} s; it was stopped (with any process it started).`);
  }
  const stderr = meaningfulStderr(result.stderr);
  // A policy that blocks or cripples the script: whatever else came out, that is the cause to report.
  const blocked = blockedReason(stderr);
  if (blocked) fail('powershell-blocked', blockedMessage(ctx.script, blocked, stderr));
  const lines = result.stdout
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);

  let parsed: unknown;
  let isJson = false;
  if (lines.length === 1) {
    try {
      parsed = JSON.parse(lines[0]);
      isJson = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
    } catch {
      isJson = false;
    }
  }
  // The script's own error report wins: it is the most precise account of what went wrong.
  if (isJson && 'error' in (parsed as object)) {
    const reported = (parsed as { error?: { code?: unknown; message?: unknown } }).error ?? {};
    // `internal` means a bug in CertDesk itself; what a script reports (e.g. a module that did not load) is a
    // failed PowerShell step, with the script's own message.
    const code = isErrorCode(reported.code) && reported.code !== 'internal' ? reported.code : 'powershell-failed';
    const message = typeof reported.message === 'string' && reported.message.trim() ? reported.message : `${ctx.script} reported an error.`;
    // A script that caught the failure of a blocked .NET call (ConstrainedLanguage) reports it as its own error.
    const blockedInside = code === 'powershell-failed' || code === 'powershell-blocked' ? blockedReason(message) : null;
    if (blockedInside) fail('powershell-blocked', blockedMessage(ctx.script, blockedInside, message));
    fail(code, code === 'powershell-failed' && reported.code !== code ? `${ctx.script} failed (${String(reported.code).slice(0, 40)}): ${message}` : message);
  }
  if (result.exitCode !== 0) {
    const how = result.exitCode === null ? 'was stopped' : `exited with code ${result.exitCode}`;
    fail('powershell-failed', `${ctx.script} ${how}${stderr ? `: ${stderr}` : lines.length ? `: ${lines.join(' ')}` : '.'}`);
  }
  if (stderr) fail('powershell-failed', `${ctx.script} wrote to its error stream: ${stderr}`);
  if (lines.length === 0) fail('powershell-failed', `${ctx.script} printed nothing (expected one line of JSON).`);
  if (lines.length > 1) fail('powershell-failed', `${ctx.script} printed ${lines.length} lines (expected one line of JSON); first: ${lines[0]}`);
  if (!isJson) fail('powershell-failed', `${ctx.script} did not print a JSON object: ${lines[0]}`);
  return parsed as Record<string, unknown>;
}

/** Added to the script's `not-elevated` message: exactly what to do. */
export function elevationInstruction(cli: string): string {
  return (
    'Run CertDesk as administrator: right-click CertDesk and choose "Run as administrator", ' +
    `or run the command from an elevated PowerShell (right-click Windows PowerShell → "Run as administrator"): ${cli}`
  );
}

export interface RunOptions {
  dryRun?: boolean;
}

/** Fails with not-windows unless the bridge runs on Windows (a real run needs PowerShell there). */
export function requireWindows(context: Pick<BridgeContext, 'platform'>): void {
  if (context.platform !== 'win32') {
    throw new CertDeskError('not-windows', `This step runs PowerShell on Windows; this is ${context.platform}. Use --dry-run to see the script and the input it would get.`);
  }
}

/** Runs a shipped script by name; `dryRun` returns the script and its (redacted) input instead, on any OS. */
export async function runScript(
  name: ScriptName,
  input: Record<string, unknown>,
  context: BridgeContext,
  options: RunOptions = {},
): Promise<Record<string, unknown> | DryRunResult> {
  const spec = scripts[name];
  const started = Date.now();
  const redacted = redact(input, spec.secretFields);
  const secrets = secretValues(input, spec.secretFields);
  const scriptPath = join(context.scriptsDir(), spec.file);
  const powershell = context.powershellPath();
  const command = [powershell, ...POWERSHELL_ARGS, scriptPath];
  const log = (outcome: BridgeLogEntry['outcome'], error?: CertDeskError) =>
    context.log?.({ script: spec.file, command, input: redacted, outcome, code: error?.code, message: error?.message, durationMs: Date.now() - started });

  if (options.dryRun) {
    const read = (file: string, path: string): string => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        throw new CertDeskError('internal', `The script ${file} is missing from ${context.scriptsDir()}.`);
      }
    };
    const scriptText = read(spec.file, scriptPath);
    // What the script dot-sources from its own folder: together with scriptText, the whole program.
    const modules = spec.modules.map((file) => {
      const path = join(context.scriptsDir(), file);
      return { path, text: read(file, path) };
    });
    log('dry-run');
    const running = { platform: context.platform, scriptsDir: context.scriptsDir(), powershell };
    const windowsCommand = windowsCommandLine([serverPowerShell(running), ...POWERSHELL_ARGS, serverScriptPath(spec.file, running)]);
    return { dryRun: true, script: scriptPath, scriptText, modules, command, windowsCommand, input: redacted, needsElevation: spec.needsElevation };
  }
  requireWindows(context);
  const timeoutMs = context.timeoutMs ?? spec.timeoutMs;
  try {
    const result = await context.executor(powershell, [...POWERSHELL_ARGS, scriptPath], stdinJson(input), { timeoutMs });
    const output = interpretOutput(result, { script: spec.file, powershell, timeoutMs, secrets });
    log('ok');
    return output;
  } catch (error) {
    let failure = error instanceof CertDeskError ? error : new CertDeskError('powershell-failed', cleanMessage(String((error as Error)?.message ?? error), secrets));
    if (failure.code === 'not-elevated') failure = new CertDeskError('not-elevated', `${failure.message} ${elevationInstruction(spec.cli)}`);
    log('error', failure);
    throw failure;
  }
}
