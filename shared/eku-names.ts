// The one table of Enhanced Key Usage names: the Windows certificate dialog's words (CryptFindOIDInfo, en-US), used by
// the dialog view (electron/engine/pki/view), the readiness checks' messages (electron/engine/amt/checks.ts) and
// the CLI. Source: /work/shared/reference/windows-cert-dialog.md sections 1.2 and 4. A missing name is shown as the
// dotted OID by the callers (never invented here), except CertDesk's own name for the AMT OID below.
import { AMT_PROVISIONING_OID } from './amt-rules';

/** Enhanced Key Usage purpose names (Details tab EKU value, Application Policies, General tab fallback). §4.1 */
export const EKU_NAMES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'Client Authentication',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'Secure Email',
  '1.3.6.1.5.5.7.3.5': 'IP security end system',
  '1.3.6.1.5.5.7.3.6': 'IP security tunnel termination',
  '1.3.6.1.5.5.7.3.7': 'IP security user',
  '1.3.6.1.5.5.7.3.8': 'Time Stamping',
  '1.3.6.1.5.5.7.3.9': 'OCSP Signing',
  '1.3.6.1.5.5.8.2.2': 'IP security IKE intermediate',
  '1.3.6.1.5.2.3.5': 'KDC Authentication',
  // [Uncertain] name observed only in S32.
  '2.5.29.37.0': 'Any Purpose',
  '1.3.6.1.4.1.311.10.3.1': 'Microsoft Trust List Signing',
  '1.3.6.1.4.1.311.10.3.2': 'Microsoft Time Stamping',
  '1.3.6.1.4.1.311.10.3.4': 'Encrypting File System',
  '1.3.6.1.4.1.311.10.3.4.1': 'File Recovery',
  '1.3.6.1.4.1.311.10.3.5': 'Windows Hardware Driver Verification',
  '1.3.6.1.4.1.311.10.3.6': 'Windows System Component Verification',
  '1.3.6.1.4.1.311.10.3.7': 'OEM Windows System Component Verification',
  '1.3.6.1.4.1.311.10.3.8': 'Embedded Windows System Component Verification',
  '1.3.6.1.4.1.311.10.3.9': 'Root List Signer',
  '1.3.6.1.4.1.311.10.3.10': 'Qualified Subordination',
  '1.3.6.1.4.1.311.10.3.11': 'Key Recovery',
  '1.3.6.1.4.1.311.10.3.12': 'Document Signing',
  '1.3.6.1.4.1.311.10.3.13': 'Lifetime Signing',
  '1.3.6.1.4.1.311.10.5.1': 'Digital Rights',
  '1.3.6.1.4.1.311.10.6.1': 'Key Pack Licenses',
  '1.3.6.1.4.1.311.10.6.2': 'License Server Verification',
  '1.3.6.1.4.1.311.20.2.1': 'Certificate Request Agent',
  '1.3.6.1.4.1.311.20.2.2': 'Smart Card Logon',
  '1.3.6.1.4.1.311.21.5': 'CA Encryption Certificate',
  '1.3.6.1.4.1.311.21.6': 'Key Recovery Agent',
  '1.3.6.1.4.1.311.21.19': 'Directory Service Email Replication',
  '1.3.6.1.4.1.311.10.12.1': 'All application policies',
  // 2.16.840.1.113741.1.2.3 (Intel AMT provisioning) deliberately absent: Windows has no name for it (§4.1).
};

/** CertDesk's name for the AMT provisioning OID, which Windows does not name (the dialog shows the dotted OID). */
export const AMT_PROVISIONING_EKU_NAME = 'Intel AMT Provisioning';

/** An EKU for people, with its OID: "Server Authentication (1.3.6.1.5.5.7.3.1)"; unknown → the dotted OID alone. */
export function ekuLabel(oid: string): string {
  const name = EKU_NAMES[oid] ?? (oid === AMT_PROVISIONING_OID ? AMT_PROVISIONING_EKU_NAME : undefined);
  return name ? `${name} (${oid})` : oid;
}
