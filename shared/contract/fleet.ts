// Issue [10] item 4: the fleet view. Many certificate files (several provisioning servers' exports) judged at once,
// one row per file: server CN, DNS suffixes it serves, expiry with warnings at 60/30/1 days, readiness per firmware
// generation, and what to do. `certdesk check DIR` reads a folder; the app's Fleet view sends files in batches.
import { z } from 'zod';
import { FileBytes } from './inspect';
import { operation } from './operation';

/** Files per `fleet.check` call, and their total size: a page sends a big folder in several batches. */
export const FLEET_BATCH_FILES = 50;
export const FLEET_BATCH_BYTES = 32 * 1024 * 1024;

/** Expiry warnings (days left), as rps #1171 asks: 60, 30 and 1 day before. */
export const EXPIRY_WARNING_DAYS = [60, 30, 1] as const;

export const FleetCheckInput = z
  .object({
    files: z.array(FileBytes.extend({ password: z.string().max(1024).optional() })).min(1).max(FLEET_BATCH_FILES),
    /** Tried on every PFX that needs one (a file with another password is listed as "needs a password"). */
    password: z.string().max(1024).optional(),
    amtVersions: z.array(z.string().min(1).max(32)).max(16).optional(),
    trustRootHashes: z.array(z.string().regex(/^[0-9A-Fa-f:\s]+$/).max(200)).max(64).optional(),
  })
  .refine((input) => input.files.reduce((n, f) => n + f.contentBase64.length, 0) <= Math.ceil((FLEET_BATCH_BYTES * 4) / 3), {
    message: `a batch holds at most ${FLEET_BATCH_BYTES / 1048576} MiB of files; send the rest in another call`,
  });
export type FleetCheckInput = z.infer<typeof FleetCheckInput>;

export type FleetStatus = 'ready' | 'not-ready' | 'needs-password' | 'unreadable';

/** days left ≤ 60 / 30 / 1, or already expired. */
export type ExpiryWarning = 'expired' | '1-day' | '30-days' | '60-days' | null;

export interface FleetGeneration {
  id: string;
  /** "AMT 11", "AMT 12–15", "AMT 16 and later". */
  name: string;
  ready: boolean;
  /** Part of the overall verdict (asked for, or in service). */
  asked: boolean;
}

export interface FleetRow {
  /** The path relative to the folder (CLI) or the file name (app). */
  file: string;
  status: FleetStatus;
  format: string | null;
  /** The leaf's CN: the provisioning server's FQDN. */
  serverCn: string | null;
  /** DHCP option 15 suffixes this certificate serves (engine: amt/dns.ts servableSuffixes). */
  suffixes: string[];
  notAfter: string | null;
  daysLeft: number | null;
  expiryWarning: ExpiryWarning;
  /** AMT 11 / 12–15 / 16+ (the proposed AMT 22 row is left out of the table). */
  generations: FleetGeneration[];
  ready: boolean;
  /** What to do: the first failing check's fix, short (empty when ready). */
  todo: string;
  /** The first failing check's id (for scripts). */
  failing?: string;
  /** Why the file could not be judged (status needs-password / unreadable). */
  error?: { code: string; message: string };
  sha256?: string;
}

export interface FleetTotals {
  files: number;
  ready: number;
  notReady: number;
  needsPassword: number;
  unreadable: number;
  /** Rows whose days left are within each warning (a row counts in the smallest one that applies). */
  expiring: { expired: number; within1: number; within30: number; within60: number };
}

export interface FleetResult {
  rows: FleetRow[];
  totals: FleetTotals;
  /** CLI folder walk: what was not read (symbolic links are never followed). */
  skipped?: { symlinks: number; otherFiles: number; tooDeep: number; overLimit: number };
}

export const fleetOperations = {
  'fleet.check': operation<FleetResult>()(FleetCheckInput),
};
