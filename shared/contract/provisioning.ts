// Operations of issue [10] item 2: export to the provisioning servers people run today.
//   provisioning.check  — the target server's own upload/loader rules, judged here (no file is made);
//   provisioning.export — the file the server takes: rps's domain profile JSON (POST /api/v1/admin/domains),
//                         or for MeshCentral the PFX (part "pfx") and its `AmtAcmActivation` entry (part "config").
// Every file made here holds the key or its password: a secret file (shared/contract/files.ts), never shown to a page.
import { z } from 'zod';
import { FileBytes } from './inspect';
import { operation } from './operation';

export const ProvisioningTarget = z.enum(['rps', 'meshcentral']);
export type ProvisioningTarget = z.infer<typeof ProvisioningTarget>;

/** rps's rule for a domain profile name (src/routes/admin/domains/domain.ts, `matches('^[a-zA-Z0-9_-]+$')`). */
export const PROFILE_NAME = /^[A-Za-z0-9_-]+$/;

export const ProvisioningSource = z.union([
  /** A completed request in CertDesk's store: the engine exports its PFX (full chain required). */
  z.object({ kind: z.literal('request'), idOrThumbprint: z.string().min(1).max(128) }),
  /** A PFX the user has: re-read, judged, and used as it is. */
  z.object({ kind: z.literal('file'), file: FileBytes }),
]);
export type ProvisioningSource = z.infer<typeof ProvisioningSource>;

export const ProvisioningInput = z.object({
  source: ProvisioningSource,
  target: ProvisioningTarget,
  /** For a request: the new PFX's password. For a file: the file's own password (the server gets the same). */
  password: z.string().min(1).max(1024),
  /** rps profileName / MeshCentral certificate entry name; default from the CN. */
  name: z.string().min(1).max(64).optional(),
  /** rps domainSuffix; default: the CN without its first label. */
  domainSuffix: z.string().min(1).max(253).optional(),
  /** 3DES + SHA-1 MAC for a request's PFX (both servers read either; default AES-256). */
  legacy: z.boolean().optional(),
  /** MeshCentral only: which of its two files this call makes (a page saves one file per call). Default "pfx". */
  part: z.enum(['pfx', 'config']).optional(),
});
export type ProvisioningInput = z.infer<typeof ProvisioningInput>;

export type ServerRuleStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** One of the server's own rules, judged by CertDesk. `id` is stable (scripts match on it); the list only grows. */
export interface ServerRule {
  id: string;
  status: ServerRuleStatus;
  /** What CertDesk found, in CertDesk's words. */
  message: string;
  /** What to do when it fails. */
  fix?: string;
  /** The server's own words when it refuses (so a user can match a log line). */
  serverSays?: string;
  /** Where the rule is in the server's sources (file, line, commit). */
  source: string;
}

export interface ProvisioningFileInfo {
  role: 'rps-domain' | 'meshcentral-pfx' | 'meshcentral-config';
  /** Bare file name. */
  fileName: string;
  /** Holds the key or its password: written owner-only (0600). */
  secret: boolean;
  /** Written by the CLI (absolute path). */
  path?: string;
}

export interface ProvisioningCheckResult {
  target: ProvisioningTarget;
  /** "rps" or "MeshCentral". */
  server: string;
  /** No rule fails: the server will take the certificate. */
  accepted: boolean;
  /** The first failing rule: what the server will refuse it for. */
  refusedBy?: string;
  /** One line, verdict first. */
  summary: string;
  rules: ServerRule[];
  leaf: { subject: string; cn: string | null; sha1: string; sha256: string; notAfter: string } | null;
  certificates: number;
  /** rps profileName or MeshCentral entry name. */
  name: string;
  /** rps: the domainSuffix written. */
  domainSuffix?: string;
  /** MeshCentral: the name it matches a device's trusted FQDN against (its per-TLD depth table applied to the CN). */
  matchName?: string;
  /** CertDesk's own AMT verdict for the same PFX (`check`'s one line). */
  readiness: { ready: boolean; summary: string };
  /** For a request: the request id the PFX came from. */
  requestId?: string;
}

export interface ProvisioningExportResult extends ProvisioningCheckResult {
  /** What the export makes (the CLI writes all; a page call gets `file` only). */
  files: ProvisioningFileInfo[];
  /** The file this call delivers (a page call's one file). */
  file: ProvisioningFileInfo;
  /** Its bytes for in-process callers; the page transports take them out (shared/contract/files.ts). */
  fileBase64?: string;
  download?: { url: string; fileName: string };
  saved?: { path: string };
}

export const provisioningOperations = {
  'provisioning.check': operation<ProvisioningCheckResult>()(ProvisioningInput),
  'provisioning.export': operation<ProvisioningExportResult>()(ProvisioningInput),
};
