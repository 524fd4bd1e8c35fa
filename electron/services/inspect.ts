// inspect/check: read a file, build its chain, summarize, judge AMT readiness, and (for the UI) build
// the MMC-style views. The one place where pki/ and amt/ meet.
import { createHash } from 'node:crypto';
import type { InspectResult } from '../../shared/dto';
import { CertDeskError } from '../../shared/errors';
import { runChecks } from './amt/checks';
import { parseDeviceHashes } from './amt/device-hashes';
import { catalogueCertificates, isTrustedRootHash } from './amt/roots';
import type { CheckInput } from './amt/types';
import { buildChain } from './pki/chain';
import { readContainer } from './pki/read';
import { summarize, summarizeRequest } from './pki/summary';
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
}

/**
 * The UI gets a dialog view per certificate; a bundle of thousands (a whole CA store as .p7b) would make a
 * response of tens of megabytes, so views stop here (summaries still list every certificate).
 */
export const MAX_VIEWS = 256;

export function inspectBytes(request: InspectRequest): InspectResult {
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
    return {
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
  }

  if (container.certificates.length === 0) {
    throw new CertDeskError('unsupported-format', 'The file holds no certificate (only a key, or nothing CertDesk can show).');
  }
  const result = buildChain(container.certificates, container.privateKeys, catalogueCertificates());
  const chain = result.chain.map((link) => summarize(link.cert));
  const others = result.others.map(summarize);
  const broken = result.chain.findIndex((link) => !link.signatureValid && !link.issuerMissing);
  const top = result.chain[result.chain.length - 1]?.cert;
  const amt = runChecks({
    format: container.format,
    leaf: chain[0] ?? null,
    chain,
    hasPrivateKey,
    keyMatchesLeaf: result.keyMatchesLeaf,
    chainComplete: result.complete,
    brokenSignatureAt: broken >= 0 ? broken : undefined,
    rootFromCatalogue: result.chain.some((link) => link.fromCatalogue),
    rootSha384: top ? createHash('sha384').update(top.der).digest('hex').toUpperCase() : undefined,
    ...judging,
  });
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
  return inspected;
}

