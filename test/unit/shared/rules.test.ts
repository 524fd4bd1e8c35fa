// The rules the engine and the app share (shared/amt-rules.ts, rfc4514.ts, eku-names.ts): each side imports the
// same function, so these check that both sides answer alike where they used to differ.
import { describe, expect, it } from 'vitest';
import { AMT_PROVISIONING_OID, AMT_SETUP_OU, SERVER_AUTH_OID, provisioningFqdnProblem } from '../../../shared/amt-rules';
import { AMT_PROVISIONING_EKU_NAME, EKU_NAMES, ekuLabel } from '../../../shared/eku-names';
import { escapeRfc4514, formatRfc4514 } from '../../../shared/rfc4514';
import * as checks from '../../../electron/engine/amt/checks';
import { formatRfc4514 as engineFormat } from '../../../electron/engine/pki/names';
import { ekuNames } from '../../../electron/engine/pki/view/oids';
import { AMT_OID, AMT_OU } from '../../../electron/engine/provisioning/rules';
import { AMT_SETUP_OU as requestsOu, normalizeFqdn } from '../../../electron/engine/requests/subject';
import * as wizard from '../../../renderer/src/views/requests/subject';

describe('RFC 4514 text: one escaper for the engine and the app', () => {
  it.each([
    ['a\0b', 'a\\00b'],
    ['Example, Inc.', 'Example\\, Inc.'],
    ['#x', '\\#x'],
    [' a ', '\\ a\\ '],
    ['a+b;c"d<e>f\\g=h', 'a\\+b\\;c\\"d\\<e\\>f\\\\g\\=h'],
  ])('%j → %j on both sides', (value, escaped) => {
    expect(escapeRfc4514(value)).toBe(escaped);
    expect(wizard.escapeRfc4514(value)).toBe(escaped);
    const attrs = [
      { type: 'O', oid: '2.5.4.10', value },
      { type: 'CN', oid: '2.5.4.3', value: 'prov.corp.example.com' },
    ];
    expect(engineFormat(attrs)).toBe(`CN=prov.corp.example.com,O=${escaped}`);
    expect(wizard.formatRfc4514(attrs.map(({ type, value: v }) => ({ type: type as 'O' | 'CN', value: v })))).toBe(engineFormat(attrs));
    expect(formatRfc4514(attrs)).toBe(engineFormat(attrs));
  });
});

describe('AMT rules: one OU, one OID', () => {
  it('every former copy is the shared constant', () => {
    expect(AMT_SETUP_OU).toBe('Intel(R) Client Setup Certificate');
    for (const copy of [checks.AMT_SETUP_OU, requestsOu, AMT_OU, wizard.AMT_SETUP_OU]) expect(copy).toBe(AMT_SETUP_OU);
    expect(AMT_PROVISIONING_OID).toBe('2.16.840.1.113741.1.2.3');
    for (const copy of [checks.AMT_PROVISIONING_OID, AMT_OID]) expect(copy).toBe(AMT_PROVISIONING_OID);
    expect(checks.SERVER_AUTH_OID).toBe(SERVER_AUTH_OID);
  });

  it.each([
    ['prov.corp.example.com', null],
    ['', 'empty'],
    ['*.corp.example.com', 'wildcard'],
    [`${'a'.repeat(60)}.example.com`, 'too-long'],
    ['prov', 'not-qualified'],
    ['-bad.example.com', 'bad-label'],
    ['bad..example.com', 'bad-label'],
    ['prövision.example.com', 'bad-character'],
    ['10.0.0.1', 'ip-address'],
  ])('CN rule %j → %s; the engine refuses exactly what the wizard flags', (name, problem) => {
    expect(provisioningFqdnProblem(name)).toBe(problem);
    expect(wizard.fqdnProblem(name) === null).toBe(problem === null);
    if (problem === null) expect(normalizeFqdn(name)).toBe(name);
    else expect(() => normalizeFqdn(name)).toThrow(expect.objectContaining({ code: 'usage' }));
  });
});

describe('EKU names: one table', () => {
  // The readiness checks' former table (electron/engine/amt/checks.ts) and the dialog's (pki/view/oids.ts).
  const former: Record<string, string> = {
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
  };

  it.each(Object.entries(former))('%s still resolves to %j (shared table and the dialog re-export)', (oid, name) => {
    expect(EKU_NAMES[oid]).toBe(name);
    expect(ekuNames[oid]).toBe(name);
    expect(ekuLabel(oid)).toBe(`${name} (${oid})`);
  });

  it("the AMT OID has CertDesk's name, not a Windows one (the dialog shows the dotted OID)", () => {
    expect(EKU_NAMES[AMT_PROVISIONING_OID]).toBeUndefined();
    expect(ekuLabel(AMT_PROVISIONING_OID)).toBe(`${AMT_PROVISIONING_EKU_NAME} (${AMT_PROVISIONING_OID})`);
    expect(ekuLabel('1.2.3.4')).toBe('1.2.3.4');
  });
});
