import { z } from 'zod';
import type { InspectResult, PlanResult, RootEntry } from '../dto';
import { MAX_FILE_BYTES, operation } from './operation';

const hex = z.string().regex(/^[0-9A-Fa-f:\s]+$/, 'hexadecimal');

export const FileBytes = z.object({
  /** Shown to the user and echoed as `file`; never used to open anything. */
  fileName: z.string().min(1).max(1024),
  /** The file's bytes, base64. A little slack over 4/3 so the engine, not the schema, reports `too-large`. */
  contentBase64: z.string().max(Math.ceil((MAX_FILE_BYTES * 4) / 3) + 1024 * 1024),
});

export const InspectInput = FileBytes.extend({
  password: z.string().max(1024).optional(),
  dnsSuffixes: z.array(z.string().min(1).max(253)).max(64).optional(),
  trustRootHashes: z.array(hex.max(200)).max(64).optional(),
  includeViews: z.boolean().optional(),
});
export type InspectInput = z.infer<typeof InspectInput>;

export const PlanInput = z.object({
  suffixes: z.array(z.string().min(1).max(253)).min(1).max(256),
  servers: z.array(z.string().min(1).max(253)).max(256).optional(),
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
