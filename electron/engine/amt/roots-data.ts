// The AMT firmware root-hash catalogue: every hash seen in real firmware lists, with where it was seen, how its
// name was established, what the root certificate is (its own signature hash, key, expiry) and which firmware
// majors hold it, each column with its source. Verified row by row (ROOTS.md); shipped as a .ts module so tsc
// carries it into dist/. test/unit/amt/roots-columns.test.ts recomputes every certificate column with openssl.
//
// Hash lists (rows' "seen in"):
//   11.8     = AMT 11.8.50 activation payload, device-management-toolkit/rps src/utils/clientMsgJsonParser.test.ts (19 hashes)
//   hello23  = MeshCentral Intel AMT "hello" sample packets, newer firmware (23 hashes)
//   hello24  = the 24-hash MeshCentral hello sample
// Status: 'computed' = SHA-256 and SHA-1 recomputed here with openssl from the real certificate (where that
//                      certificate came from is in `certificateSource`);
//         'reference' = certificate not available, name from /work/shared/reference/amt-roots.tsv, hashes not
//                       recomputed here (no row has this status since the 2026-12 re-check, see ROOTS.md);
//         'firmware-label' = certificate not identified; the name is the label AMT firmware itself reports for the
//                            hash (a firmware dump), not a certificate's subject;
//         'unidentified' = hash seen in firmware, certificate not identified, no label. Still trusted by the firmware.

export type RootStatus = 'computed' | 'reference' | 'firmware-label' | 'unidentified';

/** The firmware majors whose root list holds the hash (`to` absent = and later), with the source. */
export interface FirmwareRange {
  from: number;
  to?: number;
  /** Firmware builds that dropped the hash within its last major(s), e.g. '11.8.65.3580 and 12.0.32.1420'. */
  removedIn?: string;
  source: string;
}

export interface RootRow {
  name: string;
  /** Uppercase hex, no separators. */
  sha256: string;
  sha1?: string;
  amtVersions?: string;
  source: string;
  status: RootStatus;
  /** The root's own (self-)signature hash as CertDesk names it: 'SHA-1', 'SHA-256', 'SHA-384', 'MD2', 'MD5'. */
  signatureHash?: string;
  keyAlgorithm?: 'RSA' | 'EC';
  /** Bits: the RSA modulus, or the EC curve size. */
  keySize?: number;
  /** The certificate's notAfter, ISO 8601 UTC. */
  notAfter?: string;
  /** Where signatureHash, keyAlgorithm, keySize and notAfter were read (present exactly when they are). */
  certificateSource?: string;
  firmware?: FirmwareRange;
}

const SEEN_118 = 'seen in the AMT 11.8.50 hash list (device-management-toolkit/rps clientMsgJsonParser.test.ts)';
const SEEN_BOTH = `${SEEN_118} and the newer-firmware hello samples (MeshCentral)`;
const SEEN_NEW = 'seen in the newer-firmware hello samples (MeshCentral), not in the AMT 11.8 list';
const DEBIAN = 'name: SHA-256 and SHA-1 recomputed with openssl from Debian ca-certificates 20230311+deb12u1';
const OLD_BUNDLE =
  'name: SHA-256 and SHA-1 recomputed with openssl from an older Mozilla bundle on this machine (certifi vendored by pip for Python 2.7/3.6); not in Debian 2023 ca-certificates, so not embedded';
const DOTNET_CTL =
  'the .NET SDK 10.0.401 Microsoft trusted-root lists on this machine (/usr/share/dotnet/sdk/10.0.401/trustedroots/codesignctl.pem and timestampctl.pem)';

const V_118 = 'AMT 11.8 (absent from the newer-firmware lists)';
const V_BOTH = 'AMT 11.8+';
const V_NEW = 'newer firmware (not in the AMT 11.8 list)';

// Certificate columns: read with `openssl x509 -text` (signature algorithm, Public-Key bits, Not After).
const EMBEDDED = 'the embedded certificate (roots-pem.ts, from Debian ca-certificates 20230311+deb12u1), read with openssl x509 -text';
const CERTIFI_27 =
  'the certificate in the Mozilla bundle vendored by pip for Python 2.7.18 (pip/_vendor/certifi/cacert.pem on this machine), read with openssl x509 -text';
const CERTIFI_37 =
  'the certificate in the Mozilla bundle vendored by pip for Python 3.7.16 (pip/_vendor/certifi/cacert.pem on this machine), read with openssl x509 -text';
const FROM_DOTNET = `the certificate in ${DOTNET_CTL}, read with openssl x509 -text`;

// Firmware columns. The lists start at AMT 11.8, so `from: 11` means "present in the oldest list we have", not
// "absent before 11". Intel publishes no per-version table; these are observations of real firmware lists.
const FW_BOTH: FirmwareRange = {
  from: 11,
  source: 'in the AMT 11.8.50 list (device-management-toolkit/rps src/utils/clientMsgJsonParser.test.ts) and in the newer-firmware hello lists (MeshCentral), so present from AMT 11 on',
};
const FW_118_ONLY: FirmwareRange = {
  from: 11,
  to: 11,
  source: 'in the AMT 11.8.50 list (device-management-toolkit/rps src/utils/clientMsgJsonParser.test.ts) and absent from every newer-firmware list we have (MeshCentral hello samples), so AMT 11 only',
};
const FW_NEW: FirmwareRange = {
  from: 12,
  source: 'absent from the AMT 11.8.50 list (device-management-toolkit/rps src/utils/clientMsgJsonParser.test.ts), present in the newer-firmware lists (MeshCentral hello samples, MeshCentral issue #2805 firmware dump); device-management-toolkit/rps issue #1108: a certificate for AMT 12 or higher fails on AMT 11 because its root hash is not in AMT 11\'s list',
};

/** The four certificate columns and their source, as one spread (keeps each row on a few lines). */
function cert(
  signatureHash: string,
  keyAlgorithm: 'RSA' | 'EC',
  keySize: number,
  notAfter: string,
  certificateSource: string,
): Pick<RootRow, 'signatureHash' | 'keyAlgorithm' | 'keySize' | 'notAfter' | 'certificateSource'> {
  return { signatureHash, keyAlgorithm, keySize, notAfter, certificateSource };
}

export const ROOT_ROWS: readonly RootRow[] = [
  {
    name: 'VeriSign Class 3 Public Primary Certification Authority (1996, MD2-signed, RSA 1024; firmware label "VeriSign Class 3 Primary CA-G1")',
    sha256: 'E7685634EFACF69ACE939A6B255B7B4FABEF42935B50A265ACB5CB6027E44E70',
    sha1: '742C3192E607E424EB4549542BE1BBC53E6174E2',
    amtVersions: 'AMT 11.8; removed in 11.8.65.3580 and 12.0.32.1420 (Intel AMT SDK rootcertificatehashes.htm)',
    source: `${SEEN_118}; name: SHA-256 and SHA-1 recomputed with openssl from ${DOTNET_CTL} (codesignctl.pem) and from the certificate GoogleCloudPlatform/gsutil dropped from gslib/data/cacerts.txt in PR #322 (commit a41a32c01ad4d5236c78679547f8979c8ff58318, file at its parent 90ec41aac0aac237417c765664660f21e8375621): OU=Class 3 Public Primary Certification Authority, O=VeriSign, Inc., C=US, serial 70BAE41D10D92934B638CA7B03CCBABF; its SHA-1 is the Intel AMT SDK's "VeriSign Class 3 Primary CA-G1" SHA-1, and the firmware labels the hash with that name (meshcmd amthashes); not in Debian, so not embedded`,
    status: 'computed',
    ...cert('MD2', 'RSA', 1024, '2028-08-01T23:59:59.000Z', FROM_DOTNET),
    firmware: {
      from: 11,
      to: 12,
      removedIn: '11.8.65.3580 and 12.0.32.1420',
      source:
        'in the AMT 11.8.50 list (device-management-toolkit/rps src/utils/clientMsgJsonParser.test.ts); Intel AMT SDK rootcertificatehashes.htm: removed from firmware 11.8.65.3580 and 12.0.32.1420 (so AMT 11 and 12 builds before those hold it); absent from the newer-firmware lists (MeshCentral hello samples)',
    },
  },
  {
    name: 'VeriSign Class 3 Public Primary Certification Authority - G3',
    sha256: 'EB04CF5EB1F39AFA762F2BB120F296CBA520C1B97DB1589565B81CB9A17B7244',
    sha1: '132D0D45534B6997CDB2D5C339E25576609B5CC6',
    amtVersions: 'AMT 8 (meshcmd amthashes), AMT 11.8 (absent from the newer-firmware lists)',
    source: `${SEEN_118}; ${OLD_BUNDLE} (Symantec/VeriSign roots were removed from the Mozilla store)`,
    status: 'computed',
    ...cert('SHA-1', 'RSA', 2048, '2036-07-16T23:59:59.000Z', CERTIFI_27),
    firmware: FW_118_ONLY,
  },
  {
    name: 'Go Daddy Class 2 Certification Authority',
    sha256: 'C3846BF24B9E93CA64274C0EC67C1ECC5E024FFCACD2D74019350E81FE546AE4',
    sha1: '2796BAE63F1801E277261BA0D77770028F20EEE4',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${DEBIAN} (Go_Daddy_Class_2_CA.pem; the name is the subject OU, there is no CN)`,
    status: 'computed',
    ...cert('SHA-1', 'RSA', 2048, '2034-06-29T17:06:20.000Z', EMBEDDED),
    firmware: FW_BOTH,
  },
  {
    name: 'Comodo AAA Certificate Services',
    sha256: 'D7A7A0FB5D7E2731D771E9484EBCDEF71D5F0C3E0A2948782BC83EE0EA699EF4',
    sha1: 'D1EB23A46D17D68FD92564C2F1F1601764D8E349',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${DEBIAN} (Comodo_AAA_Services_root.pem, CN=AAA Certificate Services, O=Comodo CA Limited)`,
    status: 'computed',
    ...cert('SHA-1', 'RSA', 2048, '2028-12-31T23:59:59.000Z', EMBEDDED),
    firmware: FW_BOTH,
  },
  {
    name: 'Starfield Class 2 Certification Authority',
    sha256: '1465FA205397B876FAA6F0A9958E5590E40FCC7FAA4FB7C2C8677521FB5FB658',
    sha1: 'AD7E1C28B064EF8F6003402014C3D0E3370EB58A',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${DEBIAN} (Starfield_Class_2_CA.pem; the name is the subject OU, there is no CN)`,
    status: 'computed',
    ...cert('SHA-1', 'RSA', 2048, '2034-06-29T17:39:16.000Z', EMBEDDED),
    firmware: FW_BOTH,
  },
  {
    name: 'VeriSign Class 3 Public Primary Certification Authority - G2 (RSA 1024)',
    sha256: '83CE3C1229688A593D485F81973C0F9195431EDA37CC5E36430E79C7A888638B',
    sha1: '85371CA6E550143DCE2803471BDE3A09E8F8770F',
    amtVersions: V_118,
    source: `${SEEN_118}; name: SHA-256 and SHA-1 recomputed with openssl from ${DOTNET_CTL} (codesignctl.pem); the SHA-256 is also listed under this name in OpenJDK SymantecTLSPolicy.java (cacerts alias verisignclass3g2ca); not in Debian, so not embedded`,
    status: 'computed',
    ...cert('SHA-1', 'RSA', 1024, '2028-08-01T23:59:59.000Z', FROM_DOTNET),
    firmware: FW_118_ONLY,
  },
  {
    name: 'VeriSign Class 3 Public Primary Certification Authority (1996 key, SHA-1 re-signed, RSA 1024)',
    sha256: 'A4B6B3996FC2F306B3FD8681BD63413D8C5009CC4FA329C2CCF0E2FA1B140305',
    sha1: 'A1DB6393916F17E4185509400415C70240B0AE6B',
    amtVersions: V_118,
    source: `${SEEN_118}; name: SHA-256 and SHA-1 recomputed with openssl from the certificate in openjdk/jdk make/data/cacerts/verisignclass3ca (commit 845bf8c1bc263f9ee92ad2f41b701b1c2e386695; OU=Class 3 Public Primary Certification Authority, O=VeriSign, Inc., C=US, serial 3C9131CB1FF6D01B0E9AB8D044BF12BE), also listed in OpenJDK SymantecTLSPolicy.java (cacerts alias verisignclass3ca); not in Debian, so not embedded`,
    status: 'computed',
    ...cert(
      'SHA-1',
      'RSA',
      1024,
      '2028-08-02T23:59:59.000Z',
      'the certificate in openjdk/jdk make/data/cacerts/verisignclass3ca (commit 845bf8c1bc263f9ee92ad2f41b701b1c2e386695), read with openssl x509 -text',
    ),
    firmware: FW_118_ONLY,
  },
  {
    name: 'VeriSign Class 3 Public Primary Certification Authority - G5',
    sha256: '9ACFAB7E43C8D880D06B262A94DEEEE4B4659989C3D0CAF19BAF6405E41AB7DF',
    sha1: '4EB6D578499B1CCF5F581EAD56BE3D9B6744A5E5',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${OLD_BUNDLE} (Symantec/VeriSign roots were removed from the Mozilla store)`,
    status: 'computed',
    ...cert('SHA-1', 'RSA', 2048, '2036-07-16T23:59:59.000Z', CERTIFI_27),
    firmware: FW_BOTH,
  },
  {
    name: 'GTE CyberTrust Global Root (RSA 1024, MD5, expired 2018)',
    sha256: 'A53125188D2110AA964B02C7B7C6DA3203170894E5FB71FFFB6667D5E6810A36',
    sha1: '97817950D81C9670CC34D809CF794431367EF474',
    amtVersions: V_118,
    source: `${SEEN_118}; name: SHA-256 and SHA-1 recomputed with openssl from ${DOTNET_CTL} (codesignctl.pem: CN=GTE CyberTrust Global Root, OU=GTE CyberTrust Solutions, Inc., O=GTE Corporation, C=US); expired, not in Debian, so not embedded`,
    status: 'computed',
    ...cert('MD5', 'RSA', 1024, '2018-08-13T23:59:00.000Z', FROM_DOTNET),
    firmware: FW_118_ONLY,
  },
  {
    name: 'Baltimore CyberTrust Root (expired 2025-05-12)',
    sha256: '16AF57A9F676B0AB126095AA5EBADEF22AB31119D644AC95CD4B93DBF3F26AEB',
    sha1: 'D4DE20D05E66FC53FE1A50882C78DB2852CAE474',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${DEBIAN} (Baltimore_CyberTrust_Root.pem)`,
    status: 'computed',
    ...cert('SHA-1', 'RSA', 2048, '2025-05-12T23:59:00.000Z', EMBEDDED),
    firmware: FW_BOTH,
  },
  {
    name: 'Cybertrust Global Root (expired 2021-12-15)',
    sha256: '960ADF0063E96356750C2965DD0A0867DA0B9CBD6E77714AEAFB2349AB393DA3',
    sha1: '5F43E5B1BFF8788CAC1CC7CA4A9AC6222BCC34C6',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${OLD_BUNDLE} (expired, hence dropped from current stores)`,
    status: 'computed',
    ...cert('SHA-1', 'RSA', 2048, '2021-12-15T08:00:00.000Z', CERTIFI_37),
    firmware: FW_BOTH,
  },
  {
    name: 'Verizon Global Root CA',
    sha256: '68AD50909B04363C605EF13581A939FF2C96372E3F12325B0A6861E1D59F6603',
    sha1: '912198EEF23DCAC40939312FEE97DD560BAE49B1',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; name: SHA-256 and SHA-1 recomputed with openssl from ${DOTNET_CTL} (timestampctl.pem: CN=Verizon Global Root CA, OU=OmniRoot, O=Verizon Business, C=US); cloudflare/cfssl_trust PR #129 lists the same SHA-256 under this subject (RSA-2048, RSA/SHA256, 2009-07-30 to 2034-07-30); not in Debian, so not embedded`,
    status: 'computed',
    ...cert('SHA-256', 'RSA', 2048, '2034-07-30T14:27:04.000Z', FROM_DOTNET),
    firmware: FW_BOTH,
  },
  {
    name: 'Entrust.net Certification Authority (2048) (re-issue valid to 2029)',
    sha256: '6DC47172E01CBCB0BF62580D895FE2B8AC9AD4F873801E0C10B9C837D21EB177',
    sha1: '503006091D97D4F5AE39F7CBE7927D7D652D3431',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${DEBIAN} (Entrust.net_Premium_2048_Secure_Server_CA.pem: the re-issued certificate, notBefore 1999-12-24, notAfter 2029-07-24; the original 1999 certificate with the same name and key has a different fingerprint)`,
    status: 'computed',
    ...cert('SHA-1', 'RSA', 2048, '2029-07-24T14:15:12.000Z', EMBEDDED),
    firmware: FW_BOTH,
  },
  {
    name: 'Entrust Root Certification Authority',
    sha256: '73C176434F1BC6D5ADF45B0E76E727287C8DE57616C1E6E6141A2B2CBC7D8E4C',
    sha1: 'B31EB1B740E36C8402DADC37D44DF5D4674952F9',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${DEBIAN} (Entrust_Root_Certification_Authority.pem, expires 2026-11-27)`,
    status: 'computed',
    ...cert('SHA-1', 'RSA', 2048, '2026-11-27T20:53:42.000Z', EMBEDDED),
    firmware: FW_BOTH,
  },
  {
    name: 'VeriSign Universal Root Certification Authority',
    sha256: '2399561127A57125DE8CEFEA610DDF2FA078B5C8067F4E828290BFB860E84B3C',
    sha1: '3679CA35668772304D30A5FB873B0FA77BB70D54',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${OLD_BUNDLE} (Symantec/VeriSign roots were removed from the Mozilla store)`,
    status: 'computed',
    ...cert('SHA-256', 'RSA', 2048, '2037-12-01T23:59:59.000Z', CERTIFI_27),
    firmware: FW_BOTH,
  },
  {
    name: 'Go Daddy Root Certificate Authority - G2',
    sha256: '45140B3247EB9CC8C5B4F0D7B53091F73292089E6E5A63E2749DD3ACA9198EDA',
    sha1: '47BEABC922EAE80E78783462A79F45C254FDE68B',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${DEBIAN} (Go_Daddy_Root_Certificate_Authority_-_G2.pem)`,
    status: 'computed',
    ...cert('SHA-256', 'RSA', 2048, '2037-12-31T23:59:59.000Z', EMBEDDED),
    firmware: FW_BOTH,
  },
  {
    name: 'Entrust Root Certification Authority - G2',
    sha256: '43DF5774B03E7FEF5FE40D931A7BEDF1BB2E6B42738C4E6D3841103D3AA7F339',
    sha1: '8CF427FD790C3AD166068DE81E57EFBB932272D4',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${DEBIAN} (Entrust_Root_Certification_Authority_-_G2.pem)`,
    status: 'computed',
    ...cert('SHA-256', 'RSA', 2048, '2030-12-07T17:55:54.000Z', EMBEDDED),
    firmware: FW_BOTH,
  },
  {
    name: 'Starfield Root Certificate Authority - G2',
    sha256: '2CE1CB0BF9D2F9E102993FBE215152C3B2DD0CABDE1C68E5319B839154DBB7F5',
    sha1: 'B51C067CEE2B0C3DF855AB2D92F4FE39D4E70F0E',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${DEBIAN} (Starfield_Root_Certificate_Authority_-_G2.pem)`,
    status: 'computed',
    ...cert('SHA-256', 'RSA', 2048, '2037-12-31T23:59:59.000Z', EMBEDDED),
    firmware: FW_BOTH,
  },
  {
    name: 'AffirmTrust Premium (RSA 4096)',
    sha256: '70A73F7F376B60074248904534B11482D5BF0E698ECC498DF52577EBF2E93B9A',
    sha1: 'D8A6332CE0036FB185F6634F7D6A066526322827',
    amtVersions: V_BOTH,
    source: `${SEEN_BOTH}; ${DEBIAN} (AffirmTrust_Premium.pem)`,
    status: 'computed',
    ...cert('SHA-384', 'RSA', 4096, '2040-12-31T14:10:36.000Z', EMBEDDED),
    firmware: FW_BOTH,
  },
  {
    name: 'DigiCert Global Root CA',
    sha256: '4348A0E9444C78CB265E058D5E8944B4D84F9662BD26DB257F8934A443C70161',
    sha1: 'A8985D3A65E5E5C4B2D7D66D40C6DD2FB19C5436',
    amtVersions: V_NEW,
    source: `${SEEN_NEW}; ${DEBIAN} (DigiCert_Global_Root_CA.pem)`,
    status: 'computed',
    ...cert('SHA-1', 'RSA', 2048, '2031-11-10T00:00:00.000Z', EMBEDDED),
    firmware: FW_NEW,
  },
  {
    name: 'DigiCert Global Root G2',
    sha256: 'CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F',
    sha1: 'DF3C24F9BFD666761B268073FE06D1CC8D4F82A4',
    amtVersions: V_NEW,
    source: `${SEEN_NEW}; ${DEBIAN} (DigiCert_Global_Root_G2.pem)`,
    status: 'computed',
    ...cert('SHA-256', 'RSA', 2048, '2038-01-15T12:00:00.000Z', EMBEDDED),
    firmware: FW_NEW,
  },
  {
    name: 'DigiCert Global Root G3 (ECC P-384)',
    sha256: '31AD6648F8104138C738F39EA4320133393E3A18CC02296EF97C2AC9EF6731D0',
    sha1: '7E04DE896A3E666D00E687D33FFAD93BE83D349E',
    amtVersions: V_NEW,
    source: `${SEEN_NEW}; ${DEBIAN} (DigiCert_Global_Root_G3.pem)`,
    status: 'computed',
    ...cert('SHA-384', 'EC', 384, '2038-01-15T12:00:00.000Z', EMBEDDED),
    firmware: FW_NEW,
  },
  {
    name: 'DigiCert Trusted Root G4 (RSA 4096)',
    sha256: '552F7BDCF1A7AF9E6CE672017F4F12ABF77240C78E761AC203D1D9D20AC89988',
    sha1: 'DDFB16CD4931C973A2037D3FC83A4D7D775D05E4',
    amtVersions: V_NEW,
    source: `${SEEN_NEW}; ${DEBIAN} (DigiCert_Trusted_Root_G4.pem)`,
    status: 'computed',
    ...cert('SHA-384', 'RSA', 4096, '2038-01-15T12:00:00.000Z', EMBEDDED),
    firmware: FW_NEW,
  },
  {
    name: 'GlobalSign NP RSA CA 2018 (firmware label; certificate not identified)',
    sha256: '67540A47AA5B9F34570A99723CFEFA96A96EE3F0D9B8BF4DEF9440B8065D665D',
    amtVersions: V_NEW,
    source: `${SEEN_NEW}; name: the label AMT firmware reports for this hash in the meshcmd MEI-state dump posted in Ylianst/MeshCentral issue #2805 ("certificateHash":"67540A47…","name":"GlobalSign NP RSA CA 2018", SHA256, isDefault 1, isActive 1); no certificate with this SHA-256 in any store on this machine or in the sources searched, so no SHA-1 and no certificate columns`,
    status: 'firmware-label',
    firmware: FW_NEW,
  },
  {
    name: 'Unidentified root (firmware hash only)',
    sha256: 'A267C480B0B29056EB5E8AA7C93ADD804F5A7DF516E969E77BCACAFE8D456079',
    amtVersions: 'newer firmware (only in the 24-hash hello sample)',
    source: 'seen only in the 24-hash MeshCentral hello sample; name: not identified — no certificate with this SHA-256 in any store on this machine, no firmware label found',
    status: 'unidentified',
    firmware: {
      from: 12,
      source: 'absent from the AMT 11.8.50 list (device-management-toolkit/rps src/utils/clientMsgJsonParser.test.ts), present only in the 24-hash newer-firmware hello sample (MeshCentral)',
    },
  },
  {
    name: 'GlobalSign NP ECC CA 2018 (firmware label; certificate not identified)',
    sha256: '7224395222CD588C4F2683716922ADDB41E39B581AC34FA87B39EFA896FBB39E',
    amtVersions: V_NEW,
    source: `${SEEN_NEW}; name: the label AMT firmware reports for this hash in the meshcmd MEI-state dump posted in Ylianst/MeshCentral issue #2805 ("certificateHash":"7224395222…","name":"GlobalSign NP ECC CA 2018", SHA256, isDefault 1, isActive 1); no certificate with this SHA-256 in any store on this machine or in the sources searched, so no SHA-1 and no certificate columns`,
    status: 'firmware-label',
    firmware: FW_NEW,
  },
  {
    name: 'GlobalSign Root CA - R3',
    sha256: 'CBB522D7B7F127AD6A0113865BDF1CD4102E7D0759AF635A7CF4720DC963C53B',
    sha1: 'D69B561148F01C77C54578C10926DF5B856976AD',
    amtVersions: V_NEW,
    source: `${SEEN_NEW}; ${DEBIAN} (GlobalSign_Root_CA_-_R3.pem; CN=GlobalSign, the generation is in the OU)`,
    status: 'computed',
    ...cert('SHA-256', 'RSA', 2048, '2029-03-18T10:00:00.000Z', EMBEDDED),
    firmware: FW_NEW,
  },
  {
    name: 'GlobalSign ECC Root CA - R5',
    sha256: '179FBC148A3DD00FD24EA13458CC43BFA7F59C8182D783A513F6EBEC100C8924',
    sha1: '1F24C630CDA418EF2069FFAD4FDD5F463A1B69AA',
    amtVersions: V_NEW,
    source: `${SEEN_NEW}; ${DEBIAN} (GlobalSign_ECC_Root_CA_-_R5.pem; CN=GlobalSign, the generation is in the OU)`,
    status: 'computed',
    ...cert('SHA-384', 'EC', 384, '2038-01-19T03:14:07.000Z', EMBEDDED),
    firmware: FW_NEW,
  },
  {
    name: 'GlobalSign Root CA - R6 (RSA 4096)',
    sha256: '2CABEAFE37D06CA22ABA7391C0033D25982952C453647349763A3AB5AD6CCF69',
    sha1: '8094640EB5A7A1CA119C1FDDD59F810263A7FBD1',
    amtVersions: V_NEW,
    source: `${SEEN_NEW}; ${DEBIAN} (GlobalSign_Root_CA_-_R6.pem; CN=GlobalSign, the generation is in the OU)`,
    status: 'computed',
    ...cert('SHA-384', 'RSA', 4096, '2034-12-10T00:00:00.000Z', EMBEDDED),
    firmware: FW_NEW,
  },
];
