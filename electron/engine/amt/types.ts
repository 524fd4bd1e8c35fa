// What the readiness checks judge: public summaries plus the facts the chain builder established.
import type { CertSummary, ContainerFormat, RequestSummary } from '../../../shared/dto';

export interface CheckInput {
  format: ContainerFormat;
  /** Null for a PKCS#10 request (then `request` is set) or an empty file. */
  leaf: CertSummary | null;
  /** Leaf first, root (or the highest certificate found) last. */
  chain: CertSummary[];
  request?: RequestSummary;
  hasPrivateKey: boolean;
  /** The file's private key belongs to the leaf (undefined without a key). */
  keyMatchesLeaf?: boolean;
  /** Where the key is: in the file (default) or in CertDesk's key vault (a completed request). */
  keySource?: 'file' | 'vault';
  /** Top of chain is self-signed and every signature verifies. */
  chainComplete: boolean;
  /** Index in `chain` of the first certificate whose signature does not verify against the next one. */
  brokenSignatureAt?: number;
  /** The root is not in the file: it was completed from the embedded catalogue. */
  rootFromCatalogue: boolean;
  /** DHCP option 15 suffixes the clients get (may be empty). */
  dnsSuffixes: string[];
  /** Extra trusted root hashes (SHA-256 or SHA-1, any case, separators allowed). */
  trustRootHashes: string[];
  /** Firmware majors asked for (--amt-version); none = every generation in service. */
  amtVersions?: (string | number)[];
  /** The root hashes a device reported (rpc amtinfo --cert, MeshCentral amthashes, a plain list): decides root-hash-trusted. */
  deviceHashes?: DeviceHashList;
  /** SHA-384 of the top certificate's DER (devices may list a root by its SHA-384). */
  rootSha384?: string;
  now: Date;
}

/** A device's root hash list, as read by device-hashes.ts. */
export interface DeviceHashList {
  /** What the file was read as: 'rpc amtinfo --cert --json', 'MeshCentral amthashes', 'plain list'. */
  source: string;
  fileName: string;
  hashes: { hash: string; algorithm: string; name?: string; active: boolean; isDefault?: boolean }[];
}
