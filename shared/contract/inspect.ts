import { z } from 'zod';
import type { InspectResult, PlanResult, RootEntry } from '../dto';
import { MAX_FILE_BYTES, operation } from './operation';

const hex = z.string().regex(/^[0-9A-Fa-f:\s]+$/, 'hexadecimal');

/** A DNS name (253 characters at most, RFC 1035). */
const DnsName = z.string().min(1).max(253);

/** DHCP option 15 suffixes a certificate is checked against (inspect/check, request.complete, verify). */
export const DnsSuffixes = z.array(DnsName).max(64);

export const FileBytes = z.object({
  /** Shown to the user and echoed as `file`; never used to open anything. */
  fileName: z.string().min(1).max(1024),
  /** The file's bytes, base64. A little slack over 4/3 so the engine, not the schema, reports `too-large`. */
  contentBase64: z.string().max(Math.ceil((MAX_FILE_BYTES * 4) / 3) + 1024 * 1024),
});

/** CA bundles (--ca-bundle, repeatable): certificate files whose CA certificates join the issuer paths of chain repair. */
/** At most this many CA bundle files per call (the CLI's --ca-bundle, the app's Add CA certificates…). */
export const MAX_CA_BUNDLES = 16;
export const CaBundles = z.array(FileBytes).max(MAX_CA_BUNDLES);

export const InspectInput = FileBytes.extend({
  password: z.string().max(1024).optional(),
  dnsSuffixes: DnsSuffixes.optional(),
  trustRootHashes: z.array(hex.max(200)).max(64).optional(),
  /** AMT firmware majors to judge ("11", "16.1.27"); none = every generation in service. */
  amtVersions: z.array(z.string().min(1).max(32)).max(16).optional(),
  /** A device's root hash list (rpc amtinfo --cert --json, MeshCentral amthashes, or one hash per line). */
  deviceHashes: z.object({ fileName: z.string().min(1).max(1024), text: z.string().max(1024 * 1024) }).optional(),
  includeViews: z.boolean().optional(),
  caBundles: CaBundles.optional(),
});
export type InspectInput = z.infer<typeof InspectInput>;

export const PlanInput = z.object({
  suffixes: z.array(DnsName).min(1).max(256),
  servers: z.array(DnsName).max(256).optional(),
  organization: z.string().max(64).optional(),
});
export type PlanInput = z.infer<typeof PlanInput>;

export const Empty = z.object({}).strict();

export const inspectOperations = {
  /** `certdesk inspect` and `certdesk check` (the same document; only the CLI's exit code differs). */
  inspect: operation<InspectResult>()(InspectInput),
  roots: operation<RootEntry[]>()(Empty),
  plan: operation<PlanResult>()(PlanInput),
};
