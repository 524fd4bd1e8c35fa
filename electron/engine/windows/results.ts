// Script output → the contract's result types. Windows PowerShell 5.1's ConvertTo-Json has quirks (a
// one-element array may arrive as the element, an array wrapped in a PSObject as { value, Count }):
// normalise here, once, so the UI and the CLI see the documented shapes.
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
  VerifyResult,
  VerifyStep,
} from '../../../shared/contract/windows';
import type { AmtReport, CertSummary } from '../../../shared/dto';
import { runChecks } from '../amt/checks';
import { catalogueCertificates, findCatalogueEntry } from '../amt/roots';
import { buildChain } from '../pki/chain';
import { assessChain } from '../assess-chain';
import { parseCertificate } from '../pki/x509';
import { associationGuidance, grantCommand, SERVICE_ACCOUNT_STORE_FALLBACK } from './guidance';

type Json = Record<string, unknown>;

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
const str = (value: unknown, fallback = ''): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : fallback;
const strOrNull = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
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

// ---------------------------------------------------------------- verify

/** The engine's view of the installed chain: summaries and the nine AMT checks (null when unreadable). */
export function engineReport(derBase64: string[], hasPrivateKey: boolean, dnsSuffixes: string[], now = new Date()): { leaf: CertSummary; amt: AmtReport } | null {
  try {
    const certs = derBase64.map((b64) => parseCertificate(Buffer.from(b64, 'base64')));
    if (certs.length === 0) return null;
    const built = buildChain(certs, [], catalogueCertificates());
    if (!built.leaf || built.leaf.sha256 !== certs[0].sha256) return null;
    const { others: _others, ...facts } = assessChain(built);
    const amt = runChecks({
      format: 'x509-der',
      ...facts,
      hasPrivateKey,
      // Windows links the key to the certificate in the store: a key present is this certificate's key.
      keyMatchesLeaf: hasPrivateKey ? true : undefined,
      dnsSuffixes,
      trustRootHashes: [],
      now,
    });
    return { leaf: facts.chain[0], amt };
  } catch {
    return null;
  }
}

export interface VerifyRequest {
  thumbprint: string;
  service?: string;
  account?: string;
  dnsSuffixes: string[];
}

/** The verify report: the script's facts about this machine plus the engine's AMT checks, as steps. */
export function buildVerifyResult(raw: Json, request: VerifyRequest, now = new Date()): VerifyResult {
  const steps: VerifyStep[] = [];
  const thumbprint = request.thumbprint;
  const found = raw.found === true;
  const hasKey = raw.hasPrivateKey === true;
  const key = raw.key ? toKey(raw.key) : null;
  const chainRaw = obj(raw.chain);
  const elements = asArray(chainRaw.elements).map(toChainElement);
  const top = elements.at(-1);
  const chainStatus = asArray(chainRaw.status).map((s) => str(s)).filter(Boolean);
  // PartialChain: Windows could not find the issuer of the top element, so the top is not a root.
  const rootIsSelfSigned = Boolean(top && !top.status.includes('PartialChain') && !chainStatus.includes('PartialChain'));
  const rootSha256 = top && rootIsSelfSigned ? top.sha256 : null;
  const root = rootSha256 ? findCatalogueEntry(rootSha256) : undefined;
  const account = raw.account ? toAccess(raw.account) : undefined;
  const importFix = 'Import the full-chain PFX into the Local Computer store: certdesk store import <file.pfx>';

  if (!found) {
    steps.push({ id: 'in-store', status: 'fail', message: `No certificate with thumbprint ${thumbprint} in LocalMachine\\My.`, fix: importFix });
    return { thumbprint, ok: false, steps, store: 'LocalMachine\\My', key: null, chain: [], rootSha256: null, rootName: null };
  }
  steps.push({ id: 'in-store', status: 'pass', message: `The certificate is in LocalMachine\\My.` });

  if (hasKey && key) steps.push({ id: 'private-key', status: 'pass', message: `It has its private key (${key.provider}: ${key.keyFile}).` });
  else if (hasKey) steps.push({ id: 'private-key', status: 'fail', message: `Windows says the certificate has a private key, but the key file was not found: ${str(raw.keyError, 'unknown error')}`, fix: 'Import the PFX again (certdesk store import), which puts the key in the machine key store.' });
  else steps.push({ id: 'private-key', status: 'fail', message: 'The certificate in the store has no private key.', fix: 'Import the PFX (with its key) rather than the .cer: certdesk store import <file.pfx>' });

  if (chainRaw.built === true) steps.push({ id: 'chain-builds', status: 'pass', message: `The chain builds on this machine (${elements.length} certificates).` });
  else {
    steps.push({ id: 'chain-builds', status: 'fail', message: `The chain does not build on this machine${chainStatus.length ? `: ${chainStatus.join(', ')}` : ''}.`, fix: importFix + ' (it places the intermediates in CA and the root in Root).' });
  }

  if (root) steps.push({ id: 'root-in-catalogue', status: 'pass', message: `The root is in the AMT firmware catalogue: ${root.name}.` });
  else if (rootSha256) steps.push({ id: 'root-in-catalogue', status: 'fail', message: `The root (SHA-256 ${rootSha256}) is not one of the AMT firmware root hashes.`, fix: 'Use a certificate from a CA whose root is in AMT firmware (certdesk roots), or add the root hash to each device (MEBx / USB setup).' });
  else steps.push({ id: 'root-in-catalogue', status: 'fail', message: 'The chain on this machine does not reach a root certificate.', fix: importFix });

  if (account) {
    const who = request.service ? `The service ${request.service} (${account.name})` : `The account ${account.name}`;
    if (account.sid === null) steps.push({ id: 'service-can-read', status: 'fail', message: account.message ?? `${who} does not resolve on this machine.` });
    else if (account.canRead) steps.push({ id: 'service-can-read', status: 'pass', message: `${who} can read the private key (${account.via ?? 'allowed'}).` });
    else steps.push({ id: 'service-can-read', status: 'fail', message: `${who} cannot read the private key${account.via ? ` (${account.via})` : ''}.`, fix: grantCommand(thumbprint, request.service, request.account) });
  } else if (request.service || request.account) {
    steps.push({ id: 'service-can-read', status: 'fail', message: `Key access could not be checked: ${str(raw.keyError, 'the key file was not found')}.` });
  } else {
    steps.push({ id: 'service-can-read', status: 'warn', message: 'No service or account was named, so key access was not checked.', fix: 'Add --service <name> (see certdesk service list).' });
  }

  const certificateBase64 = str(raw.certificateBase64);
  const ders = elements.length ? elements.map((e) => e.rawBase64).filter(Boolean) : certificateBase64 ? [certificateBase64] : [];
  const engine = engineReport(ders, hasKey, request.dnsSuffixes, now);
  if (engine) {
    const failed = engine.amt.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    const warned = engine.amt.checks.filter((c) => c.status === 'warn').map((c) => c.id);
    if (failed.length) steps.push({ id: 'amt-checks', status: 'fail', message: `AMT readiness checks failed: ${failed.join(', ')}.`, fix: 'See the checks below (or certdesk check on the PFX).' });
    else steps.push({ id: 'amt-checks', status: warned.length ? 'warn' : 'pass', message: warned.length ? `AMT readiness checks pass with warnings: ${warned.join(', ')}.` : 'All AMT readiness checks pass.' });
  } else {
    steps.push({ id: 'amt-checks', status: 'warn', message: 'The engine could not read the installed certificate, so the AMT checks did not run.' });
  }

  return {
    thumbprint,
    ok: steps.every((s) => s.status !== 'fail'),
    steps,
    store: 'LocalMachine\\My',
    key,
    chain: elements.map(({ thumbprint: t, sha256, subject, status }) => ({ thumbprint: t, sha256, subject, status })),
    rootSha256,
    rootName: root?.name ?? null,
    ...(account ? { account } : {}),
    ...(engine ? { leaf: engine.leaf, amt: engine.amt } : {}),
  };
}
