// Data shapes that cross the boundary (CLI JSON, IPC, preview HTTP). The JSON contract of DESIGN.md:
// field names and value formats here are public; scripts depend on them.

/** One attribute of a distinguished name, in DER order. `type` is the short name (CN, OU, O, …) or the dotted OID. */
export interface NameAttribute {
  type: string;
  oid: string;
  value: string;
}

export type ContainerFormat = 'pkcs12' | 'x509-pem' | 'x509-der' | 'pkcs7' | 'pkcs10';
export type KeyAlgorithm = 'RSA' | 'EC' | 'DSA' | 'Ed25519' | 'Ed448' | 'unknown';

export interface CertSummary {
  /** RFC 4514 text, most specific first (CN=…,OU=…,O=…). */
  subject: string;
  issuer: string;
  /** DER order (least specific first, as written in the certificate). */
  subjectAttributes: NameAttribute[];
  /** Uppercase hex, as in the DER (leading zero byte removed). */
  serialNumber: string;
  /** ISO 8601 UTC. */
  notBefore: string;
  notAfter: string;
  /** Uppercase hex, no separators (a Windows thumbprint is `sha1`). */
  sha1: string;
  sha256: string;
  keyAlgorithm: KeyAlgorithm;
  /** Bits: RSA/DSA modulus, EC group order (P-256: 256), EdDSA 256/456. null only when truly unknown (an EC curve CertDesk does not know). */
  keySize: number | null;
  /** EC keys: the named curve ("P-256", "brainpoolP160r1", "secp256k1"), when known. */
  curve?: string;
  /** EC keys on a named curve: its OID (also when the name is unknown). */
  curveOid?: string;
  /** 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'MD5' | 'MD2' | … or the signature OID when unknown. */
  signatureHash: string;
  isCA: boolean;
  selfSigned: boolean;
  extendedKeyUsage: string[];
  dnsNames: string[];
}

export interface RequestSummary {
  subject: string;
  subjectAttributes: NameAttribute[];
  keyAlgorithm: KeyAlgorithm;
  /** As CertSummary.keySize: null only when truly unknown. */
  keySize: number | null;
  curve?: string;
  curveOid?: string;
  signatureValid: boolean;
  signatureHash?: string;
  dnsNames?: string[];
  extendedKeyUsage?: string[];
}

export type CheckId =
  | 'private-key'
  | 'setup-ou-or-oid'
  | 'server-auth-eku'
  | 'key-type-size'
  | 'signature-hash'
  | 'validity'
  | 'chain-complete'
  | 'root-hash-trusted'
  | 'dns-suffix';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  message: string;
  fix?: string;
}

/** The verdict for one AMT firmware generation (`amt.generations`). */
export interface GenerationVerdict {
  id: string;
  /** "AMT 11", "AMT 12–15", "AMT 16 and later", "AMT 22 (proposed)". */
  name: string;
  /** Firmware majors covered, inclusive; `to` null = and later. */
  from: number;
  to: number | null;
  /** Announced rules, not shipped firmware: never part of the default verdict. */
  proposed: boolean;
  /** Part of `ready`: asked for with --amt-version, or (none asked) in service. */
  asked: boolean;
  ready: boolean;
  /** The check ids that fail on this generation. */
  failing: CheckId[];
  /** Why it is not ready, in a few words per failing check (absent when ready). */
  reason?: string;
}

export interface AmtReport {
  /** Every asked generation is ready (for a PKCS#10 request: fit to send to the CA). */
  ready: boolean;
  /** One line, verdict first: "Ready for AMT 11–15, not for 16 and later: the root signs itself with SHA-1". */
  summary: string;
  /** What was judged: an issued certificate, or a request (ready = fit to send to the CA). */
  subject: 'certificate' | 'request';
  checks: CheckResult[];
  generations: GenerationVerdict[];
  /** The device hash list that decided root-hash-trusted, when one was given. */
  deviceHashes?: { fileName: string; source: string; active: number };
  /**
   * Chain repair (issue [10] item 3): the issuer paths the certificates at hand make (the file's, the CA bundles
   * given, the catalogue's roots), the best one and why each other one fails. Present only when more than one path
   * exists or a CA bundle was given. The verdict above still judges the chain as the file presents it.
   */
  chainRepair?: ChainRepair;
}

/** Where a certificate of an issuer path comes from. */
export type ChainPathSource = 'file' | 'bundle' | 'catalogue';

/** One certificate of an issuer path (`amt.chainRepair`). */
export interface ChainPathLink {
  sha256: string;
  /** The CN, else the RFC 4514 subject. */
  name: string;
  subject: string;
  issuer: string;
  source: ChainPathSource;
  /** For `source: 'bundle'`: the bundle's file name. */
  bundle?: string;
  signatureHash: string;
  selfSigned: boolean;
  /** Another certificate at hand has this one's subject and key with another issuer: a cross-signed CA certificate. */
  crossSigned: boolean;
}

/** One issuer path from the leaf upward, judged as a file holding exactly these certificates would be. */
export interface ChainPath {
  /** SHA-256 of each certificate, leaf first. */
  certificates: string[];
  links: ChainPathLink[];
  /** How the walk ended: at a self-signed root, at a certificate whose issuer is absent, or at the length limit. */
  end: 'root' | 'issuer-missing' | 'too-long';
  /** The top certificate when `end` is 'root'; `inFirmware` = its hash is in the AMT root catalogue or trusted with --trust-root-hash. */
  root?: { name: string; sha256: string; inFirmware: boolean };
  /** The generations this path is ready for (proposed ones only when asked). */
  readyFor: string[];
  /** Ready for every asked generation (none asked: every generation in service). */
  ready: boolean;
  /** No SHA-1 (or older) signature anywhere on the path, the root's own included. */
  sha2: boolean;
}

export interface ChainRepair {
  chosen: ChainPath;
  /** Every other path, best first, each with one sentence on why it was not chosen. */
  alternatives: (ChainPath & { reason: string })[];
  /** The file as it is presents another set of certificates than the chosen path (extra ones, or missing ones). */
  changed: boolean;
  /** The chosen path is ready for an asked generation the file as it is is not (or fails fewer chain checks). */
  better: boolean;
  /** Certificates of the file the repaired file leaves out, and why. */
  dropped: { sha256: string; name: string; reason: string; issuer: string; crossSigned: boolean }[];
  /** Certificates the repaired file adds (from a CA bundle or the catalogue), and why. */
  added: { sha256: string; name: string; source: ChainPathSource; bundle?: string; reason: string }[];
  /** The CA bundles whose certificates were considered (file names). */
  bundles: string[];
  /** A bound was reached (paths, length, work): more paths may exist than are listed. */
  truncated: boolean;
  /** The command line that writes the repaired file with these inputs (`certdesk repair-chain FILE … --out …`). */
  command: string;
}

/** `inspect` and `check` JSON (DESIGN.md). `chain` is ordered leaf first, root last; `leaf` is `chain[0]`. */
export interface InspectResult {
  file: string;
  format: ContainerFormat;
  hasPrivateKey: boolean;
  /** The private key in the file belongs to the leaf (absent when the file has no key). */
  keyMatchesLeaf?: boolean;
  leaf: CertSummary | null;
  chain: CertSummary[];
  /** Certificates in the file that are not on the leaf's chain. */
  others: CertSummary[];
  request?: RequestSummary;
  amt: AmtReport;
  /** MMC-style views, one per certificate (chain first, then others): only when asked for (the UI). */
  views?: CertView[];
  /** Certificates without a view because the file holds more than the UI shows (see `others` for all). */
  viewsOmitted?: number;
}

export interface RootEntry {
  name: string;
  sha256: string;
  sha1?: string;
  amtVersions?: string;
  source: string;
  /**
   * How the name was established: 'computed' (fingerprints recomputed from the real certificate), 'firmware-label'
   * (certificate not identified; the name is the label the firmware reports), 'unidentified', or 'reference'.
   */
  status?: string;
  /** The root's own signature hash ('SHA-1', 'SHA-256', 'SHA-384', 'MD2', 'MD5'), when the certificate is known. */
  signatureHash?: string;
  keyAlgorithm?: 'RSA' | 'EC';
  /** RSA modulus or EC curve size, in bits. */
  keySize?: number;
  /** The root certificate's expiry, ISO 8601 UTC. */
  notAfter?: string;
  /** Where signatureHash, keyAlgorithm, keySize and notAfter come from (present exactly when they are). */
  certificateSource?: string;
  /** The AMT firmware majors whose root list holds this hash, with the source (`to` absent = and later). */
  firmware?: { from: number; to?: number; removedIn?: string; source: string };
}

// ---------------------------------------------------------------- MMC-style certificate dialog

export type DetailKind = 'field' | 'extension' | 'property';

/** One row of the Details tab: `value` is the list column (single line), `detail` the lower pane (multi-line, \n). */
export interface DetailRow {
  field: string;
  value: string;
  detail: string;
  kind: DetailKind;
  /** Version 1 fields (shown by "Version 1 Fields Only"). */
  v1: boolean;
  critical: boolean;
  oid?: string;
}

export interface PathNode {
  /** Friendly name or simple display name (CN), as Windows names tree nodes. */
  displayName: string;
  sha256: string;
  /** "This certificate is OK." or the Windows wording of the problem. */
  status: string;
  ok: boolean;
}

export interface CertView {
  sha256: string;
  general: {
    /** Bold status line when the chain is not OK (Windows wording), else null and `purposes` is shown. */
    statusText: string | null;
    purposes: string[];
    issuedTo: string;
    issuedBy: string;
    /** en-US short dates in local time (M/d/yyyy), as the General tab shows them. */
    validFrom: string;
    validTo: string;
    hasPrivateKey: boolean;
    expired: boolean;
  };
  details: DetailRow[];
  /** Root first, this certificate last. */
  path: PathNode[];
  /** The certificate's DER, base64, for Copy to File… (never key material). */
  derBase64: string;
  daysLeft: number;
}

// ---------------------------------------------------------------- planner

export interface PlanCertificate {
  commonName: string;
  organization: string;
  organizationalUnit: string;
  /** The DHCP option 15 suffixes this certificate serves, and why each matches. */
  serves: { suffix: string; rule: 'suffix' | 'second-level-domain' }[];
  server: string;
}

export interface PlanResult {
  certificates: PlanCertificate[];
  notes: string[];
}
