// The fuzz targets: every parser entry point, the view builder, the AMT checks, inspect, the app's dispatch
// path, the CLI's inspect/check run in-process, inspect over the hostile-input families, and the Windows
// bridge's output side (what a PowerShell run hands back, through the runner and each operation's result shaping). Each returns an Outcome under one oracle: success, or a
// CertDeskError whose code is one this entry point may answer (never `internal`); anything else is a crasher.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { windowsOperations } from '../shared/contract/windows';
import { CertDeskError, errorCodes, type ErrorCode } from '../shared/errors';
import { main as cliMain } from '../electron/cli/main';
import { dispatch } from '../electron/operations/dispatch';
import { createWindowsHandlers } from '../electron/operations/handlers/windows';
import type { BridgeLogEntry } from '../electron/engine/windows/runner';
import { runChecks } from '../electron/engine/amt/checks';
import { catalogueCertificates, isTrustedRootHash } from '../electron/engine/amt/roots';
import { inspectBytes } from '../electron/engine/inspect';
import { berToDer } from '../electron/engine/pki/ber';
import { buildChain } from '../electron/engine/pki/chain';
import {
  type Tlv,
  assertWellFormed,
  children,
  decodeBitString,
  decodeBoolean,
  decodeOid,
  decodeSmallInt,
  decodeString,
  decodeTime,
  parseDer,
  Tag,
} from '../electron/engine/pki/der';
import { parsePem } from '../electron/engine/pki/pem';
import { parsePkcs12 } from '../electron/engine/pki/pkcs12/read';
import { parsePkcs7 } from '../electron/engine/pki/pkcs7';
import { parseRequest } from '../electron/engine/pki/pkcs10';
import { readContainer } from '../electron/engine/pki/read';
import { summarize } from '../electron/engine/pki/summary';
import { buildViews, extensionFormatters, formatExtension } from '../electron/engine/pki/view';
import { parseCertificate } from '../electron/engine/pki/x509';
import { PS_PFX_BASE64, readPsInput, type WindowsOperationName } from './powershell-input';
import type { FuzzInput, Outcome, Target } from './types';
import { windowsOutputSchemas } from './windows-output';

/** What reading a file may answer (README, "Exit codes and errors"). */
const READ_CODES: readonly ErrorCode[] = ['unreadable', 'unsupported-format', 'wrong-password', 'too-large'];
/** Reading plus a malformed --dns-suffix / --trust-root-hash. */
const INSPECT_CODES: readonly ErrorCode[] = [...READ_CODES, 'usage'];

/** The error, its message and where it was thrown: enough to find the bug, stable enough to group crashers. */
export function describeThrow(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error thrown: ${String(error)}`;
  const frame = (error.stack ?? '').split('\n').find((line) => /^\s+at /.test(line))?.trim() ?? '';
  const name = error instanceof CertDeskError ? `CertDeskError(${error.code})` : error.name;
  return `${name}: ${error.message}${frame ? ` [${frame.replace(/\(.*[\\/]/, '(')}]` : ''}`;
}

function judge(error: unknown, allowed: readonly ErrorCode[]): Outcome {
  if (error instanceof CertDeskError && error.code !== 'internal' && allowed.includes(error.code)) return { status: 'error', code: error.code };
  return { status: 'crash', message: describeThrow(error) };
}

/** A library entry point: returns = ok, throws an allowed CertDeskError = error, anything else = crasher. */
export function library(name: string, focus: Target['focus'], allowed: readonly ErrorCode[], run: (input: FuzzInput, bytes: Buffer) => void): Target {
  return {
    name,
    focus,
    run: (input) => {
      try {
        run(input, Buffer.from(input.bytes));
        return { status: 'ok' };
      } catch (error) {
        return judge(error, allowed);
      }
    },
  };
}

class InvariantBroken extends Error {
  override name = 'InvariantBroken';
}

/** Every primitive of a well-formed tree through the decoder its tag calls for (der.ts's own helpers). */
function decodeEverything(tlv: Tlv): void {
  if (tlv.constructed) {
    for (const child of children(tlv)) decodeEverything(child);
    return;
  }
  const decoders: Record<number, (t: Tlv) => unknown> = {
    [Tag.BOOLEAN]: decodeBoolean,
    [Tag.INTEGER]: decodeSmallIntOrBig,
    [Tag.BIT_STRING]: decodeBitString,
    [Tag.OID]: decodeOid,
    [Tag.UTCTime]: decodeTime,
    [Tag.GeneralizedTime]: decodeTime,
  };
  (decoders[tlv.tag] ?? decodeString)(tlv);
}

function decodeSmallIntOrBig(tlv: Tlv): unknown {
  return tlv.end - tlv.contentStart <= 6 ? decodeSmallInt(tlv) : undefined;
}

const everyFormatter = Object.values(extensionFormatters);

export const targets: readonly Target[] = [
  library('read-container', ['pfx', 'pem', 'der', 'p7b', 'csr'], READ_CODES, (input, bytes) => {
    try {
      readContainer(bytes, input.password);
    } catch (error) {
      // readContainer turns any throw into 'unreadable'; a JavaScript error behind that message is still a bug.
      if (error instanceof CertDeskError && error.message.startsWith('The file could not be read: ')) {
        throw new InvariantBroken(`masked JavaScript error: ${error.message}`);
      }
      throw error;
    }
  }),
  library('pkcs12', ['pfx'], READ_CODES, (input, bytes) => void parsePkcs12(bytes, input.password)),
  library('pem', ['pem', 'p7b', 'csr'], ['unreadable'], (_input, bytes) => void parsePem(bytes.toString('utf8'))),
  library('x509-der', ['der'], ['unreadable'], (_input, bytes) => void parseCertificate(bytes)),
  library('pkcs7', ['p7b'], ['unreadable', 'unsupported-format'], (_input, bytes) => void parsePkcs7(bytes)),
  library('pkcs10', ['csr'], ['unreadable', 'unsupported-format'], (_input, bytes) => void parseRequest(bytes)),
  library('ber', ['p7b', 'pfx'], ['unreadable'], (_input, bytes) => {
    const der = berToDer(bytes);
    // The output must be DER the strict reader takes: definite lengths, consistent framing.
    try {
      assertWellFormed(parseDer(der));
    } catch (error) {
      throw new InvariantBroken(`berToDer output is not DER: ${(error as Error).message}`);
    }
  }),
  library('der', ['der', 'csr', 'pfx'], ['unreadable'], (_input, bytes) => {
    const top = parseDer(bytes, true);
    assertWellFormed(top);
    decodeEverything(top);
  }),
  library('view', ['der', 'pem', 'p7b', 'pfx'], READ_CODES, (input, bytes) => {
    const container = readContainer(bytes, input.password);
    const chain = buildChain(container.certificates, container.privateKeys, catalogueCertificates());
    buildViews({
      chain: chain.chain,
      others: chain.others,
      hasPrivateKeyFor: chain.leaf?.sha256,
      friendlyNames: container.friendlyNames,
      isTrustedRoot: (cert) => isTrustedRootHash(cert.sha256, input.trustRootHashes),
      now: new Date(),
    });
  }),
  // Each formatter on every extension value of the file (its own and the others'). Decoders throw on
  // malformed values by design (formatExtension falls back to hex), but a TypeError is a logic bug that
  // the fallback would hide: that is what this target looks for.
  library('view-extension-formatters', ['der', 'pem'], READ_CODES, (input, bytes) => {
    for (const cert of readContainer(bytes, input.password).certificates) {
      for (const extension of cert.extensions) {
        formatExtension(extension.oid, extension.value);
        for (const formatter of everyFormatter) {
          try {
            formatter.format(extension.value);
          } catch (error) {
            if (error instanceof TypeError || error instanceof ReferenceError) throw error;
          }
        }
      }
    }
  }),
  library('amt-checks', ['pfx', 'der', 'pem', 'csr'], INSPECT_CODES, (input, bytes) => {
    const container = readContainer(bytes, input.password);
    const result = buildChain(container.certificates, container.privateKeys, catalogueCertificates());
    const chain = result.chain.map((link) => summarize(link.cert));
    runChecks({
      format: container.format,
      leaf: chain[0] ?? null,
      chain,
      hasPrivateKey: container.privateKeys.length > 0,
      keyMatchesLeaf: result.keyMatchesLeaf,
      chainComplete: result.complete,
      rootFromCatalogue: result.chain.some((link) => link.fromCatalogue),
      dnsSuffixes: input.dnsSuffixes,
      trustRootHashes: input.trustRootHashes,
      now: new Date(),
    });
  }),
  library('inspect', ['pfx', 'der', 'pem', 'p7b', 'csr'], INSPECT_CODES, (input, bytes) => {
    inspectBytes({
      fileName: 'fuzz.bin',
      bytes,
      password: input.password,
      dnsSuffixes: input.dnsSuffixes,
      trustRootHashes: input.trustRootHashes,
      includeViews: true,
    });
  }),
  {
    name: 'dispatch-inspect',
    focus: ['pfx', 'der', 'pem', 'p7b', 'csr'],
    // The app's path (IPC and the preview server): schema validation, the handler, errors as { code, message }.
    run: async (input) => {
      const answer = await dispatch('inspect', {
        fileName: 'fuzz.bin',
        contentBase64: Buffer.from(input.bytes).toString('base64'),
        ...(input.password !== undefined ? { password: input.password } : {}),
        dnsSuffixes: input.dnsSuffixes,
        trustRootHashes: input.trustRootHashes,
        includeViews: true,
      });
      if (answer.ok) return { status: 'ok' };
      if (answer.error.code === 'internal' || !INSPECT_CODES.includes(answer.error.code)) {
        return { status: 'crash', message: `dispatch answered ${answer.error.code}: ${answer.error.message}` };
      }
      return { status: 'error', code: answer.error.code };
    },
  },
  cliTarget('cli-inspect'),
  cliTarget('cli-check'),
  // The hostile families (fuzz/hostile-families.ts) through the whole inspect path, views included: every one
  // must end in an answer within the time cap, however much work the file asks for.
  {
    ...library('hostile', ['pfx', 'pem', 'p7b'], INSPECT_CODES, (input, bytes) => {
      inspectBytes({ fileName: 'hostile.bin', bytes, password: input.password, dnsSuffixes: [], trustRootHashes: [], includeViews: true });
    }),
    hostile: true,
  },
  powershellTarget('store.import'),
  powershellTarget('service.list'),
  powershellTarget('acl.show'),
  powershellTarget('acl.grant'),
  powershellTarget('verify'),
  powershellTarget('association.detect'),
  powershellTarget('association.launch'),
  powershellTarget('elevation.check'),
];

// ---------------------------------------------------------------- the Windows bridge, from a recorded run

/**
 * What a PowerShell run may end in (docs/windows-bridge.md, "Error mapping"): the runner's own codes, or any
 * of CertDesk's codes the script reported itself. Never `internal`: output is data, not a CertDesk bug.
 */
const POWERSHELL_CODES: readonly ErrorCode[] = errorCodes.filter((code) => code !== 'internal');

/**
 * `ps-<operation>`: the operation's real handler (createWindowsHandlers) with an executor that answers the
 * recorded ExecResult, so the path after the process ends is the app's: runScript → interpretOutput → the
 * operation's result shaping. Success must pass the operation's output schema; an error must carry an allowed
 * code; the context's secrets (PFX password and bytes) must not be in the message, the log or the audit line.
 */
function powershellTarget(operation: WindowsOperationName): Target {
  return {
    name: `ps-${operation.replace('.', '-')}`,
    focus: ['pfx'],
    powershell: operation,
    run: async (input) => {
      const { request, exec } = readPsInput(input);
      const secrets = operation === 'store.import' ? [input.password ?? '', PS_PFX_BASE64].filter(Boolean) : [];
      const raw = operation === 'store.import' ? { ...request, contentBase64: PS_PFX_BASE64, password: input.password } : request;
      const logs: BridgeLogEntry[] = [];
      const audits: unknown[][] = [];
      const handlers = createWindowsHandlers(
        {
          executor: async () => structuredClone(exec),
          platform: 'win32',
          scriptsDir: () => join(tmpdir(), 'certdesk-fuzz-no-scripts'),
          powershellPath: () => 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
          log: (entry) => logs.push(entry),
        },
        (...entry) => audits.push(entry),
      );
      const parsed = windowsOperations[operation].input.parse(raw);
      // A secret with whitespace inserted (a console wrapping it, a line break turned into a space) is still a leak.
      const squeezed = secrets.map((s) => s.replace(/\s+/g, ''));
      const leaked = (what: string, text: string): Outcome | null => {
        const flat = text.replace(/\s+/g, '');
        if (!squeezed.some((s) => flat.includes(s))) return null;
        // A stable message (one crasher per leak kind), not the text around the secret.
        return { status: 'crash', message: `secret in the ${what}${secrets.some((s) => text.includes(s)) ? '' : ' (with whitespace inserted)'}` };
      };
      let result: unknown;
      try {
        result = await (handlers[operation] as (input: unknown) => Promise<unknown>)(parsed);
      } catch (error) {
        const outcome = judge(error, POWERSHELL_CODES);
        if (outcome.status !== 'error') return outcome;
        return leaked('error message', (error as Error).message) ?? leaked('log', JSON.stringify(logs)) ?? leaked('audit log', JSON.stringify(audits)) ?? outcome;
      }
      const checked = windowsOutputSchemas[operation].safeParse(result);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        return { status: 'crash', message: `result does not match the ${operation} output schema at ${issue.path.map(String).join('.') || '(top)'}: ${issue.message}` };
      }
      return leaked('log', JSON.stringify(logs)) ?? leaked('audit log', JSON.stringify(audits)) ?? { status: 'ok' };
    },
  };
}

// ---------------------------------------------------------------- the CLI, in-process

let cliDir: string | undefined;
const PASSWORD_ENV = 'CERTDESK_FUZZ_PASSWORD';
/** A stack frame or Node's crash banner (as test/support/cli.ts hasStackTrace looks for). */
const STACK_TRACE = /^\s+at [^\s]|node:internal|^Node\.js v\d/m;

/** Runs `certdesk <argv>` through the CLI's own main() in this thread, with stdout/stderr captured. */
async function runCliInProcess(argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await cliMain(argv);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { exitCode, stdout, stderr };
}

/**
 * `certdesk inspect|check <file>` on the input written to a file. main() never calls process.exit (it sets
 * process.exitCode), so the real argument parsing, password options, rendering and error reporting all run.
 */
function cliTarget(name: 'cli-inspect' | 'cli-check'): Target {
  const command = name === 'cli-check' ? 'check' : 'inspect';
  return {
    name,
    focus: ['pfx', 'der', 'pem', 'p7b', 'csr'],
    run: async (input) => {
      cliDir ??= mkdtempSync(join(tmpdir(), 'certdesk-fuzz-cli-'));
      const file = join(cliDir, 'input.bin');
      writeFileSync(file, input.bytes);
      const argv = [command, file];
      if (input.json) argv.push('--json');
      for (const suffix of input.dnsSuffixes) argv.push(`--dns-suffix=${suffix}`);
      for (const hash of input.trustRootHashes) argv.push(`--trust-root-hash=${hash}`);
      if (input.password !== undefined) {
        process.env[PASSWORD_ENV] = input.password;
        argv.push('--password-env', PASSWORD_ENV);
      }
      let run;
      try {
        run = await runCliInProcess(argv);
      } catch (error) {
        return { status: 'crash', message: `main() threw: ${describeThrow(error)}` };
      } finally {
        delete process.env[PASSWORD_ENV];
      }
      return judgeCli(command, input.json, run);
    },
  };
}

function judgeCli(command: 'inspect' | 'check', json: boolean, run: { exitCode: number; stdout: string; stderr: string }): Outcome {
  const crash = (why: string): Outcome => ({ status: 'crash', message: `${why} (exit ${run.exitCode}; stdout ${JSON.stringify(run.stdout.slice(0, 300))}; stderr ${JSON.stringify(run.stderr.slice(0, 300))})` });
  const exits = command === 'check' ? [0, 1, 2] : [0, 2];
  if (!exits.includes(run.exitCode)) return crash(`exit code ${run.exitCode}`);
  if (STACK_TRACE.test(run.stdout + run.stderr)) return crash('stack trace in the output');
  if (json) {
    let document: { error?: { code?: string }; amt?: { ready?: boolean } };
    try {
      document = JSON.parse(run.stdout);
    } catch {
      return crash('stdout is not exactly one JSON document');
    }
    if (run.exitCode === 2) {
      const code = document.error?.code;
      if (!code || code === 'internal' || !INSPECT_CODES.includes(code as ErrorCode)) return crash(`error code ${code}`);
      return { status: 'error', code };
    }
    if (typeof document.amt?.ready !== 'boolean') return crash('no amt report');
    if (command === 'check' && (run.exitCode === 0) !== document.amt.ready) return crash('exit code disagrees with amt.ready');
    return { status: 'ok' };
  }
  if (run.exitCode === 2) {
    const code = /^certdesk: .* \[([a-z-]+)\]\n$/s.exec(run.stderr)?.[1];
    if (!code || code === 'internal' || !INSPECT_CODES.includes(code as ErrorCode)) return crash(`error line ${JSON.stringify(run.stderr.slice(0, 200))}`);
    return { status: 'error', code };
  }
  // A certificate request's section is headed "AMT readiness of the request (fit to send to the CA): ".
  if (!/AMT readiness( of the request \(fit to send to the CA\))?: /.test(run.stdout)) return crash('no readiness section in the human output');
  return { status: 'ok' };
}
