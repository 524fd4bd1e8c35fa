// The nine AMT readiness checks of a provisioning certificate (or of a PKCS#10 request). One table, one function
// per check id; each rule's data carries a one-line source (details in /work/shared/reference/amt-rules.md).
import type { AmtReport, CertSummary, CheckId, CheckResult, NameAttribute } from '../../../shared/dto';
import { CertDeskError } from '../../../shared/errors';
import { matchSuffix, servableSuffixes, validateSuffix } from './dns';
import { findCatalogueEntry, parseRootHash } from './roots';
import type { CheckInput } from './types';

// Intel AMT SDK acquiringanintelvprocertificate.htm + ConfigMgr docs: exact English text, same case, no trailing period.
export const AMT_SETUP_OU = 'Intel(R) Client Setup Certificate';
// Intel AMT SDK acquiringanintelvprocertificate.htm: the AMT provisioning EKU OID.
export const AMT_PROVISIONING_OID = '2.16.840.1.113741.1.2.3';
// Intel AMT SDK acquiringanintelvprocertificate.htm: EKU must contain SSL Server Authentication.
export const SERVER_AUTH_OID = '1.3.6.1.5.5.7.3.1';
// SDK rootcertificatehashes.htm: ME 16+ (ME 15 H platforms) refuse RSA keys under 2048 bits.
const MIN_RSA_BITS = 2048;
// Seed (Intel SCS 3.x): "Remote Configuration supports a maximum 2048 key"; ConfigMgr docs: 4096 from AMT 6.0.
const MAX_RSA_BITS_ALL_FIRMWARE = 2048;
// SDK rootcertificatehashes.htm: from ME 16 (ME 15 H) no certificate in the chain may be SHA-1, root included.
const WEAK_HASHES = new Set(['SHA-1', 'MD5', 'MD2', 'MD4']);
// Open AMT RPS domain upload: chains of at most 4 certificates.
const RPS_MAX_CHAIN = 4;
// CertDesk policy: warn when a certificate of the chain has fewer than 30 days left.
const EXPIRY_WARN_DAYS = 30;

const EKU_NAMES: Record<string, string> = {
  [SERVER_AUTH_OID]: 'Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'Client Authentication',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'Secure Email',
  '1.3.6.1.5.5.7.3.8': 'Time Stamping',
  '1.3.6.1.5.5.7.3.9': 'OCSP Signing',
  '2.5.29.37.0': 'Any Purpose',
  [AMT_PROVISIONING_OID]: `Intel AMT provisioning (${AMT_PROVISIONING_OID})`,
};

type Outcome = Omit<CheckResult, 'id'>;

/** What every check sees: the input plus facts derived once. */
interface Ctx {
  input: CheckInput;
  leaf: CertSummary | null;
  chain: CertSummary[];
  isRequest: boolean;
  subject: NameAttribute[];
  eku: string[];
  /** CN values and SAN DNS names of the leaf (or the request). */
  names: string[];
  keyAlgorithm: string;
  keySize: number;
  suffixes: string[];
  trusted: string[];
}

interface CheckDef {
  id: CheckId;
  certificate: (c: Ctx) => Outcome;
  /** How the check judges a PKCS#10 request; absent = it applies only to an issued certificate. */
  request?: (c: Ctx) => Outcome;
}

const pass = (message: string): Outcome => ({ status: 'pass', message });
const warn = (message: string, fix: string): Outcome => ({ status: 'warn', message, fix });
const fail = (message: string, fix: string): Outcome => ({ status: 'fail', message, fix });

function attr(attrs: NameAttribute[], type: string, oid: string): string[] {
  return attrs.filter((a) => a.type === type || a.oid === oid).map((a) => a.value);
}

/** The name an admin recognises: the CN, else the RFC 4514 subject. */
function label(cert: CertSummary): string {
  const cn = attr(cert.subjectAttributes, 'CN', '2.5.4.3')[0];
  return `"${cn ?? cert.subject ?? 'unnamed certificate'}"`;
}

function day(iso: string | Date): string {
  return new Date(iso).toISOString().slice(0, 10);
}

function ekuList(oids: string[]): string {
  return oids.map((o) => EKU_NAMES[o] ?? o).join(', ');
}

function joinNames(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ------------------------------------------------------------------ private-key

function privateKey(c: Ctx): Outcome {
  const { hasPrivateKey, keyMatchesLeaf, keySource } = c.input;
  if (hasPrivateKey && keyMatchesLeaf === true && keySource === 'vault') {
    return pass(`CertDesk's key vault holds the private key of ${label(c.leaf!)} (the key of the pending request); export a PFX to take key and chain to the provisioning server.`);
  }
  if (hasPrivateKey && keyMatchesLeaf === true) return pass(`The file holds the private key of ${label(c.leaf!)}.`);
  if (hasPrivateKey && keyMatchesLeaf === false) {
    return fail(
      `The file holds a private key, but it does not belong to ${label(c.leaf!)}: the provisioning server could not use this certificate.`,
      'Export the PFX again from the computer where the certificate request was made (its key is the one that matches), with "Yes, export the private key".',
    );
  }
  if (hasPrivateKey) {
    return warn(
      'The file holds a private key, but CertDesk could not confirm that it belongs to the certificate.',
      'Export the PFX again from the computer where the request was made, with "Yes, export the private key".',
    );
  }
  return warn(
    'This file has no private key (a certificate-only .cer, .crt, .p7b or .pem): the provisioning server needs the key to use the certificate.',
    'Import the PFX, not the .cer: on the computer where the request was made, export the certificate with "Yes, export the private key" and "Include all certificates in the certification path".',
  );
}

function privateKeyRequest(): Outcome {
  return warn(
    'A certificate request never contains the private key: it stays with whoever made the request (that computer\'s certificate store, or CertDesk\'s key vault).',
    'When the CA returns the certificate, complete the request where it was made (certreq -accept, or certdesk request complete) so the key and certificate are joined, then export a PFX.',
  );
}

// ------------------------------------------------------------------ setup-ou-or-oid

/** Why an OU that is close to the required text is not it (empty when it is not close at all). */
function ouDifferences(ou: string): string[] {
  const fold = (s: string) => s.toLowerCase().replace(/®/g, '(r)').replace(/\(r\)/g, '').replace(/[\s.]/g, '');
  if (fold(ou) !== fold(AMT_SETUP_OU)) return [];
  const issues: string[] = [];
  if (ou.includes('®')) issues.push('it uses the "®" character (U+00AE) where AMT needs the three ASCII characters "(R)"');
  else if (!/\(r\)/i.test(ou)) issues.push('the "(R)" is missing');
  const others = [...ou].filter((ch) => ch !== '®' && /[^\x20-\x7e]/.test(ch));
  for (const ch of new Set(others)) {
    issues.push(`it contains "${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
  }
  if (/\.\s*$/.test(ou)) issues.push('it ends with a period');
  const spacing = (s: string) => s.replace(/®/g, '(R)').replace(/\.\s*$/, '').toLowerCase();
  if (spacing(ou).replace(/\s+/g, ' ').trim() !== spacing(ou)) issues.push('it has extra spaces');
  else if (spacing(ou).replace(/\s/g, '') === spacing(AMT_SETUP_OU).replace(/\s/g, '') && spacing(ou) !== spacing(AMT_SETUP_OU)) {
    issues.push('the spacing differs');
  }
  const caseOf = (s: string) => s.replace(/®/g, '(R)').replace(/[\s.]/g, '');
  if (caseOf(ou).toLowerCase() === caseOf(AMT_SETUP_OU).toLowerCase() && caseOf(ou) !== caseOf(AMT_SETUP_OU)) {
    issues.push('the capitalisation differs (AMT compares case-sensitively)');
  }
  return issues.length ? issues : ['it is not character-for-character the same'];
}

const OU_FIX = `Request a new certificate whose OU is exactly "${AMT_SETUP_OU}" (ASCII "(R)", this capitalisation, single spaces, no trailing period), or ask the CA to add the AMT OID ${AMT_PROVISIONING_OID} to the Enhanced Key Usage.`;

function setupOuOrOid(c: Ctx, forRequest = false): Outcome {
  const ous = attr(c.subject, 'OU', '2.5.4.11');
  const hasOu = ous.includes(AMT_SETUP_OU);
  const hasOid = c.eku.includes(AMT_PROVISIONING_OID);
  const near = ous.filter((o) => o !== AMT_SETUP_OU).map((o) => ({ ou: o, issues: ouDifferences(o) })).filter((n) => n.issues.length);
  const what = forRequest ? 'The request asks for' : 'The certificate has';
  if (hasOid) {
    const extra = hasOu
      ? ` and the OU "${AMT_SETUP_OU}"`
      : near.length
        ? `; its OU "${near[0].ou}" is not the exact AMT text (${near[0].issues.join('; ')}), but the OID alone is enough`
        : '';
    return pass(`${what} the Intel AMT provisioning OID ${AMT_PROVISIONING_OID} in its Enhanced Key Usage${extra}.`);
  }
  if (hasOu) {
    return pass(
      `${forRequest ? 'The request has' : 'The certificate has'} the OU "${AMT_SETUP_OU}", which AMT firmware accepts in place of the OID. Note that Open AMT RPS accepts only the OID ${AMT_PROVISIONING_OID}: if you provision with RPS, ask the CA to add it.`,
    );
  }
  if (near.length) {
    const n = near[0];
    return fail(
      `The OU is "${n.ou}" — close to, but not, the exact text AMT requires ("${AMT_SETUP_OU}"): ${n.issues.join('; ')}. AMT will not recognise it as a provisioning certificate.`,
      OU_FIX,
    );
  }
  const found = ous.length ? ` (its OU is ${ous.map((o) => `"${o}"`).join(', ')})` : '';
  if (forRequest) {
    return warn(
      `The request has neither the OU "${AMT_SETUP_OU}" nor the AMT OID ${AMT_PROVISIONING_OID}${found}; the certificate will only work if the CA template adds the OID.`,
      `Make the request again with OU "${AMT_SETUP_OU}", or use a CA template that adds the EKU OID ${AMT_PROVISIONING_OID}.`,
    );
  }
  return fail(
    `The certificate has neither the AMT OID ${AMT_PROVISIONING_OID} in its Enhanced Key Usage nor the OU "${AMT_SETUP_OU}"${found}, so AMT will not accept it for remote configuration.`,
    OU_FIX,
  );
}

// ------------------------------------------------------------------ server-auth-eku

function serverAuthEku(c: Ctx): Outcome {
  if (c.eku.includes(SERVER_AUTH_OID)) return pass('The Enhanced Key Usage includes Server Authentication (1.3.6.1.5.5.7.3.1).');
  const fix = `Request the certificate from a template that sets the Enhanced Key Usage to Server Authentication (1.3.6.1.5.5.7.3.1) plus ${AMT_PROVISIONING_OID} (for example a copy of the Web Server template).`;
  if (!c.eku.length) {
    return fail('The certificate has no Enhanced Key Usage extension; AMT requires it to list Server Authentication (1.3.6.1.5.5.7.3.1) explicitly.', fix);
  }
  return fail(`The Enhanced Key Usage lists ${ekuList(c.eku)} but not Server Authentication (1.3.6.1.5.5.7.3.1), which AMT requires.`, fix);
}

function serverAuthEkuRequest(c: Ctx): Outcome {
  if (c.eku.includes(SERVER_AUTH_OID)) return pass('The request asks for Server Authentication (1.3.6.1.5.5.7.3.1) in the Enhanced Key Usage.');
  return warn(
    'The request does not ask for Server Authentication (1.3.6.1.5.5.7.3.1); the certificate will only qualify if the CA template adds it.',
    'Use a CA template that issues Server Authentication (for example a copy of the Web Server template), and check the issued certificate with certdesk check.',
  );
}

// ------------------------------------------------------------------ key-type-size

function keyTypeSize(c: Ctx): Outcome {
  const subjectWord = c.isRequest ? 'The request\'s key' : 'The key';
  const fixNew = 'Make a new request with an RSA 2048-bit key (certdesk request new --key-size 2048) and have it issued again.';
  let outcome: Outcome;
  if (c.keyAlgorithm !== 'RSA') {
    const size = c.keySize ? ` ${c.keySize}-bit` : '';
    outcome = fail(`${subjectWord} is${size} ${c.keyAlgorithm}; AMT accepts only RSA keys for a provisioning certificate.`, fixNew);
  } else if (c.keySize < MIN_RSA_BITS) {
    outcome = fail(
      `${subjectWord} is RSA ${c.keySize || 'of unknown size'}${c.keySize ? '-bit' : ''}; AMT from ME 16 (and ME 15 on H platforms) refuses RSA keys under 2048 bits.`,
      fixNew,
    );
  } else if (c.keySize > MAX_RSA_BITS_ALL_FIRMWARE) {
    outcome = warn(
      `${subjectWord} is RSA ${c.keySize}-bit. AMT 6.0 and later accept it, but Intel SCS 3.x and older firmware accept at most 2048 bits.`,
      'If any of your AMT devices or your provisioning server is older (Intel SCS 3.x, AMT before 6.0), request the certificate again with a 2048-bit key.',
    );
  } else {
    outcome = pass(`${subjectWord} is RSA 2048-bit, which every AMT version accepts.`);
  }
  if (outcome.status === 'fail' || c.isRequest) return outcome;
  // SDK rootcertificatehashes.htm: the 2048-bit minimum of ME 16+ covers the whole chain.
  const small = c.chain.slice(1).filter((x) => x.keyAlgorithm === 'RSA' && x.keySize > 0 && x.keySize < MIN_RSA_BITS);
  if (small.length) {
    return fail(
      `${outcome.message} But ${joinNames(small.map((x) => `${label(x)} (RSA ${x.keySize}-bit)`))} in the chain ${small.length > 1 ? 'have' : 'has'} a key under 2048 bits, which ME 16 and later refuse.`,
      'Get the certificate from a CA whose intermediate and root certificates use RSA 2048-bit keys or larger.',
    );
  }
  return outcome;
}

// ------------------------------------------------------------------ signature-hash

function signatureHash(c: Ctx): Outcome {
  const weak = c.chain.filter((x) => WEAK_HASHES.has(x.signatureHash));
  if (!weak.length) {
    const hashes = [...new Set(c.chain.map((x) => x.signatureHash))].join(', ');
    return pass(`Every certificate in the chain, the root included, is signed with ${hashes}.`);
  }
  const named = weak.map((x) => `${label(x)}${x.selfSigned ? ' (the root, self-signed)' : ''} signed with ${x.signatureHash}`);
  return fail(
    `The chain contains ${joinNames(named)}: AMT from ME 16 (and ME 15 on H platforms) refuses any SHA-1 or older hash anywhere in the chain, the root's own signature included. Older firmware accepted SHA-1.`,
    'Get a certificate whose whole chain is signed with SHA-256 or stronger and ends at a SHA-256 root in the AMT list (for DigiCert: DigiCert Global Root G2, Intel KB 000090051).',
  );
}

function signatureHashRequest(c: Ctx): Outcome {
  const hash = c.input.request?.signatureHash;
  if (!hash) {
    return warn('The request\'s signature hash is not known; the certificate\'s hash is decided by the CA.', 'Check the issued certificate with certdesk check.');
  }
  if (WEAK_HASHES.has(hash)) {
    return warn(
      `The request is signed with ${hash}. The CA decides the certificate's hash, but a ${hash} request suggests an old tool or template; AMT from ME 16 refuses SHA-1 anywhere in the chain.`,
      'Make the request with SHA-256 and make sure the CA signs with SHA-256 and chains to a SHA-256 root.',
    );
  }
  return pass(`The request is signed with ${hash}; the CA must also sign the certificate with SHA-256 or stronger and chain to a SHA-256 root.`);
}

// ------------------------------------------------------------------ validity

function validity(c: Ctx): Outcome {
  const now = c.input.now.getTime();
  const problems: string[] = [];
  const soon: string[] = [];
  for (const x of c.chain) {
    const from = Date.parse(x.notBefore);
    const to = Date.parse(x.notAfter);
    if (now < from) problems.push(`${label(x)} is not valid until ${day(x.notBefore)}`);
    else if (now > to) problems.push(`${label(x)} expired on ${day(x.notAfter)}`);
    else {
      const left = Math.floor((to - now) / 86_400_000);
      if (left < EXPIRY_WARN_DAYS) soon.push(`${label(x)} expires on ${day(x.notAfter)} (${left} day${left === 1 ? '' : 's'} left)`);
    }
  }
  if (problems.length) {
    return fail(
      `${joinNames(problems)}; AMT checks that every certificate in the chain is within its validity period.`,
      'Renew the certificate (or get one whose CA certificates are current) and check the computer clock of the provisioning server; a not-yet-valid certificate usually means a clock or time-zone error.',
    );
  }
  if (soon.length) {
    const leafSoon = soon[0].startsWith(label(c.chain[0]));
    return warn(
      `${joinNames(soon)}.`,
      leafSoon
        ? 'Renew the certificate now and deploy the new PFX before the old one expires.'
        : 'A CA certificate of the chain expires soon: get the certificate re-issued under a current CA certificate (ask your CA which root and intermediate to use).',
    );
  }
  const leafLeft = Math.floor((Date.parse(c.chain[0].notAfter) - now) / 86_400_000);
  return pass(`Every certificate in the chain is valid now; the certificate expires on ${day(c.chain[0].notAfter)} (${leafLeft} days left).`);
}

// ------------------------------------------------------------------ chain-complete

function chainComplete(c: Ctx): Outcome {
  const { chainComplete: complete, brokenSignatureAt, rootFromCatalogue } = c.input;
  const top = c.chain[c.chain.length - 1];
  if (brokenSignatureAt !== undefined && brokenSignatureAt >= 0 && brokenSignatureAt < c.chain.length) {
    const bad = c.chain[brokenSignatureAt];
    const issuer = c.chain[brokenSignatureAt + 1];
    const against = issuer ? `the key of ${label(issuer)}` : 'its own key';
    return fail(
      `The signature of ${label(bad)} does not verify with ${against}: the file contains the wrong issuer certificate (for example a renewed CA certificate with a new key).`,
      'Get the matching issuing CA certificate from the CA and export the PFX again with "Include all certificates in the certification path".',
    );
  }
  if (!complete) {
    return fail(
      `The issuer of ${label(top)} (${top.issuer}) is missing: the file does not contain it, and it is not one of the AMT roots CertDesk knows.`,
      'Export the PFX again with "Include all certificates in the certification path", or add the issuing CA and root certificates from your CA to the file.',
    );
  }
  if (rootFromCatalogue) {
    return warn(
      `The chain is complete only because CertDesk supplied the root ${label(top)} from its catalogue: the file itself does not include the root. Open AMT RPS and rpc-go refuse a PFX without the root (rpc-go error 126, "root certificate not found in the pfx").`,
      'Export the PFX with the full chain: in the Certificate Export Wizard tick "Include all certificates in the certification path if possible".',
    );
  }
  if (c.chain.length > RPS_MAX_CHAIN) {
    return warn(
      `The file contains the full chain, but it is ${c.chain.length} certificates long; Open AMT RPS accepts chains of at most ${RPS_MAX_CHAIN}.`,
      'If you provision with Open AMT RPS, use a certificate whose chain has at most 4 certificates (leaf, intermediates, root).',
    );
  }
  return pass(`The file contains the full chain (${c.chain.length} certificate${c.chain.length === 1 ? '' : 's'}, ending at the root ${label(top)}) and every signature verifies.`);
}

// ------------------------------------------------------------------ root-hash-trusted

function rootHashTrusted(c: Ctx): Outcome {
  const top = c.chain[c.chain.length - 1];
  if (!top.selfSigned) {
    return fail(
      'Cannot tell whether AMT trusts the root: the root certificate is missing from the chain (see the chain check).',
      'Add the full chain to the file (export with "Include all certificates in the certification path") and check again.',
    );
  }
  const entry = findCatalogueEntry(top.sha256) ?? (top.sha1 ? findCatalogueEntry(top.sha1) : undefined);
  if (entry) {
    const what = entry.status === 'unidentified' ? 'a root hash found in AMT firmware lists (certificate not identified)' : `"${entry.name}"`;
    const versions = entry.amtVersions ? ` Firmware: ${entry.amtVersions}.` : '';
    return pass(`The root ${label(top)} is ${what}, one of the hashes built into AMT firmware.${versions}`);
  }
  const custom = c.trusted.find((h) => h === top.sha256 || h === top.sha1);
  if (custom) {
    return pass(`The root ${label(top)} was added with --trust-root-hash (custom root in MEBx/USB): AMT trusts it only on devices where that hash was entered.`);
  }
  return fail(
    `The root ${label(top)} (SHA-256 ${top.sha256}) is not among the root hashes built into AMT firmware, so AMT will refuse this certificate unless the hash was added to each device.`,
    `Use a certificate from a CA whose root is in AMT firmware (list them with certdesk roots), or add this root's SHA-256 to every AMT device through MEBx or a USB setup.bin (USB only on AMT 16+), then check with --trust-root-hash ${top.sha256}.`,
  );
}

// ------------------------------------------------------------------ dns-suffix

function dnsSuffix(c: Ctx): Outcome {
  const what = c.isRequest ? 'The request' : 'The certificate';
  if (!c.names.length) {
    return fail(
      `${what} has no common name (CN) or DNS name, so AMT cannot match it to any DNS suffix.`,
      'Request the certificate with CN = the provisioning server\'s FQDN (for example provisioning.corp.example.com).',
    );
  }
  if (!c.suffixes.length) {
    const servable = servableSuffixes(c.names);
    const plain = servable.filter((s) => s.rule === 'suffix').map((s) => s.suffix);
    const sld = servable.filter((s) => s.rule === 'second-level-domain').map((s) => s.suffix);
    const parts: string[] = [];
    if (plain.length) parts.push(`clients whose DNS suffix is ${joinNames(plain)}`);
    if (sld.length) parts.push(`by AMT's second-level-domain rule, any suffix under ${joinNames(sld)}`);
    const can = parts.length ? `It can serve ${parts.join(', and ')}.` : 'None of its names is a DNS name that can serve a suffix.';
    return warn(
      `No DHCP option 15 suffix was given, so CertDesk cannot tell whether ${what.toLowerCase()} matches your AMT clients. ${can}`,
      'Check again with --dns-suffix set to the DNS suffix your AMT clients get from DHCP (option 15), once per suffix.',
    );
  }
  const results = c.suffixes.map((s) => ({ suffix: s, ...matchSuffix(c.names, s) }));
  const missed = results.filter((r) => !r.match);
  if (missed.length) {
    return fail(
      `${what}'s names (${c.names.join(', ')}) do not serve the DNS suffix${missed.length > 1 ? 'es' : ''} ${joinNames(missed.map((m) => m.suffix))}: AMT requires the DHCP suffix to end the certificate's CN or DNS name.`,
      `Get a certificate whose CN is the FQDN of a provisioning server under ${missed[0].suffix} (for example provisioning.${missed[0].suffix}), or set the clients' DHCP option 15 / MEBx PKI DNS suffix to the certificate's domain.`,
    );
  }
  const lines = results.map((r) =>
    r.rule === 'suffix'
      ? `${r.suffix} matches ${r.name}`
      : `${r.suffix} matches ${r.name} by AMT's second-level-domain rule (same registrable domain; AMT 4.1/5.1+ outside .com/.net)`,
  );
  const equal = results.find((r) => r.rule === 'suffix' && r.name && r.name.toLowerCase().replace(/\.$/, '') === r.suffix);
  const note = equal
    ? ` Note: the name ${equal.name} is the suffix itself rather than a server inside it; Open AMT RPS has refused such certificates ("FQDN not associated with provisioning certificate").`
    : '';
  return pass(`${joinNames(lines)}.${note}`);
}

// ------------------------------------------------------------------ the table

const CHECKS: readonly CheckDef[] = [
  { id: 'private-key', certificate: privateKey, request: privateKeyRequest },
  { id: 'setup-ou-or-oid', certificate: (c) => setupOuOrOid(c), request: (c) => setupOuOrOid(c, true) },
  { id: 'server-auth-eku', certificate: serverAuthEku, request: serverAuthEkuRequest },
  { id: 'key-type-size', certificate: keyTypeSize, request: keyTypeSize },
  { id: 'signature-hash', certificate: signatureHash, request: signatureHashRequest },
  { id: 'validity', certificate: validity },
  { id: 'chain-complete', certificate: chainComplete },
  { id: 'root-hash-trusted', certificate: rootHashTrusted },
  { id: 'dns-suffix', certificate: dnsSuffix, request: dnsSuffix },
];

/** The check ids in report order. */
export const CHECK_IDS: readonly CheckId[] = CHECKS.map((c) => c.id);

function context(input: CheckInput): Ctx {
  const leaf = input.leaf ?? null;
  const req = input.request;
  // What the checks read about the subject: the certificate's, else the request's.
  const subjectOf = leaf ?? req;
  const subject = subjectOf?.subjectAttributes ?? [];
  const chain = input.chain ?? [];
  return {
    input,
    leaf,
    chain: leaf && !chain.length ? [leaf] : chain,
    isRequest: !leaf && !!req,
    subject,
    eku: subjectOf?.extendedKeyUsage ?? [],
    names: subjectOf ? [...new Set([...attr(subject, 'CN', '2.5.4.3'), ...(subjectOf.dnsNames ?? [])])] : [],
    keyAlgorithm: subjectOf?.keyAlgorithm ?? 'unknown',
    keySize: subjectOf?.keySize ?? 0,
    suffixes: [...new Set((input.dnsSuffixes ?? []).map(validateSuffix))],
    trusted: (input.trustRootHashes ?? []).map(parseRootHash),
  };
}

function judge(def: CheckDef, c: Ctx): Outcome {
  if (c.leaf) return def.certificate(c);
  if (c.isRequest) {
    return def.request
      ? def.request(c)
      : warn(
          'This is a certificate request: this check applies once the CA has issued the certificate.',
          'When the CA returns the certificate, check the issued certificate (or the completed PFX) with certdesk check.',
        );
  }
  return fail('The file holds no certificate to check.', 'Open the PFX (or .cer) of the provisioning certificate itself.');
}

/**
 * Runs the nine AMT readiness checks, always all nine and always in the same order. `ready` = no check failed.
 * Malformed --dns-suffix or --trust-root-hash values are usage errors (CertDeskError('usage')).
 */
export function runChecks(input: CheckInput): AmtReport {
  if (!input || !(input.now instanceof Date) || Number.isNaN(input.now.getTime())) {
    throw new CertDeskError('usage', 'runChecks needs a valid "now" date.');
  }
  const c = context(input);
  const checks: CheckResult[] = CHECKS.map((def) => ({ id: def.id, ...judge(def, c) }));
  return { ready: checks.every((r) => r.status !== 'fail'), checks };
}
