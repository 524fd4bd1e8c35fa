// Script output → the contract's result types. Windows PowerShell 5.1's ConvertTo-Json has quirks (a
// one-element array may arrive as the element, an array wrapped in a PSObject as { value, Count }):
// normalise here, once, so the UI and the CLI see the documented shapes. The verify report, which adds the
// engine's judgement to the script's facts, is verify-result.ts.
import type {
  AccountAccess,
  AclGrantResult,
  AclRule,
  AclShowResult,
  AssociationDetectResult,
  AssociationLaunchResult,
  ChainElementInfo,
  ElevationResult,
  ImportedCertificate,
  KeyLocation,
  ResolvedAccount,
  ServiceInfo,
  ServiceListResult,
  StoreImportResult,
} from '../../../shared/contract/windows';
import { associationGuidance, SERVICE_ACCOUNT_STORE_FALLBACK } from './guidance';

export type Json = Record<string, unknown>;

export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  if (typeof value === 'object' && Array.isArray((value as { value?: unknown }).value) && 'Count' in (value as object)) {
    return (value as { value: unknown[] }).value;
  }
  return [value];
}

/**
 * Strings as they are; a number or boolean as its text (a field PowerShell wrote with another type); anything
 * else (null, an object, an array) is the fallback: String() of script output can throw (a `toString` key, an
 * array nested thousands deep) and never gives a meaningful name anyway.
 */
export const str = (value: unknown, fallback = ''): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : fallback;
export const strOrNull = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
export const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
/** Strings only (anything else is ''): the fields of the operations' top-level answers. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function toImported(value: unknown): ImportedCertificate {
  const v = obj(value);
  // The script reports a certificate the plan skipped as `skip` (with a reason).
  const action = v.action === 'already-present' || v.action === 'replaced' ? v.action : v.action === 'skip' || v.action === 'skipped' ? 'skipped' : 'added';
  return {
    thumbprint: str(v.thumbprint).toUpperCase(),
    subject: str(v.subject),
    issuer: str(v.issuer),
    store: str(v.store),
    hasPrivateKey: v.hasPrivateKey === true,
    action,
  };
}

export function toAccount(value: unknown): ResolvedAccount {
  const v = obj(value);
  const kinds = ['LocalSystem', 'LocalService', 'NetworkService', 'virtual', 'managed', 'domain', 'local', 'sid', 'unknown'] as const;
  const kind = kinds.find((k) => k === v.kind) ?? 'unknown';
  return { name: str(v.name), sid: strOrNull(v.sid), kind, ...(typeof v.message === 'string' ? { message: v.message } : {}) };
}

export function toAccess(value: unknown): AccountAccess {
  const v = obj(value);
  return { ...toAccount(v), canRead: v.canRead === true, via: strOrNull(v.via), basis: v.basis === 'token' ? 'token' : 'well-known' };
}

export function toService(value: unknown): ServiceInfo {
  const v = obj(value);
  return {
    name: str(v.name),
    displayName: str(v.displayName),
    state: str(v.state),
    startMode: str(v.startMode),
    account: toAccount(v.account),
    matched: v.matched === true,
    ...(strOrNull(v.pathName) ? { pathName: str(v.pathName) } : {}),
  };
}

export function toRule(value: unknown): AclRule {
  const v = obj(value);
  return {
    identity: str(v.identity),
    sid: strOrNull(v.sid),
    rights: str(v.rights),
    type: v.type === 'Deny' ? 'Deny' : 'Allow',
    inherited: v.inherited === true,
    read: v.read === true,
  };
}

export function toKey(value: unknown): KeyLocation {
  const v = obj(value);
  return {
    thumbprint: str(v.thumbprint).toUpperCase(),
    subject: str(v.subject),
    provider: v.provider === 'CAPI' ? 'CAPI' : 'CNG',
    providerName: strOrNull(v.providerName),
    uniqueName: str(v.uniqueName),
    keyFile: str(v.keyFile),
  };
}

export function toChainElement(value: unknown): ChainElementInfo & { rawBase64: string } {
  const v = obj(value);
  return {
    thumbprint: str(v.thumbprint).toUpperCase(),
    sha256: str(v.sha256).toUpperCase(),
    subject: str(v.subject),
    status: asArray(v.status).map((s) => str(s)),
    rawBase64: str(v.rawBase64),
  };
}

// ---------------------------------------------------------------- one result per operation

export function toStoreImport(out: Json, fileName: string | undefined): StoreImportResult {
  const certificates = asArray(out.certificates).map(toImported);
  return {
    ...(fileName ? { fileName } : {}),
    exportable: out.exportable === true,
    certificates,
    keyThumbprint: text(out.keyThumbprint).toUpperCase() || (certificates.find((c) => c.hasPrivateKey)?.thumbprint ?? null),
  };
}

export function toServiceList(out: Json): ServiceListResult {
  return {
    all: out.all === true,
    patterns: asArray(out.patterns).map(text),
    services: asArray(out.services).map(toService),
  };
}

export function toAclShow(out: Json): AclShowResult {
  return {
    key: toKey(out.key),
    owner: text(out.owner) || null,
    rules: asArray(out.rules).map(toRule),
    ...(text(out.service) ? { service: text(out.service) } : {}),
    ...(out.account ? { account: toAccess(out.account) } : {}),
  };
}

export function toAclGrant(out: Json): AclGrantResult {
  return {
    key: toKey(out.key),
    ...(text(out.service) ? { service: text(out.service) } : {}),
    account: toAccess(out.account),
    before: asArray(out.before).map(toRule),
    after: asArray(out.after).map(toRule),
    changed: out.changed === true,
    verified: out.verified === true,
  };
}

/** What find-loadcert found, with the guidance for it (naming `thumbprint` when given). */
export function toAssociationDetect(out: Json, thumbprint?: string): AssociationDetectResult {
  const raw = obj(out.loadCert);
  const loadCert = {
    found: raw.found === true,
    path: text(raw.path) || null,
    fileVersion: text(raw.fileVersion) || null,
    searched: asArray(raw.searched).map(text),
  };
  return { loadCert, guidance: associationGuidance(loadCert, thumbprint), fallback: [...SERVICE_ACCOUNT_STORE_FALLBACK] };
}

/** A Windows process id (a DWORD), or null: JSON can also carry 1.5, 1e300 or 1e400 (Infinity). */
const processId = (value: unknown): number | null => (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffff_ffff ? (value as number) : null);

export function toAssociationLaunch(out: Json): AssociationLaunchResult {
  return {
    launched: out.launched === true,
    path: text(out.path),
    processId: processId(out.processId),
  };
}

export function toElevation(out: Json): ElevationResult {
  return {
    elevated: out.elevated === true,
    user: text(out.user),
    userSid: text(out.userSid),
    psVersion: text(out.psVersion),
    osVersion: text(out.osVersion),
  };
}
