// Operations of issue [3]: certificate requests (key + CSR), completion with the CA's reply, PFX export,
// expiry reminders. Private keys never cross this boundary: only CSRs, certificates and summaries. The
// password-protected PFX the user asked for goes to a file (the CLI's --out, Electron's save dialog, the
// preview's one-time download), never to the renderer: see shared/contract/files.ts.
import { z } from 'zod';
import type { AmtReport, CertSummary, NameAttribute } from '../dto';
import type { ErrorCode } from '../errors';
import { DnsSuffixes, FileBytes } from './inspect';
import { operation } from './operation';

/** A request id (12 lowercase hex characters; a unique prefix of at least 4 is accepted). */
const RequestId = z.string().trim().min(4).max(64).regex(/^[0-9A-Fa-f]+$/, 'a request id (hexadecimal)');

/** Longest friendly name of a request, in characters (code points), after trimming. */
export const REQUEST_NAME_MAX = 64;

/**
 * Not printable in a name: control characters (C0, DEL, C1), invisible format characters (bidi overrides,
 * zero-width characters, BOM), lone surrogates, and the line/paragraph separators.
 */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** Why `raw` is not a request's friendly name (null when it is one). The contract's rule; the wizard shows it live. */
export function requestNameProblem(raw: string): string | null {
  const name = raw.trim();
  if (!name) return 'The name is empty.';
  if (NON_PRINTABLE.test(name)) return 'The name holds a control or invisible character; use printable characters only.';
  const length = [...name].length;
  if (length > REQUEST_NAME_MAX) return `The name is ${length} characters; at most ${REQUEST_NAME_MAX}.`;
  return null;
}

/** A request's friendly name: trimmed, 1–64 printable characters. */
export const RequestName = z
  .string()
  .max(1024)
  .trim()
  .superRefine((name, ctx) => {
    const problem = requestNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const RequestNewInput = z.object({
  /** The user's friendly name for the request (shown in lists; the default PFX friendly name). */
  name: RequestName.optional(),
  /** FQDN of the provisioning server (validated as a host name; lower-cased). */
  cn: z.string().min(1).max(253),
  /** The DNS context (suffix), e.g. corp.example.com. */
  org: z.string().min(1).max(64),
  /** 2048 (default, what every AMT version supports), 3072 or 4096 (with a warning); 1024 is refused. */
  keySize: z.number().int().optional(),
  country: z.string().max(2).optional(),
  state: z.string().max(128).optional(),
  locality: z.string().max(128).optional(),
});
export type RequestNewInput = z.infer<typeof RequestNewInput>;

export const RequestIdInput = z.object({ id: RequestId });
export type RequestIdInput = z.infer<typeof RequestIdInput>;

export const RequestCompleteInput = FileBytes.extend({
  /** Extra certificates (intermediates/root) when the CA sent them separately. */
  chain: FileBytes.optional(),
  /** DHCP option 15 suffixes to check the certificate against (optional). */
  dnsSuffixes: DnsSuffixes.optional(),
});
export type RequestCompleteInput = z.infer<typeof RequestCompleteInput>;

/** A completed request: its id (or a unique prefix), or its certificate's SHA-1 (Windows thumbprint) or SHA-256. */
export const RequestOrThumbprint = z.string().trim().min(4).max(128);

export const ExportPfxInput = z.object({
  /** A request id, or the leaf certificate's SHA-1 (Windows thumbprint) or SHA-256. */
  idOrThumbprint: RequestOrThumbprint,
  /** Never empty; the CLI takes it from an environment variable, stdin or a prompt (never argv). */
  password: z.string().min(1, 'an empty PFX password is refused').max(1024),
  /** 3DES + SHA-1 MAC for Windows Server 2016 and older (default: AES-256-CBC + PBKDF2-SHA256 + SHA-256 MAC). */
  legacy: z.boolean().optional(),
  /** Friendly name on the key and the leaf (default: the request's name, else the CN). */
  friendlyName: z.string().min(1).max(256).optional(),
  /**
   * Export even when the stored chain does not reach a root (otherwise `incomplete-chain`). The PFX then lacks
   * the issuer(s) AMT needs to verify it: rpc-go/RPS refuse it, and Windows has to find them elsewhere.
   */
  allowIncompleteChain: z.boolean().optional(),
});
export type ExportPfxInput = z.infer<typeof ExportPfxInput>;

export const ExpiringInput = z.object({
  days: z.number().int().min(0).max(3650).optional(),
  /** Also return an iCalendar (RFC 5545) text with one reminder per certificate. */
  ics: z.boolean().optional(),
  /** One calendar alarm this many days before expiry (default: three alarms, 60, 30 and 1 day before). */
  alarmDays: z.number().int().min(0).max(365).optional(),
});
export type ExpiringInput = z.infer<typeof ExpiringInput>;

export type RequestStatus = 'pending' | 'completed';

/** A stored request as lists show it (no key material, ever). */
export interface RequestInfo {
  id: string;
  /** ISO 8601 UTC. */
  created: string;
  status: RequestStatus;
  /** The friendly name given at `request.new` (absent when none was given). */
  name?: string;
  /** RFC 4514, most specific first. */
  subject: string;
  subjectAttributes: NameAttribute[];
  cn: string;
  org: string;
  keySize: number;
  /** SHA-256 of the CSR's DER, uppercase hex. */
  csrSha256: string;
  /** SHA-256 of the key's SubjectPublicKeyInfo DER: how certificates find their key. */
  spkiSha256: string;
  completed?: string;
  /** The issued certificate, once completed. */
  certificate?: {
    sha1: string;
    sha256: string;
    notAfter: string;
    daysLeft: number;
    issuer: string;
    /**
     * Whether the stored chain reaches a root (stored, or from the AMT root catalogue). `incomplete`: export-pfx and
     * the install flows refuse it (`incomplete-chain`) until the CA's chain is added with `request complete`.
     */
    chain: 'complete' | 'incomplete';
    /** RFC 4514 name of the issuer the chain lacks (when incomplete). */
    missingIssuer?: string;
  };
}

export interface RequestNewResult extends RequestInfo {
  /** "-----BEGIN CERTIFICATE REQUEST-----\n", 64-character base64 lines, "-----END CERTIFICATE REQUEST-----\n". */
  csrPem: string;
  /** The engine's key-size warning (key sizes other than 2048). */
  keySizeWarning?: string;
}

export interface RequestShowResult extends RequestInfo {
  csrPem: string;
  /** Leaf first, root last (when completed). */
  chain: CertSummary[];
}

export interface RequestListResult {
  requests: RequestInfo[];
}

export interface RequestDeleteResult {
  id: string;
  deleted: true;
  /** Certificates removed with it (the leaf, and chain certificates no other request uses). */
  certificatesRemoved: number;
}

export interface RequestCompleteResult {
  /** The request the certificate's public key belongs to. */
  request: RequestInfo;
  leaf: CertSummary;
  /** Leaf first, root last (catalogue root added when the CA did not send it). */
  chain: CertSummary[];
  /**
   * True when the request was already completed with this certificate: only chain certificates the file carries
   * that were not stored yet are added (`chainAdded`); a file of CA certificates alone (the CA's .p7b) counts too.
   */
  alreadyCompleted: boolean;
  /** Chain certificates this call added to an already completed request (0 on a first completion, or nothing new). */
  chainAdded: number;
  /** The stored chain now reaches a root (what export-pfx and the install flows require). */
  chainComplete: boolean;
  /** Other completed requests whose chain the same CA certificates completed (ids). */
  alsoUpdated?: string[];
  amt: AmtReport;
}

export interface ExportPfxResult {
  requestId: string;
  leaf: { sha1: string; sha256: string; subject: string };
  /** Certificates in the file: the leaf and its chain up to the root when known. */
  certificates: number;
  /** SHA-256 of each certificate in the file, leaf first, root last. */
  sha256s: string[];
  /** SHA-256 of the key's SubjectPublicKeyInfo (the request's spkiSha256). */
  spkiSha256: string;
  chainComplete: boolean;
  friendlyName: string;
  encryption: 'aes-256-cbc/pbkdf2-sha256/mac-sha256' | '3des/mac-sha1';
  /** The request's CN: the suggested file name (`<cn>.pfx`, see shared/contract/files.ts) is made of it. */
  cn: string;
  /**
   * The PFX bytes (verified by reading them back), for in-process callers only: the engine, the CLI (which
   * writes them with writeFileAtomic) and handlers such as store.import's requestId path. A page never sees
   * them: both transports that serve a page take this field out (shared/contract/files.ts) and set one of
   * the two fields below instead.
   */
  pfxBase64?: string;
  /** Set by the preview server: a one-time URL (one GET, about a minute) the page navigates a hidden <a download> to. */
  download?: FileDownload;
  /** Set by Electron's IPC: main asked where to save (native dialog) and wrote the file there. */
  saved?: SavedFile;
}

/** What the engine's export.pfx returns in-process (dispatch, the CLI): the result with its bytes. */
export type ExportPfxWithBytes = Omit<ExportPfxResult, 'pfxBase64' | 'download' | 'saved'> & { pfxBase64: string };

/** A file the preview server holds for one GET (the bytes stay in the server's memory, never in page JS). */
export interface FileDownload {
  /** Same-origin path, `/download/<one-time id>`. */
  url: string;
  fileName: string;
}

/** A file Electron's main process wrote where the user chose in the save dialog. */
export interface SavedFile {
  path: string;
}

export interface ExpiringCertificate {
  sha1: string;
  sha256: string;
  subject: string;
  issuer: string;
  role: 'leaf' | 'chain';
  notAfter: string;
  /** Negative when already expired. */
  daysLeft: number;
  /** Requests this certificate belongs to (as leaf or in its chain). */
  requestIds: string[];
}

export interface ExpiringResult {
  days: number;
  now: string;
  certificates: ExpiringCertificate[];
  /** RFC 5545 text (CRLF line ends), when asked for. */
  ics?: string;
}

/** Where the vault's data key comes from: the OS keychain (default) or a passphrase (CERTDESK_VAULT=passphrase). */
export type VaultBackend = 'os-keychain' | 'passphrase';

/**
 * Whether `request.new` could store a key now (and `export.pfx` open one), checked the way they would do it
 * but without creating anything. Never carries key material, a passphrase or a keychain secret.
 */
export interface VaultStatus {
  available: boolean;
  backend: VaultBackend;
  /** The data folder already has a vault (its data key exists); false until the first key is stored. */
  created: boolean;
  /** What was checked and what was found, in one or two sentences. */
  detail: string;
  /** How to make the vault usable (set when not available). */
  fix?: string;
  /** The error `request.new` would fail with (set when not available). */
  code?: ErrorCode;
}

export const requestOperations = {
  'vault.status': operation<VaultStatus>()(z.object({}).strict()),
  'request.new': operation<RequestNewResult>()(RequestNewInput),
  'request.list': operation<RequestListResult>()(z.object({}).strict()),
  'request.show': operation<RequestShowResult>()(RequestIdInput),
  'request.delete': operation<RequestDeleteResult>()(RequestIdInput),
  'request.complete': operation<RequestCompleteResult>()(RequestCompleteInput),
  'export.pfx': operation<ExportPfxResult>()(ExportPfxInput),
  expiring: operation<ExpiringResult>()(ExpiringInput),
};
