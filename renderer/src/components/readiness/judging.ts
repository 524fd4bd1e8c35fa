// What the readiness panel judges a file with, and how a re-check ended: shared by the Inspect view's state and the
// readiness panel (which the Requests list shows too).
import type { ErrorInfo } from '../../../../shared/errors';

/** What a verdict depends on besides the file: the readiness panel's inputs and the saved settings. */
export interface Judging {
  dnsSuffixes: string[];
  /** Firmware majors asked for; empty = every generation in service. */
  amtVersions: string[];
  /** The device hash list that decides root-hash-trusted, or null (the built-in catalogue decides). */
  deviceHashes: { fileName: string; text: string } | null;
  trustRootHashes: string[];
  /**
   * CA certificate files added for this file's chain paths (Chain paths, "Add CA certificates…"): they only offer
   * issuers to chain repair, never change the verdict's chain. Not carried over to the next file.
   */
  caBundles: { fileName: string; contentBase64: string }[];
}

export type Outcome = { ok: true } | { ok: false; error: ErrorInfo };
