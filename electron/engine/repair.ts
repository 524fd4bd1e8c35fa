// The repair-chain service (issue [10] item 3): read the file (and any CA bundle), let chain-repair.ts choose the
// issuer path, and write a file holding exactly that path: a PFX with the key (PKCS#12 writer of export-pfx), or,
// for a file without a key, a certificates-only PKCS#7 (.p7b). What is written is read back with the engine's own
// reader and compared before it is returned (the CLI writes it atomically; the page transports deliver it).
import { createHash } from 'node:crypto';
import type { ChainPathsInput, ChainPathsResult, ChainRepairInput, ChainRepairResult } from '../../shared/contract/repair';
import { CertDeskError } from '../../shared/errors';
import { chainReady } from './amt/chain-repair';
import { type InspectDetail, type InspectRequest, inspectDetail } from './inspect';
import type { BundleFile } from './pki/chain-paths';
import { keyMatchesCertificate } from './pki/keys';
import { readContainer } from './pki/read';
import type { Certificate } from './pki/x509';
import { explicit, integer, oid, sequence, tlv } from './pki/der-write';
import { pfxProfile, writePfx } from './pki/pkcs12/write';

export type RepairRequest = Omit<InspectRequest, 'includeViews' | 'chainRepair'>;

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_DATA = '1.2.840.113549.1.7.1';

/** A certificates-only PKCS#7 SignedData (what `openssl crl2pkcs7 -nocrl` and Windows' .p7b export write), certificates in the order given. */
export function certsOnlyPkcs7(ders: Buffer[]): Buffer {
  const signedData = sequence(
    integer(1),
    tlv(0x31, Buffer.alloc(0)), // digestAlgorithms: none
    sequence(oid(OID_DATA)), // encapContentInfo without content
    tlv(0xa0, Buffer.concat(ders)), // certificates [0] IMPLICIT
    tlv(0x31, Buffer.alloc(0)), // signerInfos: none
  );
  return sequence(oid(OID_SIGNED_DATA), explicit(0, signedData));
}

interface Analysis {
  detail: InspectDetail;
  leaf: Certificate;
  paths: ChainPathsResult;
}

function analyse(request: RepairRequest): Analysis {
  const detail = inspectDetail({ ...request, includeViews: false, chainRepair: 'always' });
  const { result, plan, built } = detail;
  if (!plan || !built?.leaf || !result.leaf) {
    throw new CertDeskError(
      'unsupported-format',
      result.request
        ? `${request.fileName} is a certificate request: there is no chain to repair until the CA issues the certificate.`
        : `${request.fileName} holds no certificate whose chain could be repaired.`,
    );
  }
  const paths: ChainPathsResult = {
    file: result.file,
    format: result.format,
    hasPrivateKey: result.hasPrivateKey,
    ...(result.keyMatchesLeaf !== undefined ? { keyMatchesLeaf: result.keyMatchesLeaf } : {}),
    leaf: result.leaf,
    asIs: { certificates: detail.container.certificates.map((c) => c.sha256.toUpperCase()), ready: result.amt.ready, summary: result.amt.summary },
    repaired: { ready: plan.chosen.report.ready, chainReady: chainReady(plan.chosen.report), summary: plan.chosen.report.summary, report: plan.chosen.report },
    repair: plan.repair,
    command: plan.repair.command,
  };
  return { detail, leaf: built.leaf, paths };
}

/** `chain.paths` (repair-chain --dry-run): the paths, the choice and the reasons; nothing is made. */
export function chainPaths(request: RepairRequest): ChainPathsResult {
  return analyse(request).paths;
}

function stemOf(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? 'certificate').replace(/\.[A-Za-z0-9]{1,4}$/, '') || 'certificate';
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').toUpperCase();

function mismatch(what: string): CertDeskError {
  return new CertDeskError('internal', `The repaired file did not read back as written (${what}); nothing was saved.`);
}

/** `chain.repair`: the file with exactly the chosen path (a PFX with the key, or a .p7b without one). */
export function repairChain(request: RepairRequest & Pick<ChainRepairInput, 'outPassword' | 'output' | 'legacy' | 'friendlyName'>): ChainRepairResult {
  const { detail, leaf, paths } = analyse(request);
  const plan = detail.plan!;
  if (!plan.chosen.complete) {
    const top = plan.repair.chosen.links[plan.repair.chosen.links.length - 1];
    throw new CertDeskError(
      'incomplete-chain',
      `No issuer path of "${paths.repair.chosen.links[0].name}" reaches a root: the issuer of "${top.name}" (${top.issuer}) is in neither the file${plan.repair.bundles.length ? ', the CA bundles' : ''} nor the AMT root catalogue. Give the CA's certificates with --ca-bundle (the .p7b or .pem your CA publishes); nothing was written.`,
    );
  }
  const certs = plan.chosen.certs.map((p) => p.cert);
  const sha256s = certs.map((c) => c.sha256.toUpperCase());
  const key = detail.container.privateKeys.find((k) => keyMatchesCertificate(k, leaf));
  const output = request.output ?? (detail.container.privateKeys.length ? 'pfx' : 'p7b');
  const base = `${stemOf(request.fileName)}-repaired`;

  if (output === 'p7b') {
    const bytes = certsOnlyPkcs7(certs.map((c) => c.der));
    const back = readContainer(bytes).certificates.map((c) => c.sha256.toUpperCase());
    if (back.join() !== sha256s.join()) throw mismatch('the certificates differ');
    return { ...paths, output: { format: 'p7b', fileName: `${base}.p7b`, sha256s }, fileBase64: bytes.toString('base64') };
  }

  if (detail.container.privateKeys.length === 0) {
    throw new CertDeskError(
      'usage',
      `${request.fileName} has no private key, and a PFX for the provisioning server needs one: repair the PFX that holds the key, or write the repaired chain as a certificate bundle (--out ${base}.p7b).`,
    );
  }
  if (!key) {
    throw new CertDeskError('key-mismatch', `The private key in ${request.fileName} does not belong to "${paths.repair.chosen.links[0].name}": no PFX was made.`);
  }
  const password = request.outPassword ?? request.password;
  if (!password) {
    throw new CertDeskError('usage', 'The repaired PFX needs a password (an empty one is refused: anyone could open the file and take the key).');
  }
  const friendlyName = request.friendlyName ?? detail.container.friendlyNames[leaf.sha256] ?? paths.repair.chosen.links[0].name;
  const spkiSha256 = sha256(key.spki);
  const bytes = writePfx({ pkcs8: key.pkcs8, leaf: leaf.der, chain: certs.slice(1).map((c) => c.der), password, friendlyName, legacy: request.legacy });
  // Read back: one key, the leaf's, and exactly the chosen path's certificates.
  const back = readContainer(bytes, password);
  if (back.privateKeys.length !== 1 || sha256(back.privateKeys[0].spki) !== spkiSha256) throw mismatch('the key differs');
  const backCerts = back.certificates.map((c) => c.sha256.toUpperCase());
  if (backCerts.length !== sha256s.length || sha256s.some((s) => !backCerts.includes(s))) throw mismatch('the certificates differ');
  return {
    ...paths,
    output: { format: 'pfx', fileName: `${base}.pfx`, sha256s, spkiSha256, encryption: pfxProfile(request.legacy).encryption, friendlyName },
    fileBase64: bytes.toString('base64'),
  };
}

/** The contract's uploads as the engine takes them. */
export function requestFromInput(input: ChainPathsInput, decode: (base64: string) => Buffer): RepairRequest {
  const { caBundles, contentBase64, ...rest } = input;
  const bundles: BundleFile[] | undefined = caBundles?.map((b) => ({ fileName: b.fileName, bytes: decode(b.contentBase64) }));
  return { ...rest, bytes: decode(contentBase64), ...(bundles ? { caBundles: bundles } : {}) };
}
