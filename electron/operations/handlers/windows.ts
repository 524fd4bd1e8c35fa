// Handlers of issue [4]: each operation maps its contract input onto one shipped PowerShell script's
// stdin JSON, runs it (or returns the dry run), and shapes the script's answer into the contract's result.
import type { Output, ParsedInput } from '../../../shared/api';
import { release as osRelease } from 'node:os';
import { isDryRun, type DryRunResult, type PlacementEntry, type windowsOperations } from '../../../shared/contract/windows';
import { MAX_FILE_BYTES } from '../../../shared/contract/operation';
import { CertDeskError } from '../../../shared/errors';
import { refuseBroadAccount } from '../../engine/windows/broad-accounts';
import { PROVISIONING_SERVICE_PATTERNS } from '../../engine/windows/guidance';
import { buildVerifyResult } from '../../engine/windows/verify-result';
import {
  toAclGrant,
  toAclShow,
  toAssociationDetect,
  toAssociationLaunch,
  toElevation,
  toServiceList,
  toStoreImport,
} from '../../engine/windows/results';
import { audit } from '../../engine/requests/db';
import { database, exportableRequest, exportPfx, showRequest } from '../../engine/requests/service';
import {
  analysePfx,
  incompleteChainWarning,
  incompletePfxChainError,
  placementPlan,
  requestPlacementPlan,
  scriptPlan,
  usesPbes2,
} from '../../engine/windows/placement';
import { defaultBridgeContext, requireWindows, runScript, type BridgeContext } from '../../engine/windows/runner';
import type { ScriptName } from '../../engine/windows/scripts';

type WindowsOperationName = keyof typeof windowsOperations;
export type WindowsHandlers = { [K in WindowsOperationName]: (input: ParsedInput<K>) => Promise<Output<K>> };

type Json = Record<string, unknown>;

/** Decodes the PFX base64 strictly enough to refuse junk and oversize files before anything runs. */
function checkPfx(contentBase64: string): void {
  const compact = contentBase64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new CertDeskError('unreadable', 'The PFX content is not valid base64.');
  }
  const bytes = Math.floor((compact.length * 3) / 4) - (compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0);
  if (bytes === 0) throw new CertDeskError('unreadable', 'The PFX file is empty.');
  if (bytes > MAX_FILE_BYTES) throw new CertDeskError('too-large', 'The PFX is over 10 MiB; certificate files over 10 MiB are refused.');
}

/** The message a dry run shows instead of a PFX exported at run time (redacted to '***' like any PFX). */
const EXPORTED_AT_RUN_TIME = 'exported from the request when the import runs';

/** Windows builds before this one (Windows 10 1709 / Server 2016 is 14393) cannot decrypt an AES/PBES2 PFX. */
export const FIRST_AES_PFX_BUILD = 16299;

interface PfxToImport {
  /** What goes on the script's stdin as contentBase64 (a placeholder in a request's dry run). */
  contentBase64: string;
  /** The engine's placement plan (the password was checked reading it). */
  plan: PlacementEntry[];
  /** The PFX uses PBES2 (AES): Windows before build 16299 cannot read it. */
  aes: boolean;
  /** An incomplete chain the caller allowed (`allowIncompleteChain`). */
  warnings: string[];
}

/**
 * The PFX store.import hands to the script, and the engine's plan for it: the given file's bytes, or, for
 * `requestId`, the completed request exported here in-process with the given password (the page that asked
 * never holds them), always in the legacy 3DES profile every Windows reads (it never touches disk). A dry run
 * checks the request can be exported but opens no key and writes no audit line; a file's password is checked
 * in a dry run too.
 */
async function pfxToImport(input: ParsedInput<'store.import'>, context: BridgeContext): Promise<PfxToImport> {
  const allowIncompleteChain = input.allowIncompleteChain ?? false;
  if (input.contentBase64 !== undefined) {
    checkPfx(input.contentBase64);
    const contentBase64 = input.contentBase64.replace(/\s+/g, '');
    const bytes = Buffer.from(contentBase64, 'base64');
    const { plan, chain } = analysePfx(bytes, input.password);
    // The same refusal as export-pfx and --request (not a mere warning): see incompletePfxChainError.
    if (!chain.complete && !allowIncompleteChain) throw incompletePfxChainError(input.fileName, chain);
    const warnings = chain.complete ? [] : [incompleteChainWarning(input.fileName ?? 'the PFX', chain)];
    return { contentBase64, plan, aes: usesPbes2(bytes), warnings };
  }
  if (input.requestId === undefined) throw new CertDeskError('usage', 'Give the PFX (contentBase64) or a completed request (requestId).');
  // exportableRequest and exportPfx refuse an incomplete chain (incomplete-chain) unless it is allowed.
  const request = await exportableRequest(input.requestId, { allowIncompleteChain });
  const shown = await showRequest(request.id);
  const top = shown.chain[shown.chain.length - 1]?.subject;
  const warnings =
    request.certificate?.chain === 'incomplete' ? [incompleteChainWarning(`request ${request.id}`, { top, missingIssuer: request.certificate.missingIssuer })] : [];
  if (input.dryRun) {
    return { contentBase64: EXPORTED_AT_RUN_TIME, plan: requestPlacementPlan(shown.chain), aes: false, warnings };
  }
  // Off Windows the import cannot run: fail before a key is opened (and an export audited) for nothing.
  requireWindows(context);
  const exported = await exportPfx({ idOrThumbprint: input.requestId, password: input.password ?? '', legacy: true, allowIncompleteChain });
  const bytes = Buffer.from(exported.pfxBase64, 'base64');
  return { contentBase64: exported.pfxBase64, plan: placementPlan(bytes, input.password), aes: usesPbes2(bytes), warnings };
}

/** The build of the Windows this process runs on (os.release() is "10.0.<build>"), or null elsewhere. */
export function windowsBuild(platform: NodeJS.Platform = process.platform, release: string = osRelease()): number | null {
  if (platform !== 'win32') return null;
  const build = Number(release.split('.')[2]);
  return Number.isInteger(build) && build > 0 ? build : null;
}

/**
 * store.import: the engine's plan (wrong password → wrong-password before anything runs), then the script.
 * When Windows says "wrong password" for a PFX the engine just opened with that password, and the PFX is AES on a
 * Windows that cannot decrypt AES (before build 16299), the message says so.
 */
async function storeImport(input: ParsedInput<'store.import'>, context: BridgeContext): Promise<Output<'store.import'>> {
  const pfx = await pfxToImport(input, context);
  const stdin = { contentBase64: pfx.contentBase64, password: input.password ?? '', exportable: input.exportable ?? false, plan: scriptPlan(pfx.plan) };
  try {
    const out = await runScript('import-pfx', stdin, context, { dryRun: input.dryRun });
    const warnings = pfx.warnings.length ? { warnings: pfx.warnings } : {};
    return isDryRun(out) ? { ...out, plan: pfx.plan, ...warnings } : { ...toStoreImport(out, input.fileName), ...warnings };
  } catch (error) {
    const build = (context.windowsBuild ?? windowsBuild)();
    // The script may say so itself (it knows the build too): then the message stands as it is.
    const saysAes = error instanceof CertDeskError && /\bAES\b/.test(error.message);
    if (error instanceof CertDeskError && error.code === 'wrong-password' && !saysAes && pfx.aes && (build === null || build < FIRST_AES_PFX_BUILD)) {
      throw new CertDeskError(
        'wrong-password',
        `${error.message.replace(/[.\s]*$/, '')}, or the PFX is AES-encrypted: export it with --legacy ` +
          `(Windows before build ${FIRST_AES_PFX_BUILD}${build ? `; this is build ${build}` : ''}, e.g. Server 2016, cannot decrypt AES; CertDesk opened it with this password).`,
      );
    }
    throw error;
  }
}

/** The certificate, and the service or account when one was named (acl show, acl grant, verify). */
function keyAndAccount(input: { thumbprint: string; service?: string; account?: string }): Json {
  return { thumbprint: input.thumbprint, ...(input.service ? { service: input.service } : {}), ...(input.account ? { account: input.account } : {}) };
}

const noInput = (): Json => ({});

/** One operation over the bridge: its script, the JSON the script gets on stdin, the contract's result from the script's answer. */
interface Bridge<K extends WindowsOperationName> {
  script: ScriptName;
  input(input: ParsedInput<K>, context: BridgeContext): Json | Promise<Json>;
  result(out: Json, input: ParsedInput<K>): Exclude<Output<K>, DryRunResult>;
}

type ScriptedOperation = Exclude<WindowsOperationName, 'store.import'>;

const bridges: { [K in ScriptedOperation]: Bridge<K> } = {
  'service.list': {
    script: 'list-services',
    input: (input) => ({ all: input.all ?? false, patterns: [...PROVISIONING_SERVICE_PATTERNS] }),
    result: toServiceList,
  },
  'acl.show': { script: 'acl-show', input: keyAndAccount, result: toAclShow },
  'acl.grant': {
    script: 'acl-grant',
    input: (input) => {
      refuseBroadAccount(input.account, input.force);
      return keyAndAccount(input);
    },
    result: toAclGrant,
  },
  verify: {
    script: 'verify',
    input: keyAndAccount,
    result: (out, input) => buildVerifyResult(out, { thumbprint: input.thumbprint, service: input.service, account: input.account, dnsSuffixes: input.dnsSuffixes ?? [] }),
  },
  'association.detect': { script: 'find-loadcert', input: noInput, result: (out, input) => toAssociationDetect(out, input.thumbprint) },
  'association.launch': { script: 'launch-loadcert', input: noInput, result: toAssociationLaunch },
  'elevation.check': { script: 'check-elevation', input: noInput, result: toElevation },
};

/** Every operation: run its script (or return the dry run) and shape the answer. */
function bridgeHandlers(context: BridgeContext): WindowsHandlers {
  const handler =
    <K extends WindowsOperationName>(bridge: Bridge<K>) =>
    async (input: ParsedInput<K>): Promise<Output<K>> => {
      const out = await runScript(bridge.script, await bridge.input(input, context), context, { dryRun: input.dryRun });
      return (isDryRun(out) ? out : bridge.result(out, input)) as Output<K>;
    };
  return {
    ...(Object.fromEntries(Object.entries(bridges).map(([name, bridge]) => [name, handler(bridge as Bridge<ScriptedOperation>)])) as Omit<WindowsHandlers, 'store.import'>),
    'store.import': (input) => storeImport(input, context),
  };
}

/** The operations that change the machine; each real run (not a dry run) leaves one audit line. */
export type AuditedOperation = 'store.import' | 'acl.grant' | 'association.launch';
export type WindowsAudit = (action: AuditedOperation, result: string, subject: string | null, thumbprint: string | null) => void;

/** Records in CertDesk's audit log (the requests database). Never secrets; never fails the operation. */
export function recordInAuditLog(action: AuditedOperation, result: string, subject: string | null, thumbprint: string | null): void {
  try {
    audit(database(), `windows.${action}`, result, subject, thumbprint);
  } catch (error) {
    if (process.env.CERTDESK_DEBUG === '1') process.stderr.write(`certdesk: audit log not written: ${(error as Error).message}\n`);
  }
}

interface Audited {
  subject?: string | null;
  thumbprint?: string | null;
}

export function createWindowsHandlers(context: BridgeContext, recordAudit: WindowsAudit = recordInAuditLog): WindowsHandlers {
  const handlers = bridgeHandlers(context);
  /** Runs `work`; a real run (not a dry run) is recorded with its outcome: ok, or the error code. */
  async function audited<T>(action: AuditedOperation, dryRun: boolean | undefined, who: Audited, work: () => Promise<T>, done?: (result: T) => Audited): Promise<T> {
    try {
      const result = await work();
      if (!dryRun && !isDryRun(result)) {
        const after = done?.(result) ?? {};
        recordAudit(action, 'ok', after.subject ?? who.subject ?? null, after.thumbprint ?? who.thumbprint ?? null);
      }
      return result;
    } catch (error) {
      const code = error instanceof CertDeskError ? error.code : 'internal';
      if (!dryRun && code !== 'not-windows') recordAudit(action, `error: ${code}`, who.subject ?? null, who.thumbprint ?? null);
      throw error;
    }
  }
  return {
    ...handlers,
    'store.import': (input) =>
      audited('store.import', input.dryRun, { subject: input.fileName ?? (input.requestId ? `request ${input.requestId}` : null) }, () => handlers['store.import'](input), (r) => ({
        thumbprint: isDryRun(r) ? null : r.keyThumbprint,
      })),
    'acl.grant': (input) =>
      audited('acl.grant', input.dryRun, { subject: input.service ?? input.account, thumbprint: input.thumbprint }, () => handlers['acl.grant'](input)),
    'association.launch': (input) =>
      audited('association.launch', input.dryRun, {}, () => handlers['association.launch'](input), (r) => ({ subject: isDryRun(r) ? null : r.path })),
  };
}

export const windowsHandlers = createWindowsHandlers(defaultBridgeContext());
