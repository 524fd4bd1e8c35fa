// inspect/check: read a file, build its chain, summarize, judge AMT readiness, and (for the UI) build
// the MMC-style views. The one place where pki/ and amt/ meet.
import type { InspectResult } from '../../shared/dto';
import { CertDeskError } from '../../shared/errors';
import { assessChain } from './assess-chain';
import { findPaths, planChainRepair, pointToRepair, type RepairPlan } from './amt/chain-repair';
import { runChecks } from './amt/checks';
import { parseDeviceHashes } from './amt/device-hashes';
import { catalogueCertificates, isTrustedRootHash } from './amt/roots';
import type { CheckInput } from './amt/types';
import { buildChain } from './pki/chain';
import { type BundleFile, bundlePool, type PoolCert } from './pki/chain-paths';
import { readContainer } from './pki/read';
import { summarizeRequest } from './pki/summary';
import type { ChainResult, Container } from './pki/types';
import { buildViews } from './pki/view';

export interface InspectRequest {
  fileName: string;
  bytes: Buffer;
  password?: string;
  dnsSuffixes?: string[];
  trustRootHashes?: string[];
  /** Firmware majors to judge (--amt-version); none = every generation in service. */
  amtVersions?: string[];
  /** A device's root hash list (--device-hashes): the file's name and text, parsed here for every front door. */
  deviceHashes?: { fileName: string; text: string };
  includeViews?: boolean;
  now?: Date;
  /** CA bundles (--ca-bundle): their certificates join the issuer paths of `amt.chainRepair`, never the verdict's chain. */
  caBundles?: BundleFile[];
  /** 'always': plan the chain repair even for a single path (the repair-chain command); default: only when it tells something. */
  chainRepair?: 'auto' | 'always';
}

/** inspectBytes' result with what it was made from, for the repair-chain service (in-process only: the container holds the key). */
export interface InspectDetail {
  result: InspectResult;
  container: Container;
  built?: ChainResult;
  plan?: RepairPlan;
}

/** A file name as it can be typed in a shell: quoted when it holds anything but plain characters. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9._/:@%+=,-]+$/.test(text) ? text : `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** The repair-chain command line for this file and these judging inputs (the fix texts name it). */
export function repairCommand(request: Pick<InspectRequest, 'fileName' | 'caBundles' | 'amtVersions' | 'trustRootHashes'>, hasKey: boolean): string {
  const stem = (request.fileName.split(/[\\/]/).pop() ?? 'certificate').replace(/\.[A-Za-z0-9]{1,4}$/, '') || 'certificate';
  const parts = ['certdesk repair-chain', shellWord(request.fileName)];
  for (const b of request.caBundles ?? []) parts.push('--ca-bundle', shellWord(b.fileName));
  for (const v of request.amtVersions ?? []) parts.push('--amt-version', shellWord(v));
  for (const h of request.trustRootHashes ?? []) parts.push('--trust-root-hash', shellWord(h));
  parts.push('--out', shellWord(`${stem}-repaired.${hasKey ? 'pfx' : 'p7b'}`));
  return parts.join(' ');
}

/**
 * The UI gets a dialog view per certificate; a bundle of thousands (a whole CA store as .p7b) would make a
 * response of tens of megabytes, so views stop here (summaries still list every certificate).
 */
export const MAX_VIEWS = 256;

export function inspectBytes(request: InspectRequest): InspectResult {
  return inspectDetail(request).result;
}

export function inspectDetail(request: InspectRequest): InspectDetail {
  const now = request.now ?? new Date();
  const dnsSuffixes = request.dnsSuffixes ?? [];
  const trustRootHashes = request.trustRootHashes ?? [];
  // What every verdict of this file shares; parsed before the file so a bad hash list or version fails fast.
  const judging: Pick<CheckInput, 'dnsSuffixes' | 'trustRootHashes' | 'amtVersions' | 'deviceHashes' | 'now'> = {
    dnsSuffixes,
    trustRootHashes,
    amtVersions: request.amtVersions,
    deviceHashes: request.deviceHashes ? parseDeviceHashes(request.deviceHashes.text, request.deviceHashes.fileName) : undefined,
    now,
  };
  const container = readContainer(request.bytes, request.password);
  const hasPrivateKey = container.privateKeys.length > 0;

  if (container.format === 'pkcs10') {
    if (!container.request) throw new CertDeskError('unreadable', 'The certificate request could not be read.');
    const summary = summarizeRequest(container.request);
    const requestResult: InspectResult = {
      file: request.fileName,
      format: container.format,
      hasPrivateKey,
      leaf: null,
      chain: [],
      others: [],
      request: summary,
      amt: runChecks({
        format: container.format,
        leaf: null,
        chain: [],
        request: summary,
        hasPrivateKey,
        chainComplete: false,
        rootFromCatalogue: false,
        ...judging,
      }),
    };
    return { result: requestResult, container };
  }

  if (container.certificates.length === 0) {
    throw new CertDeskError('unsupported-format', 'The file holds no certificate (only a key, or nothing CertDesk can show).');
  }
  const result = buildChain(container.certificates, container.privateKeys, catalogueCertificates());
  const { others, ...facts } = assessChain(result);
  const chain = facts.chain;
  let amt = runChecks({ format: container.format, hasPrivateKey, ...facts, ...judging });
  // Chain repair (issue [10] item 3): every issuer path of the leaf over the file's certificates, the CA bundles' and
  // the catalogue's roots. Reported when there is a choice (or a bundle was given); the verdict above is unchanged.
  let plan: RepairPlan | undefined;
  if (result.leaf) {
    const bundles = request.caBundles ?? [];
    const pool: PoolCert[] = [
      ...container.certificates.map((cert) => ({ cert, source: 'file' as const })),
      ...bundlePool(bundles),
      ...catalogueCertificates().map((cert) => ({ cert, source: 'catalogue' as const })),
    ];
    const ctx = {
      leaf: result.leaf,
      pool,
      fileCerts: container.certificates,
      bundles: bundles.map((b) => b.fileName),
      judging: { format: container.format, hasPrivateKey, keyMatchesLeaf: result.keyMatchesLeaf, ...judging },
      asIs: { report: amt, chain: result.chain.map((link) => link.cert), complete: result.complete },
      command: repairCommand(request, hasPrivateKey && result.keyMatchesLeaf === true),
    };
    const search = findPaths(ctx);
    if (search.paths.length > 1 || bundles.length > 0 || request.chainRepair === 'always') {
      plan = planChainRepair(ctx, search);
      amt = { ...pointToRepair(amt, plan), chainRepair: plan.repair };
    }
  }
  const inspected: InspectResult = {
    file: request.fileName,
    format: container.format,
    hasPrivateKey,
    ...(hasPrivateKey ? { keyMatchesLeaf: Boolean(result.keyMatchesLeaf) } : {}),
    leaf: chain[0] ?? null,
    chain,
    others,
    amt,
  };
  if (request.includeViews) {
    const shownOthers = result.others.slice(0, Math.max(0, MAX_VIEWS - result.chain.length));
    if (shownOthers.length < result.others.length) inspected.viewsOmitted = result.others.length - shownOthers.length;
    inspected.views = buildViews({
      chain: result.chain,
      others: shownOthers,
      hasPrivateKeyFor: result.keyMatchesLeaf && result.leaf ? result.leaf.sha256 : undefined,
      friendlyNames: container.friendlyNames,
      isTrustedRoot: (cert) => isTrustedRootHash(cert.sha256, trustRootHashes) || isTrustedRootHash(cert.sha1, trustRootHashes),
      now,
    });
  }
  return { result: inspected, container, built: result, ...(plan ? { plan } : {}) };
}

