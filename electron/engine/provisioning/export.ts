// export-provisioning: a PFX (exported by the engine from a completed request, or a file the user has) judged by the
// target server's own rules, then turned into the file(s) that server takes. The PFX export is the engine's
// (requests/service.ts exportPfx: full chain or `incomplete-chain`, key checked against the request, read back);
// nothing here writes a PFX of its own.
import type { ProvisioningCheckResult, ProvisioningExportResult, ProvisioningFileInfo, ProvisioningInput } from '../../../shared/contract/provisioning';
import { safeFileName } from '../../../shared/contract/files';
import { CertDeskError } from '../../../shared/errors';
import { MAX_FILE_BYTES } from '../../../shared/contract/operation';
import { inspectBytes } from '../inspect';
import { exportPfx } from '../requests/service';
import { judgeForMeshCentral, meshCentralFragment } from './meshcentral';
import { judgeForRps, rpsDomainProfile } from './rps';
import { defaultName, verdict } from './rules';

export interface PreparedFile {
  info: ProvisioningFileInfo;
  bytes: Buffer;
}

export interface Prepared {
  check: ProvisioningCheckResult;
  files: PreparedFile[];
}

const SERVER_NAMES = { rps: 'rps', meshcentral: 'MeshCentral' } as const;

/** rps's default domain suffix: the CN without its host label (prov1.corp.example.com → corp.example.com). */
export function defaultDomainSuffix(cn: string | null): string {
  if (!cn) return '';
  const labels = cn.replace(/^\*\./, '').split('.');
  return labels.length >= 3 ? labels.slice(1).join('.') : labels.join('.');
}

async function sourcePfx(input: ProvisioningInput): Promise<{ pfx: Buffer; fileName: string; requestId?: string }> {
  if (input.source.kind === 'file') {
    const pfx = Buffer.from(input.source.file.contentBase64, 'base64');
    if (pfx.length > MAX_FILE_BYTES) throw new CertDeskError('too-large', 'Certificate files over 10 MiB are refused.');
    return { pfx, fileName: input.source.file.fileName };
  }
  const exported = await exportPfx({ idOrThumbprint: input.source.idOrThumbprint, password: input.password, legacy: input.legacy });
  if (!exported.pfxBase64) throw new CertDeskError('internal', 'The engine returned no PFX bytes.');
  return { pfx: Buffer.from(exported.pfxBase64, 'base64'), fileName: `${exported.cn}.pfx`, requestId: exported.requestId };
}

/** Judges the PFX for the target and builds the files it takes (in memory; the caller decides what to write). */
export async function prepareProvisioning(input: ProvisioningInput, now: Date = new Date()): Promise<Prepared> {
  const { pfx, fileName, requestId } = await sourcePfx(input);
  // The engine reads the file first (limits, wrong password, format); node-forge only sees what it accepted.
  const inspected = inspectBytes({ fileName, bytes: pfx, password: input.password, now, ...(input.domainSuffix ? { dnsSuffixes: [input.domainSuffix] } : {}) });
  if (inspected.format !== 'pkcs12') {
    throw new CertDeskError('usage', `${fileName} is ${inspected.format}, not a PFX: provisioning servers take a PFX with the key and the full chain (certdesk export-pfx makes one).`);
  }
  const leafCn = inspected.leaf?.subjectAttributes.find((a) => a.type === 'CN')?.value ?? null;
  const name = input.name ?? defaultName(leafCn);
  const server = SERVER_NAMES[input.target];
  const base: Omit<ProvisioningCheckResult, 'accepted' | 'refusedBy' | 'summary' | 'rules'> = {
    target: input.target,
    server,
    leaf: inspected.leaf
      ? { subject: inspected.leaf.subject, cn: leafCn, sha1: inspected.leaf.sha1, sha256: inspected.leaf.sha256, notAfter: inspected.leaf.notAfter }
      : null,
    certificates: inspected.chain.length + inspected.others.length,
    name,
    readiness: { ready: inspected.amt.ready, summary: inspected.amt.summary },
    ...(requestId ? { requestId } : {}),
  };

  if (input.target === 'rps') {
    const domainSuffix = input.domainSuffix ?? defaultDomainSuffix(leafCn);
    const judged = judgeForRps(pfx, input.password, name, domainSuffix, now);
    const check: ProvisioningCheckResult = { ...base, domainSuffix, ...verdict(server, judged.rules), rules: judged.rules };
    const profile = rpsDomainProfile(pfx, input.password, name, domainSuffix, judged.expirationDate);
    const file: PreparedFile = {
      info: { role: 'rps-domain', fileName: `${safeFileName(name, 'provisioning')}.rps-domain.json`, secret: true },
      bytes: Buffer.from(JSON.stringify(profile, null, 2) + '\n', 'utf8'),
    };
    return { check, files: [file] };
  }

  const judged = judgeForMeshCentral(pfx, input.password, name);
  const check: ProvisioningCheckResult = {
    ...base,
    ...(judged.matchName ? { matchName: judged.matchName } : {}),
    ...verdict(server, judged.rules),
    rules: judged.rules,
  };
  const pfxName = `${safeFileName(name, 'provisioning')}.pfx`;
  const fragment = meshCentralFragment(name, pfxName, input.password);
  return {
    check,
    files: [
      { info: { role: 'meshcentral-pfx', fileName: pfxName, secret: true }, bytes: pfx },
      {
        info: { role: 'meshcentral-config', fileName: `${safeFileName(name, 'provisioning')}.meshcentral-config.json`, secret: true },
        bytes: Buffer.from(JSON.stringify(fragment, null, 2) + '\n', 'utf8'),
      },
    ],
  };
}

export async function checkProvisioning(input: ProvisioningInput): Promise<ProvisioningCheckResult> {
  return (await prepareProvisioning(input)).check;
}

/** One file per call (a page saves one file at a time): rps's profile, or MeshCentral's PFX or config entry. */
export async function exportProvisioning(input: ProvisioningInput): Promise<ProvisioningExportResult> {
  const prepared = await prepareProvisioning(input);
  if (!prepared.check.accepted) {
    throw new CertDeskError('usage', `${prepared.check.summary} Nothing was written.`);
  }
  const wanted = input.target === 'meshcentral' && input.part === 'config' ? 'meshcentral-config' : input.target === 'rps' ? 'rps-domain' : 'meshcentral-pfx';
  const file = prepared.files.find((f) => f.info.role === wanted) ?? prepared.files[0];
  return { ...prepared.check, files: prepared.files.map((f) => f.info), file: file.info, fileBase64: file.bytes.toString('base64') };
}
