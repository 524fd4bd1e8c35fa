// Operations of issue [4]: the Windows bridge (Local Computer store import, provisioning-service discovery,
// private-key ACLs, end-state verification, association with Intel SCS). Every operation runs one shipped
// PowerShell script (electron/engine/windows/scripts) with its input as JSON on stdin; `dryRun: true`
// returns the script and the exact JSON it would receive (secrets redacted) on any OS.
import { z } from 'zod';
import type { AmtReport, CertSummary } from '../dto';
import { DnsSuffixes } from './inspect';
import { MAX_FILE_BYTES, operation } from './operation';
import { RequestOrThumbprint } from './requests';

/** A Windows thumbprint (SHA-1 of the certificate): 40 hex digits; spaces, colons and dashes are stripped. */
export const Thumbprint = z
  .string()
  .max(200)
  // MMC's Details tab copies a thumbprint with an invisible left-to-right mark in front: strip it too.
  .transform((text) => text.replace(/[\s:\-\u200e\u200f]/g, '').toUpperCase())
  .refine((hex) => /^[0-9A-F]{40}$/.test(hex), 'a thumbprint is 40 hexadecimal digits (SHA-1)');

/**
 * An account or service name, validated loosely: it only ever travels inside the stdin JSON and is
 * compared or translated by .NET there, never put on a command line or into a command string.
 */
const windowsName = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((text) => !/[\x00-\x1f\x7f]/.test(text), `control characters are not allowed in ${what}`);
const AccountName = windowsName('an account name', 512);
const ServiceName = windowsName('a service name', 256);

const DryRun = z.boolean().optional();

/** Fields that are never shown, logged or audited (the runner replaces their values with '***'). */
export const windowsSecretFields = {
  'store.import': ['password', 'contentBase64'],
} as const;

/**
 * What to import: exactly one of `contentBase64` (a PFX file's bytes) or `requestId` (a completed request of
 * CertDesk: the engine exports its PFX in-process with `password`, so the bytes never pass through a page).
 */
export const StoreImportInput = z
  .object({
    /** Shown to the user; never used to open anything. */
    fileName: z.string().min(1).max(1024).optional(),
    /** The PFX bytes, base64: they travel inside the stdin JSON, nothing is written to disk. */
    contentBase64: z.string().min(1).max(Math.ceil((MAX_FILE_BYTES * 4) / 3) + 4).optional(),
    /** A completed request (id, or its certificate's thumbprint / SHA-256) to export and import in one step. */
    requestId: RequestOrThumbprint.optional(),
    /** The PFX's password; with `requestId`, the password the in-process export protects the PFX with (required). */
    password: z.string().max(1024).optional(),
    /**
     * With `requestId`: kept for compatibility. The PFX the engine exports for the bridge is always the legacy
     * 3DES + SHA-1 MAC profile, which every Windows can read (Server 2016 cannot decrypt AES); it only ever
     * travels through the script's stdin.
     */
    legacy: z.boolean().optional(),
    /** Mark the private key exportable (default: not exportable). */
    exportable: z.boolean().optional(),
    /**
     * Go on when the certificate's chain does not reach a root (the request's stored chain, or the PFX file's):
     * refused with `incomplete-chain` otherwise, as export-pfx refuses it. The result then carries a warning.
     */
    allowIncompleteChain: z.boolean().optional(),
    dryRun: DryRun,
  })
  .strict()
  .refine((value) => (value.contentBase64 === undefined) !== (value.requestId === undefined), {
    message: 'give either the PFX (contentBase64) or a completed request (requestId), exactly one',
    path: ['contentBase64'],
  })
  .refine((value) => value.requestId === undefined || Boolean(value.password), {
    message: 'a completed request is exported with a password: an empty PFX password is refused',
    path: ['password'],
  })
  .refine((value) => value.legacy === undefined || value.requestId !== undefined, {
    message: 'legacy applies to a completed request (requestId) only; a PFX file is imported as it is',
    path: ['legacy'],
  });
export type StoreImportInput = z.infer<typeof StoreImportInput>;

export const ServiceListInput = z
  .object({
    /** Every service on the machine, not only the ones that look like a provisioning service. */
    all: z.boolean().optional(),
    dryRun: DryRun,
  })
  .strict();
export type ServiceListInput = z.infer<typeof ServiceListInput>;

const oneAccountAtMost = (value: { service?: string; account?: string }) => !(value.service && value.account);
const oneAccountMessage = { message: 'give either a service or an account, not both', path: ['account'] };

/** The certificate in LocalMachine\My, and the service or the account whose access to its key is meant. */
const KeyAndAccount = { thumbprint: Thumbprint, service: ServiceName.optional(), account: AccountName.optional() };

export const AclShowInput = z
  .object({ ...KeyAndAccount, dryRun: DryRun })
  .strict()
  .refine(oneAccountAtMost, oneAccountMessage);
export type AclShowInput = z.infer<typeof AclShowInput>;

export const AclGrantInput = z
  .object({
    ...KeyAndAccount,
    /** Grant even to a broad group (Everyone, Users, Authenticated Users, Domain Users, …), which is refused otherwise. */
    force: z.boolean().optional(),
    dryRun: DryRun,
  })
  .strict()
  .refine(oneAccountAtMost, oneAccountMessage)
  .refine((value) => Boolean(value.service || value.account), { message: 'name the service (--service) or the account (--account) to grant read access to', path: ['service'] });
export type AclGrantInput = z.infer<typeof AclGrantInput>;

export const VerifyInput = z
  .object({
    ...KeyAndAccount,
    dnsSuffixes: DnsSuffixes.optional(),
    dryRun: DryRun,
  })
  .strict()
  .refine(oneAccountAtMost, oneAccountMessage);
export type VerifyInput = z.infer<typeof VerifyInput>;

export const AssociationDetectInput = z.object({ thumbprint: Thumbprint.optional(), dryRun: DryRun }).strict();
export type AssociationDetectInput = z.infer<typeof AssociationDetectInput>;

/** No path: the script launches the LoadCert.exe it detects itself, never a path given by a caller. */
export const AssociationLaunchInput = z.object({ dryRun: DryRun }).strict();
export type AssociationLaunchInput = z.infer<typeof AssociationLaunchInput>;

export const ElevationInput = z.object({ dryRun: DryRun }).strict();
export type ElevationInput = z.infer<typeof ElevationInput>;

// ---------------------------------------------------------------- outputs

/** A shared PowerShell module (`CertDesk.*.ps1`) that a script dot-sources. */
export interface DryRunModule {
  path: string;
  text: string;
}

/** What every operation returns with `dryRun: true`: nothing was run. */
export interface DryRunResult {
  dryRun: true;
  /** Absolute path of the shipped script that would run. */
  script: string;
  /** The script's full text (the "Show PowerShell" disclosure). */
  scriptText: string;
  /**
   * The shared helper modules the script dot-sources from its own folder, in load order: absolute path and
   * full text. With `scriptText`, everything that would run.
   */
  modules: DryRunModule[];
  /** The constant command line: executable then arguments (only the script path differs between operations). */
  command: string[];
  /**
   * The same command line as it runs on a provisioning server with CertDesk installed (the script's path under
   * `C:\Program Files\CertDesk\resources\app.asar.unpacked\…`, never a development tree), quoted for a
   * Windows prompt: what the CLI and the Install wizard show.
   */
  windowsCommand: string;
  /** The JSON document the script would read on stdin, secrets replaced by '***'. */
  input: Record<string, unknown>;
  /** Whether the step needs an elevated (administrator) process. */
  needsElevation: boolean;
}

export type WindowsResult<T> = T | DryRunResult;

export function isDryRun(value: unknown): value is DryRunResult {
  return typeof value === 'object' && value !== null && (value as { dryRun?: unknown }).dryRun === true;
}

export interface ImportedCertificate {
  thumbprint: string;
  subject: string;
  issuer: string;
  /** `LocalMachine\My`, `LocalMachine\CA`, `LocalMachine\Root` or `LocalMachine\AddressBook`, as the engine's plan said. */
  store: string;
  hasPrivateKey: boolean;
  /**
   * `replaced`: the certificate was in the store without its private key and was added again with it.
   * `skipped`: the engine's plan did not import it (not on the leaf's chain); `store` is then empty.
   */
  action: 'added' | 'already-present' | 'replaced' | 'skipped';
}

/** A Local Computer store the import places a certificate in (`LocalMachine\\<name>`). */
export type PlacementStore = 'My' | 'CA' | 'Root' | 'AddressBook';

/**
 * Where the engine places one certificate of the PFX (issue [7] fix 10): decided in TypeScript from the leaf's
 * chain, carried out exactly by import-pfx.ps1. `store` is null when the certificate is skipped.
 */
export interface PlacementEntry {
  /** SHA-256 of the certificate's DER, uppercase hex. */
  sha256: string;
  subject: string;
  store: PlacementStore | null;
  action: 'import' | 'skip';
  /** Why, in a sentence (shown by the CLI and the Install wizard). */
  reason: string;
}

/** Human names of the stores, as the Certificates console (certlm.msc) shows them. */
export const STORE_NAMES: Record<PlacementStore, string> = {
  My: 'Personal',
  CA: 'Intermediate Certification Authorities',
  Root: 'Trusted Root Certification Authorities',
  AddressBook: 'Other People',
};

/** What import-pfx.ps1 reads on stdin as `plan` (certificates absent from it are skipped too). */
export type ScriptPlacement = Pick<PlacementEntry, 'sha256' | 'store' | 'action'>;

/** store.import with `dryRun: true`: the dry run plus the engine's placement plan (the password was checked). */
export interface StoreImportDryRun extends DryRunResult {
  plan: PlacementEntry[];
  /** Present when there is something to know before importing (an incomplete chain allowed with `allowIncompleteChain`). */
  warnings?: string[];
}

export interface StoreImportResult {
  fileName?: string;
  exportable: boolean;
  certificates: ImportedCertificate[];
  /** Thumbprint of the certificate with the private key (the one to grant and verify), if any. */
  keyThumbprint: string | null;
}

/** store.import's answer: what the script reported, plus CertDesk's own warnings. */
export interface StoreImportOutcome extends StoreImportResult {
  /** Present when the import went on despite something (an incomplete chain allowed with `allowIncompleteChain`). */
  warnings?: string[];
}

export type AccountKind = 'LocalSystem' | 'LocalService' | 'NetworkService' | 'virtual' | 'managed' | 'domain' | 'local' | 'sid' | 'unknown';

export interface ResolvedAccount {
  /** As given or as the service's StartName says (e.g. `LocalSystem`, `NT SERVICE\AMTConfig`, `CORP\svc-scs`). */
  name: string;
  /** Null when the name does not resolve on this machine (the message says why). */
  sid: string | null;
  kind: AccountKind;
  message?: string;
}

export interface ServiceInfo {
  name: string;
  displayName: string;
  state: string;
  startMode: string;
  /** Logon account (Win32_Service.StartName) and its SID. */
  account: ResolvedAccount;
  /** Matched one of the provisioning-service patterns. */
  matched: boolean;
  pathName?: string;
}

export interface ServiceListResult {
  all: boolean;
  patterns: string[];
  services: ServiceInfo[];
}

export interface AclRule {
  identity: string;
  sid: string | null;
  rights: string;
  type: 'Allow' | 'Deny';
  inherited: boolean;
  /** The rule includes ReadData (what opening the key needs). */
  read: boolean;
}

export interface KeyLocation {
  thumbprint: string;
  subject: string;
  provider: 'CNG' | 'CAPI';
  /** Provider name reported by Windows (e.g. Microsoft Software Key Storage Provider). */
  providerName: string | null;
  /** CNG unique name or CAPI unique container name. */
  uniqueName: string;
  keyFile: string;
}

export interface AccountAccess extends ResolvedAccount {
  canRead: boolean;
  /** The rule that grants (or denies) read, as `identity: rights`. */
  via: string | null;
  /** 'token' when the account's groups were read from a token, else 'well-known' (its SID plus well-known groups). */
  basis: 'token' | 'well-known';
}

export interface AclShowResult {
  key: KeyLocation;
  owner: string | null;
  rules: AclRule[];
  service?: string;
  account?: AccountAccess;
}

export interface AclGrantResult {
  key: KeyLocation;
  service?: string;
  account: AccountAccess;
  before: AclRule[];
  after: AclRule[];
  /** False when the account already had a read rule (nothing written). */
  changed: boolean;
  /** The rule was read back after writing (or was already there). */
  verified: boolean;
}

export interface ChainElementInfo {
  thumbprint: string;
  sha256: string;
  subject: string;
  /** X509ChainStatusFlags names (empty when the element is fine). */
  status: string[];
}

export type VerifyStepId = 'in-store' | 'private-key' | 'chain-builds' | 'root-in-catalogue' | 'service-can-read' | 'amt-checks';

export interface VerifyStep {
  id: VerifyStepId;
  status: 'pass' | 'warn' | 'fail';
  message: string;
  fix?: string;
}

export interface VerifyResult {
  thumbprint: string;
  ok: boolean;
  steps: VerifyStep[];
  store: string;
  key: KeyLocation | null;
  chain: ChainElementInfo[];
  rootSha256: string | null;
  rootName: string | null;
  account?: AccountAccess;
  /** The certificate as the engine sees it (present when the engine could read it). */
  leaf?: CertSummary;
  /** The engine's AMT readiness checks on the installed certificate and chain, when available. */
  amt?: AmtReport;
}

export interface LoadCertInfo {
  found: boolean;
  path: string | null;
  fileVersion: string | null;
  searched: string[];
}

export interface AssociationDetectResult {
  loadCert: LoadCertInfo;
  /** What to do next, as short paragraphs the UI and CLI show as they are. */
  guidance: string[];
  /** The seed's fallback when key access cannot be granted: import into the service account's own store. */
  fallback: string[];
}

export interface AssociationLaunchResult {
  launched: boolean;
  path: string;
  processId: number | null;
}

export interface ElevationResult {
  elevated: boolean;
  user: string;
  userSid: string;
  psVersion: string;
  osVersion: string;
}

export const windowsOperations = {
  'store.import': operation<StoreImportOutcome | StoreImportDryRun>()(StoreImportInput),
  'service.list': operation<WindowsResult<ServiceListResult>>()(ServiceListInput),
  'acl.show': operation<WindowsResult<AclShowResult>>()(AclShowInput),
  'acl.grant': operation<WindowsResult<AclGrantResult>>()(AclGrantInput),
  verify: operation<WindowsResult<VerifyResult>>()(VerifyInput),
  'association.detect': operation<WindowsResult<AssociationDetectResult>>()(AssociationDetectInput),
  'association.launch': operation<WindowsResult<AssociationLaunchResult>>()(AssociationLaunchInput),
  'elevation.check': operation<WindowsResult<ElevationResult>>()(ElevationInput),
};
