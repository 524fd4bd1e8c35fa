// Operations of issue [10] item 3, chain repair:
//   chain.paths  — the issuer paths the certificates at hand make (the file's, the CA bundles', the catalogue's
//                  roots), the one chosen and why each other one fails; nothing is made (`repair-chain --dry-run`);
//   chain.repair — the file with exactly the chosen path: a PFX with the key (protected by `outPassword`, default
//                  the file's own password), or for a file without a key a PKCS#7 bundle (.p7b) of the path.
// chain.repair's file holds the key: a secret file (shared/contract/files.ts), never shown to a page.
import { z } from 'zod';
import type { AmtReport, CertSummary, ChainRepair, ContainerFormat } from '../dto';
import { InspectInput } from './inspect';
import { operation } from './operation';
import type { ExportPfxResult, FileDownload, SavedFile } from './requests';

export const ChainPathsInput = InspectInput.omit({ includeViews: true });
export type ChainPathsInput = z.infer<typeof ChainPathsInput>;

export const ChainRepairInput = ChainPathsInput.extend({
  /** The new PFX's password (never empty); absent: the file's own password. The CLI takes it from an environment variable or a prompt. */
  outPassword: z.string().min(1).max(1024).optional(),
  /** 'pfx' (key + path; needs a key that matches the leaf) or 'p7b' (the path only). Default: 'pfx' when the file holds a key, else 'p7b'. */
  output: z.enum(['pfx', 'p7b']).optional(),
  /** 3DES + SHA-1 MAC for Windows Server 2016 and older (default AES-256 + SHA-256). */
  legacy: z.boolean().optional(),
  /** Friendly name on the key and the leaf; default: the file's own, else the CN. */
  friendlyName: z.string().min(1).max(64).optional(),
});
export type ChainRepairInput = z.infer<typeof ChainRepairInput>;

export interface ChainPathsResult {
  file: string;
  format: ContainerFormat;
  hasPrivateKey: boolean;
  keyMatchesLeaf?: boolean;
  leaf: CertSummary;
  /** The file as it is: its certificates (SHA-256, file order) and its verdict (what `check` says). */
  asIs: { certificates: string[]; ready: boolean; summary: string };
  /**
   * The verdict of a file holding exactly the chosen path; `chainReady`: no chain check (signature hash, root, chain,
   * CA keys, dates) fails for an asked generation — the part a path can fix (repair-chain's exit code).
   */
  repaired: { ready: boolean; chainReady: boolean; summary: string; report: AmtReport };
  repair: ChainRepair;
  /** The command line that writes the repaired file (what the app shows beside its own export button). */
  command: string;
}

export interface ChainRepairResult extends ChainPathsResult {
  output: {
    format: 'pfx' | 'p7b';
    /** The suggested bare file name: `<file>-repaired.pfx` (or `.p7b`). */
    fileName: string;
    /** SHA-256 of each certificate written, leaf first, root last: exactly the chosen path. */
    sha256s: string[];
    /** PFX only: the key's SubjectPublicKeyInfo SHA-256, the encryption and the friendly name. */
    spkiSha256?: string;
    encryption?: ExportPfxResult['encryption'];
    friendlyName?: string;
  };
  /** The file's bytes for in-process callers (the CLI); the page transports take them out (shared/contract/files.ts). */
  fileBase64?: string;
  download?: FileDownload;
  saved?: SavedFile;
}

export const repairOperations = {
  'chain.paths': operation<ChainPathsResult>()(ChainPathsInput),
  'chain.repair': operation<ChainRepairResult>()(ChainRepairInput),
};
