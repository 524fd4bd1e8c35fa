// The nine AMT readiness checks of a provisioning certificate (or of a PKCS#10 request), judged once per firmware
// generation (generations.ts). One table, one function per check id; each rule carries a one-line source (the
// generation rules and their sources: docs/amt-generations.md).
import type { AmtReport, CertSummary, CheckId, CheckResult, CheckStatus, GenerationVerdict, NameAttribute, RootEntry } from '../../../shared/dto';
import { AMT_PROVISIONING_OID, AMT_SETUP_OU, SERVER_AUTH_OID } from '../../../shared/amt-rules';
import { AMT_PROVISIONING_EKU_NAME, EKU_NAMES } from '../../../shared/eku-names';
import { CertDeskError } from '../../../shared/errors';
import { matchSuffix, servableSuffixes, validateSuffix } from './dns';
import { GENERATIONS, type Generation, readinessRuns, selectGenerations, spanName } from './generations';
import { findCatalogueEntry, parseRootHash } from './roots';
import type { CheckInput } from './types';

// The OU text, the AMT OID and the Server Authentication OID, with their sources: shared/amt-rules.ts (the app
// previews the same rules). Re-exported here for the engine's callers.
export { AMT_PROVISIONING_OID, AMT_SETUP_OU, SERVER_AUTH_OID };
// SDK rootcertificatehashes.htm: ME 16+ (ME 15 H platforms) refuse RSA keys under 2048 bits.
const MIN_RSA_BITS = 2048;
// Seed (Intel SCS 3.x): "Remote Configuration supports a maximum 2048 key"; ConfigMgr docs: 4096 from AMT 6.0.
const MAX_RSA_BITS_ALL_FIRMWARE = 2048;
// Hashes a request should not be signed with (the CA decides the certificate's, but a SHA-1 request means an old tool).
const WEAK_HASHES = new Set(['SHA-1', 'MD5', 'MD2', 'MD4']);
// Open AMT RPS domain upload: chains of at most 4 certificates.
const RPS_MAX_CHAIN = 4;
// CertDesk policy: warn when a certificate of the chain has fewer than 30 days left.
const EXPIRY_WARN_DAYS = 30;

/** EKU names in check messages: the one table (shared/eku-names.ts); the AMT OID, which has no Windows name, with its OID. */
function ekuName(oid: string): string {
  return oid === AMT_PROVISIONING_OID ? `${AMT_PROVISIONING_EKU_NAME} (${oid})` : (EKU_NAMES[oid] ?? oid);
}

/**
 * A check's answer for one generation; `short` names a failure in a few words for the one-line verdict.
 * `blocks` marks a warning that still keeps the file from provisioning: a certificate without its private key is
 * reported as a warning (the certificate itself may be fine, and DESIGN.md has `private-key` warn for such a file)
 * but the provisioning server cannot use the file, so the verdict is "not ready" and `check` exits 1.
 */
type Outcome = Omit<CheckResult, 'id'> & { short?: string; blocks?: true };

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
  /** Leaf/request EC curve name, when EC. */
  curve?: string;
  /** The leaf's (or request's) CN values: what AMT matches against the DNS suffix. */
  commonNames: string[];
  /** SAN DNS names that are not also a CN: shown as a note, not judged. */
  sanOnlyNames: string[];
  suffixes: string[];
  trusted: string[];
  /** Active device hashes (uppercase hex), when a device list was given. */
  deviceActive?: Set<string>;
  deviceInactive?: Set<string>;
}

type Judge = (c: Ctx, g: Generation) => Outcome;

interface CheckDef {
  id: CheckId;
  certificate: Judge;
  /** How the check judges a PKCS#10 request; absent = it applies only to an issued certificate. */
  request?: Judge;
}

const pass = (message: string): Outcome => ({ status: 'pass', message });
const warn = (message: string, fix: string): Outcome => ({ status: 'warn', message, fix });
const fail = (message: string, fix: string, short?: string): Outcome => ({ status: 'fail', message, fix, ...(short ? { short } : {}) });
/** What the CA decides is a note on a request, never a pass: the request can ask, only the certificate proves. */
const note = (message: string, fix: string): Outcome => ({ status: 'warn', message: `Note: ${message}`, fix });

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
  return oids.map(ekuName).join(', ');
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
  return {
    ...warn(
      'This file has no private key (a certificate-only .cer, .crt, .p7b or .pem): the provisioning server needs the key to use the certificate.',
      'Pair the certificate with its key: if CertDesk made the request, run certdesk request complete with this file, then certdesk export-pfx; otherwise, on the computer where the request was made, export the certificate with "Yes, export the private key" and "Include all certificates in the certification path".',
    ),
    short: NO_KEY_REASON,
    blocks: true,
  };
}

const NO_KEY_REASON = 'the file has no private key';

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
    // Intel AMT SDK and MeshCentral certoperations.js accept the OU in place of the OID; rps
    // (src/routes/admin/domains/domain.ts) checks the leaf's EKU for the OID only and refuses the upload.
    return warn(
      `${forRequest ? 'The request has' : 'The certificate has'} the OU "${AMT_SETUP_OU}", which AMT firmware (Intel AMT SDK), Intel SCS and MeshCentral accept in place of the OID. The Device Management Toolkit's rps accepts only the OID ${AMT_PROVISIONING_OID} and refuses this certificate on upload.`,
      `If you provision with the Device Management Toolkit (rps), ${forRequest ? 'ask the CA to add' : 'get a certificate that carries'} the OID ${AMT_PROVISIONING_OID} in the Enhanced Key Usage; for firmware, Intel SCS and MeshCentral the OU is enough.`,
    );
  }
  if (near.length) {
    const n = near[0];
    return fail(
      `The OU is "${n.ou}" — close to, but not, the exact text AMT requires ("${AMT_SETUP_OU}"): ${n.issues.join('; ')}. AMT will not recognise it as a provisioning certificate.`,
      OU_FIX,
      'the OU is not the exact AMT text',
    );
  }
  const found = ous.length ? ` (its OU is ${ous.map((o) => `"${o}"`).join(', ')})` : '';
  if (forRequest) {
    return fail(
      `The request has neither the OU "${AMT_SETUP_OU}" nor the AMT OID ${AMT_PROVISIONING_OID}${found}. A CA template could still add the OID, but nothing in the request asks for it, so the certificate the CA returns is unlikely to be accepted by AMT.`,
      `Make the request again with OU "${AMT_SETUP_OU}" (and, where the CA honours requested extensions, the EKU OID ${AMT_PROVISIONING_OID}), or confirm that the CA template adds the OID.`,
      'neither the setup OU nor the AMT OID is requested',
    );
  }
  return fail(
    `The certificate has neither the AMT OID ${AMT_PROVISIONING_OID} in its Enhanced Key Usage nor the OU "${AMT_SETUP_OU}"${found}, so AMT will not accept it for remote configuration.`,
    OU_FIX,
    'neither the setup OU nor the AMT OID',
  );
}

// ------------------------------------------------------------------ server-auth-eku

function serverAuthEku(c: Ctx): Outcome {
  if (c.eku.includes(SERVER_AUTH_OID)) return pass('The Enhanced Key Usage includes Server Authentication (1.3.6.1.5.5.7.3.1).');
  const fix = `Request the certificate from a template that sets the Enhanced Key Usage to Server Authentication (1.3.6.1.5.5.7.3.1) plus ${AMT_PROVISIONING_OID} (for example a copy of the Web Server template).`;
  if (!c.eku.length) {
    return fail('The certificate has no Enhanced Key Usage extension; AMT requires it to list Server Authentication (1.3.6.1.5.5.7.3.1) explicitly.', fix, 'no Server Authentication EKU');
  }
  return fail(`The Enhanced Key Usage lists ${ekuList(c.eku)} but not Server Authentication (1.3.6.1.5.5.7.3.1), which AMT requires.`, fix, 'no Server Authentication EKU');
}

function serverAuthEkuRequest(c: Ctx): Outcome {
  const fix = 'Use a CA template that issues Server Authentication (for example a copy of the Web Server template), and check the issued certificate once the CA returns it.';
  if (c.eku.includes(SERVER_AUTH_OID)) {
    return note('the request asks for Server Authentication (1.3.6.1.5.5.7.3.1); the CA template decides what the certificate carries.', fix);
  }
  return note('the request does not ask for Server Authentication (1.3.6.1.5.5.7.3.1); the certificate will only qualify if the CA template adds it.', fix);
}

// ------------------------------------------------------------------ key-type-size

function keyText(algorithm: string, bits: number, curve?: string): string {
  if (algorithm === 'EC') return `EC ${curve ?? (bits ? `${bits}-bit` : 'on an unknown curve')}`;
  return bits ? `${algorithm} ${bits}-bit` : `${algorithm} of unknown size`;
}

const FIX_NEW_KEY = 'Make a new request with an RSA 2048-bit key (3072-bit if you plan for the proposed AMT 22 rules) and have it issued again.';

function leafKey(c: Ctx, g: Generation): Outcome {
  const subjectWord = c.isRequest ? 'The request\'s key' : 'The key';
  const key = keyText(c.keyAlgorithm, c.keySize, c.curve);
  if (c.keyAlgorithm === 'EC') {
    if (g.leafEc.allowed && c.keySize >= g.leafEc.minBits) return pass(`${subjectWord} is ${key}, which the proposed ${g.name} rules accept.`);
    const why = g.leafEc.allowed ? `${g.name} accepts EC keys of ${g.leafEc.minBits} bits or more only` : 'AMT accepts only RSA keys for a provisioning certificate';
    return fail(`${subjectWord} is ${key}; ${why}.`, FIX_NEW_KEY, `the key is ${key}`);
  }
  if (c.keyAlgorithm !== 'RSA') return fail(`${subjectWord} is ${key}; AMT accepts only RSA keys for a provisioning certificate.`, FIX_NEW_KEY, `the key is ${key}`);
  if (!c.keySize) return fail(`${subjectWord} is RSA of unknown size; CertDesk cannot confirm AMT accepts it.`, FIX_NEW_KEY, 'the key size is unknown');
  if (c.keySize < g.minLeafRsaBits) {
    const rule = g.proposed ? `the proposed ${g.name} rules refuse RSA leaves under ${g.minLeafRsaBits} bits` : `${g.name} refuses RSA keys under ${g.minLeafRsaBits} bits`;
    return fail(`${subjectWord} is ${key}; ${rule}.`, FIX_NEW_KEY, `the key is ${key}`);
  }
  if (c.keySize < MIN_RSA_BITS) {
    return warn(
      `${subjectWord} is ${key}. ${g.name} accepts it (ConfigMgr: 1024 and 2048-bit provisioning keys), but AMT 16 and later (and ME 15 on H platforms) refuse RSA keys under 2048 bits.`,
      FIX_NEW_KEY,
    );
  }
  if (c.keySize > MAX_RSA_BITS_ALL_FIRMWARE) {
    return warn(
      `${subjectWord} is ${key}. AMT 6.0 and later accept it, but Intel SCS 3.x and older firmware accept at most 2048 bits.`,
      'If your provisioning server is Intel SCS 3.x (or any device is older than AMT 6.0), request the certificate again with a 2048-bit key.',
    );
  }
  return pass(`${subjectWord} is RSA ${c.keySize}-bit, which AMT accepts.`);
}

function keyTypeSize(c: Ctx, g: Generation): Outcome {
  const outcome = leafKey(c, g);
  if (outcome.status === 'fail' || c.isRequest) return outcome;
  // SDK rootcertificatehashes.htm: the 2048-bit minimum of ME 16+ covers the whole chain (the AMT 22 proposal: 3072).
  const above = c.chain.slice(1);
  const small = above.filter((x) => x.keyAlgorithm === 'RSA' && (x.keySize ?? 0) > 0 && (x.keySize ?? 0) < g.minRsaBits);
  const minEc = g.leafEc.allowed ? g.leafEc.minBits : 0;
  const smallEc = above.filter((x) => x.keyAlgorithm === 'EC' && (x.keySize ?? 0) > 0 && (x.keySize ?? 0) < minEc);
  const bad = [...small, ...smallEc];
  if (bad.length) {
    return fail(
      `${outcome.message} But ${joinNames(bad.map((x) => `${label(x)} (${keyText(x.keyAlgorithm, x.keySize ?? 0)})`))} in the chain ${bad.length > 1 ? 'have' : 'has'} a key ${g.name} refuses (RSA under ${g.minRsaBits} bits${minEc ? `, EC under ${minEc}` : ''}).`,
      'Get the certificate from a CA whose intermediate and root certificates use RSA 2048-bit keys or larger.',
      `${joinNames(bad.map(label))} in the chain ${bad.length > 1 ? 'have' : 'has'} a ${bad.length > 1 ? 'key' : 'key'} under ${g.minRsaBits} bits`,
    );
  }
  const weakAbove = above.filter((x) => x.keyAlgorithm === 'RSA' && (x.keySize ?? 0) > 0 && (x.keySize ?? 0) < MIN_RSA_BITS);
  if (weakAbove.length && outcome.status === 'pass') {
    return warn(
      `${outcome.message} ${joinNames(weakAbove.map((x) => `${label(x)} (${keyText(x.keyAlgorithm, x.keySize ?? 0)})`))} in the chain works on ${g.name} but not on AMT 16 and later.`,
      'Get the certificate from a CA whose intermediate and root certificates use RSA 2048-bit keys or larger.',
    );
  }
  return outcome;
}

// ------------------------------------------------------------------ signature-hash

function signatureHash(c: Ctx, g: Generation): Outcome {
  const top = c.chain.length - 1;
  const role = (i: number) => (i === top && c.chain[i].selfSigned ? 'root' : i === 0 ? 'leaf' : 'intermediate');
  const refused = c.chain
    .map((x, i) => ({ x, i }))
    .filter(({ x, i }) => (role(i) === 'root' ? g.refusedHashes : g.refusedBelowRoot).has(x.signatureHash));
  const describe = ({ x, i }: { x: CertSummary; i: number }) =>
    role(i) === 'root' ? `the root ${label(x)} signs itself with ${x.signatureHash}` : `${label(x)} is signed with ${x.signatureHash}`;
  if (refused.length) {
    const rule = g.proposed
      ? `the proposed ${g.name} rules refuse ${[...g.refusedBelowRoot].filter((h) => h.startsWith('SHA')).join(', ')} signatures`
      : g.refusedHashes.has('SHA-1')
        ? `${g.name} refuses any SHA-1 or older hash anywhere in the chain, the root's own signature included (ME 15 on H platforms too)`
        : `${g.name} refuses MD2/MD4/MD5 signatures on the leaf and intermediates`;
    return fail(
      `In the chain, ${joinNames(refused.map(describe))}: ${rule}.`,
      g.proposed
        ? 'For the proposed AMT 22 rules, get a certificate signed with SHA-384 by a CA whose intermediates are SHA-384 too.'
        : 'Get a certificate whose whole chain is signed with SHA-256 or stronger and ends at a SHA-256 root in the AMT list (for DigiCert: DigiCert Global Root G2, Intel KB 000090051).',
      joinNames(refused.map(describe)),
    );
  }
  // What this generation accepts but a later one refuses: say so, so a mixed fleet knows.
  const later = c.chain.map((x, i) => ({ x, i })).filter(({ x }) => WEAK_HASHES.has(x.signatureHash));
  if (later.length) {
    return warn(
      `In the chain, ${joinNames(later.map(describe))}. ${g.name} accepts it; AMT 16 and later (and ME 15 on H platforms) refuse SHA-1 anywhere in the chain, the root included.`,
      'Before AMT 16 devices join the fleet, get a certificate whose whole chain, root included, is signed with SHA-256 or stronger (for DigiCert: DigiCert Global Root G2, Intel KB 000090051).',
    );
  }
  const rootNote = g.proposed && c.chain[top]?.selfSigned && !['SHA-384', 'SHA-512'].includes(c.chain[top].signatureHash)
    ? ` The root signs itself with ${c.chain[top].signatureHash}; the proposal does not say whether the root's own signature counts.`
    : '';
  const hashes = [...new Set(c.chain.map((x) => x.signatureHash))].join(', ');
  return pass(`Every certificate in the chain, the root included, is signed with ${hashes}.${rootNote}`);
}

function signatureHashRequest(c: Ctx, g: Generation): Outcome {
  const request = c.input.request;
  if (request && request.signatureValid === false) {
    return fail(
      'The request\'s own signature does not verify with its public key: the file was altered or damaged, and a CA will refuse it.',
      'Make the request again (certdesk request new, or the Request wizard) and send the new file to the CA.',
      'the request\'s signature does not verify',
    );
  }
  const hash = request?.signatureHash;
  const caNote = g.proposed
    ? `the CA decides the certificate's hash; the proposed ${g.name} rules want SHA-384 for the certificate and its intermediates.`
    : "the CA decides the certificate's hash; it must sign with SHA-256 or stronger and chain to a SHA-256 root for AMT 16 and later.";
  if (!hash) return note(`the request's signature hash is not known; ${caNote}`, 'Check the issued certificate when the CA returns it.');
  if (WEAK_HASHES.has(hash)) {
    return warn(
      `The request is signed with ${hash}. The CA decides the certificate's hash, but a ${hash} request suggests an old tool or template; AMT 16 and later refuse SHA-1 anywhere in the chain.`,
      'Make the request with SHA-256 and make sure the CA signs with SHA-256 and chains to a SHA-256 root.',
    );
  }
  return note(`the request is signed with ${hash} and its signature verifies; ${caNote}`, 'Check the issued certificate when the CA returns it.');
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
      joinNames(problems),
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
  // A top certificate that is not self-signed has no issuer to verify against: that is a missing issuer, not a wrong one.
  const broken = brokenSignatureAt !== undefined && brokenSignatureAt >= 0 && brokenSignatureAt < c.chain.length
    && (brokenSignatureAt < c.chain.length - 1 || top.selfSigned);
  if (broken) {
    const bad = c.chain[brokenSignatureAt];
    const issuer = c.chain[brokenSignatureAt + 1];
    const against = issuer ? `the key of ${label(issuer)}` : 'its own key';
    return fail(
      `The signature of ${label(bad)} does not verify with ${against}: the file contains the wrong issuer certificate (for example a renewed CA certificate with a new key).`,
      'Get the matching issuing CA certificate from the CA and export the PFX again with "Include all certificates in the certification path".',
      `the signature of ${label(bad)} does not verify`,
    );
  }
  if (!complete) {
    return fail(
      `The issuer of ${label(top)} (${top.issuer}) is missing: the file does not contain it, and it is not one of the AMT roots CertDesk knows.`,
      'Export the PFX again with "Include all certificates in the certification path", or add the issuing CA and root certificates from your CA to the file.',
      `the issuer of ${label(top)} is missing`,
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

/** Is a catalogue root in the firmware of generation g? From the row's firmware range (roots-data.ts, with sources). */
function presence(entry: RootEntry, g: Generation): 'present' | 'absent' | 'removed-by-update' {
  const fw = entry.firmware;
  if (!fw) return 'present';
  const gTo = g.to ?? Infinity;
  const fwTo = fw.to ?? Infinity;
  if (fw.from > g.from || fwTo < gTo) {
    // Present for part of the generation only counts as absent: some devices of it would refuse the root.
    return 'absent';
  }
  return fw.removedIn ? 'removed-by-update' : 'present';
}

function rootName(top: CertSummary, entry: RootEntry | undefined): string {
  if (!entry) return label(top);
  if (entry.status === 'unidentified') return `${label(top)} (a hash found in AMT firmware lists, certificate not identified)`;
  return label(top) === `"${entry.name}"` ? label(top) : `${label(top)} ("${entry.name}")`;
}

function rootHashTrusted(c: Ctx, g: Generation): Outcome {
  const top = c.chain[c.chain.length - 1];
  if (!top.selfSigned) {
    return fail(
      'Cannot tell whether AMT trusts the root: the root certificate is missing from the chain (see the chain check).',
      'Add the full chain to the file (export with "Include all certificates in the certification path") and check again.',
      'the root is missing',
    );
  }
  const entry = findCatalogueEntry(top.sha256) ?? (top.sha1 ? findCatalogueEntry(top.sha1) : undefined);
  const hashes = [top.sha256, top.sha1, c.input.rootSha384].filter((h): h is string => !!h).map((h) => h.toUpperCase());
  const custom = c.trusted.find((h) => hashes.includes(h));
  const customPass = () =>
    pass(`The root ${label(top)} was added with a trusted root hash (a custom root entered in MEBx or a USB setup.bin): AMT trusts it only on devices where that hash was entered.`);

  const device = c.input.deviceHashes;
  if (device && c.deviceActive) {
    const list = `the device's hash list (${device.fileName}, read as ${device.source}: ${c.deviceActive.size} active hash${c.deviceActive.size === 1 ? '' : 'es'})`;
    if (hashes.some((h) => c.deviceActive!.has(h))) return pass(`The root ${rootName(top, entry)} is active in ${list}.`);
    if (custom) return customPass();
    if (hashes.some((h) => c.deviceInactive!.has(h))) {
      return fail(
        `The root ${rootName(top, entry)} is in ${list}, but not active: the device will refuse this certificate.`,
        'Activate the root hash on the device (MEBx: Remote Setup and Configuration → TLS PKI → Manage Hashes; or a USB setup.bin), then read its list again.',
        'the root hash is not active on the device',
      );
    }
    return fail(
      `The root ${rootName(top, entry)} (SHA-256 ${top.sha256}) is not in ${list}: that device will refuse this certificate.`,
      `Use a certificate whose root is in the device's list, or add this root's SHA-256 to the device with a USB setup.bin (MEBx on AMT 15 and older; from AMT 16 only USB).`,
      'the root is not in the device\'s hash list',
    );
  }
  if (entry) {
    const where = presence(entry, g);
    const range = entry.firmware ? ` (${entry.firmware.source})` : '';
    if (where === 'absent') {
      const fw = entry.firmware!;
      const span = fw.to !== undefined ? (fw.to === fw.from ? `AMT ${fw.from}` : `AMT ${fw.from}–${fw.to}`) : `AMT ${fw.from} and later`;
      return fail(
        `The root ${rootName(top, entry)} is in the firmware of ${span} only, so ${g.name} devices${g.from < fw.from || (fw.to !== undefined && (g.to === null || g.to > fw.to)) ? '' : ' of some versions'} refuse it${range}.`,
        `For ${g.name} devices use a certificate from a CA whose root is in their firmware (certdesk roots lists each root's range), or add this root's hash to those devices with a USB setup.bin.`,
        `the root is not in ${g.name} firmware`,
      );
    }
    if (where === 'removed-by-update') {
      return warn(
        `The root ${rootName(top, entry)} was removed by firmware updates (${entry.firmware!.removedIn}): devices updated past that refuse it.`,
        'Use a certificate whose root is still in current firmware.',
      );
    }
    const versions = entry.firmware ? ` Firmware: AMT ${entry.firmware.from}${entry.firmware.to !== undefined ? `–${entry.firmware.to}` : ' and later'}.` : entry.amtVersions ? ` Firmware: ${entry.amtVersions}.` : '';
    return pass(`The root ${rootName(top, entry)} is one of the hashes built into AMT firmware.${versions}`);
  }
  if (custom) return customPass();
  return fail(
    `The root ${label(top)} (SHA-256 ${top.sha256}) is not among the root hashes built into AMT firmware, so AMT will refuse this certificate unless the hash was added to each device.`,
    `Use a certificate from a CA whose root is in AMT firmware (see the AMT root catalogue), or add this root's SHA-256 to every AMT device with a USB setup.bin (MEBx on AMT 15 and older; from AMT 16 only USB) and mark it as trusted: ${top.sha256}.`,
    'the root is not in AMT firmware',
  );
}

// ------------------------------------------------------------------ dns-suffix

// Which certificate name AMT matches: the CN. Intel KB 000100444 and both peers (rps domain.ts compares the CN's last
// labels; MeshCentral certoperations.js reads the CN) use the CN only; the SDK page pkicertificateverificationmethods.htm
// also mentions a SAN DNS name. The sources disagree, so CertDesk judges the CN and reports SAN names as a note.
const SAN_NOTE_SOURCE = 'Intel KB 000100444, rps and MeshCentral match the CN only; the SDK page on PKI verification also mentions SAN names';

function sanNote(c: Ctx, matchingSan?: string): string {
  if (matchingSan) return ` Its SAN DNS name ${matchingSan} would serve it, but AMT matches the CN (${SAN_NOTE_SOURCE}): do not rely on the SAN.`;
  return c.sanOnlyNames.length ? ` SAN DNS names (${c.sanOnlyNames.join(', ')}) are not judged: ${SAN_NOTE_SOURCE}.` : '';
}

function dnsSuffix(c: Ctx): Outcome {
  const what = c.isRequest ? 'The request' : 'The certificate';
  const cnFix = 'Request the certificate with CN = the provisioning server\'s FQDN (for example provisioning.corp.example.com).';
  if (!c.commonNames.length) {
    return fail(
      `${what} has no common name (CN), so AMT cannot match it to any DNS suffix.${sanNote(c)}`,
      cnFix,
      'no CN to match the DNS suffix',
    );
  }
  if (!c.suffixes.length) {
    const servable = servableSuffixes(c.commonNames);
    const plain = servable.filter((s) => s.rule === 'suffix').map((s) => s.suffix);
    const sld = servable.filter((s) => s.rule === 'second-level-domain').map((s) => s.suffix);
    const parts: string[] = [];
    if (plain.length) parts.push(`clients whose DNS suffix is ${joinNames(plain)}`);
    if (sld.length) parts.push(`by AMT's second-level-domain rule, any suffix under ${joinNames(sld)}`);
    const can = parts.length ? `Its CN can serve ${parts.join(', and ')}.` : 'Its CN is not a DNS name that can serve a suffix.';
    return warn(
      `No DHCP option 15 suffix was given, so CertDesk cannot tell whether ${what.toLowerCase()} matches your AMT clients. ${can}${sanNote(c)}`,
      'Give the DNS suffix your AMT clients get from DHCP (option 15), once per suffix.',
    );
  }
  const results = c.suffixes.map((s) => ({ suffix: s, ...matchSuffix(c.commonNames, s) }));
  const missed = results.filter((r) => !r.match);
  if (missed.length) {
    const viaSan = c.sanOnlyNames.length ? matchSuffix(c.sanOnlyNames, missed[0].suffix) : { match: false as const };
    return fail(
      `${what}'s CN (${c.commonNames.join(', ')}) does not serve the DNS suffix${missed.length > 1 ? 'es' : ''} ${joinNames(missed.map((m) => m.suffix))}: AMT requires the DHCP suffix to end the certificate's CN.${sanNote(c, viaSan.match ? viaSan.name : undefined)}`,
      `Get a certificate whose CN is the FQDN of a provisioning server under ${missed[0].suffix} (for example provisioning.${missed[0].suffix}), or set the clients' DHCP option 15 / MEBx PKI DNS suffix to the certificate's domain.`,
      `the CN does not serve ${joinNames(missed.map((m) => m.suffix))}`,
    );
  }
  const lines = results.map((r) =>
    r.rule === 'suffix'
      ? `${r.suffix} matches ${r.name}`
      : `${r.suffix} matches ${r.name} by AMT's second-level-domain rule (same registrable domain; AMT 4.1/5.1+ outside .com/.net)`,
  );
  const equal = results.find((r) => r.rule === 'suffix' && r.name && r.name.toLowerCase().replace(/\.$/, '') === r.suffix);
  const eqNote = equal
    ? ` Note: the name ${equal.name} is the suffix itself rather than a server inside it; the Device Management Toolkit's rps has refused such certificates ("FQDN not associated with provisioning certificate", rps #772).`
    : '';
  return pass(`${joinNames(lines)}.${eqNote}`);
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

function deviceSets(input: CheckInput): Pick<Ctx, 'deviceActive' | 'deviceInactive'> {
  if (!input.deviceHashes) return {};
  const active = new Set<string>();
  const inactive = new Set<string>();
  for (const h of input.deviceHashes.hashes) {
    const hex = h.hash.replace(/[\s:-]/g, '').toUpperCase();
    (h.active ? active : inactive).add(hex);
  }
  return { deviceActive: active, deviceInactive: inactive };
}

function context(input: CheckInput): Ctx {
  const leaf = input.leaf ?? null;
  const req = input.request;
  // What the checks read about the subject: the certificate's, else the request's.
  const subjectOf = leaf ?? req;
  const subject = subjectOf?.subjectAttributes ?? [];
  const chain = input.chain ?? [];
  const commonNames = [...new Set(attr(subject, 'CN', '2.5.4.3'))];
  const lowerCns = new Set(commonNames.map((n) => n.toLowerCase()));
  const curve = (subjectOf as { curve?: string } | undefined)?.curve;
  return {
    input,
    leaf,
    chain: leaf && !chain.length ? [leaf] : chain,
    isRequest: !leaf && !!req,
    subject,
    eku: subjectOf?.extendedKeyUsage ?? [],
    names: subjectOf ? [...new Set([...commonNames, ...(subjectOf.dnsNames ?? [])])] : [],
    commonNames,
    sanOnlyNames: [...new Set((subjectOf?.dnsNames ?? []).filter((n) => !lowerCns.has(n.toLowerCase())))],
    keyAlgorithm: subjectOf?.keyAlgorithm ?? 'unknown',
    keySize: subjectOf?.keySize ?? 0,
    ...(curve ? { curve } : {}),
    suffixes: [...new Set((input.dnsSuffixes ?? []).map(validateSuffix))],
    trusted: (input.trustRootHashes ?? []).map(parseRootHash),
    ...deviceSets(input),
  };
}

function judge(def: CheckDef, c: Ctx, g: Generation): Outcome {
  if (c.leaf) return def.certificate(c, g);
  if (c.isRequest) {
    return def.request
      ? def.request(c, g)
      : note(
          'this is a certificate request: this check applies once the CA has issued the certificate.',
          'When the CA returns the certificate, check the issued certificate (or the completed PFX).',
        );
  }
  return fail('The file holds no certificate to check.', 'Open the PFX (or .cer) of the provisioning certificate itself.', 'no certificate in the file');
}

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

/** One result per check over the asked generations: the worst outcome, and where they differ, which generation says what. */
function mergeOutcomes(id: CheckId, outcomes: Outcome[], gens: Generation[]): CheckResult {
  let worst = 0;
  outcomes.forEach((o, i) => {
    if (RANK[o.status] > RANK[outcomes[worst].status]) worst = i;
  });
  const { short: _short, blocks: _blocks, ...chosen } = outcomes[worst];
  const statuses = new Set(outcomes.map((o) => o.status));
  if (statuses.size > 1) {
    const runs: { status: CheckStatus; gens: Generation[] }[] = [];
    outcomes.forEach((o, i) => {
      const last = runs[runs.length - 1];
      if (last && last.status === o.status) last.gens.push(gens[i]);
      else runs.push({ status: o.status, gens: [gens[i]] });
    });
    chosen.message += ` By firmware: ${runs.map((r) => `${spanName(r.gens)} ${r.status}`).join(', ')}.`;
  }
  return { id, ...chosen };
}

const REASON_SEPARATOR = '; ';

function reasonOf(failing: Outcome[]): string {
  return [...new Set(failing.map((o) => (o.short ?? o.message.replace(/\s+/g, ' ').slice(0, 80)).replaceAll(REASON_SEPARATOR, ', ')))].join(REASON_SEPARATOR);
}

/** The reasons of several generations, each named once, in check order. */
function uniqueReasons(verdicts: GenerationVerdict[]): string {
  return [...new Set(verdicts.flatMap((v) => (v.reason ? v.reason.split(REASON_SEPARATOR) : [])))].join(REASON_SEPARATOR);
}


/** The verdict in one line, verdict first (the CLI's first line, the app's headline). */
function headline(c: Ctx, asked: Generation[], verdicts: GenerationVerdict[], merged: CheckResult[]): string {
  const askedVerdicts = verdicts.filter((v) => v.asked);
  const runs = readinessRuns(askedVerdicts, asked);
  const target = c.isRequest ? 'to send to the CA' : '';
  const forSpan = (gens: Generation[]) => `for ${spanName(gens)}`;
  let line: string;
  if (runs.every((r) => r.ready)) {
    line = c.isRequest ? `Ready ${target} (${spanName(asked)})` : `Ready ${forSpan(asked)}`;
  } else if (runs.every((r) => !r.ready)) {
    const reasons = uniqueReasons(askedVerdicts);
    line = `Not ready ${c.isRequest ? target : forSpan(asked)}${c.isRequest ? ` (${spanName(asked)})` : ''}: ${reasons}`;
    // The key is the only thing missing: say that the certificate itself is fit, so the user fixes the file, not the certificate.
    if (askedVerdicts.every((v) => v.failing.length === 1 && v.failing[0] === 'private-key') && !c.input.hasPrivateKey) {
      line += '; the certificate itself fails no other check';
    }
  } else {
    const good = runs.filter((r) => r.ready).map((r) => spanName(r.gens).replace(/^AMT /, ''));
    const bad = runs.filter((r) => !r.ready);
    const badText = bad.map((r) => spanName(r.gens).replace(/^AMT /, '')).join(', ');
    const reasons = uniqueReasons(bad.flatMap((r) => r.verdicts));
    line = `Ready ${c.isRequest ? `${target} ` : ''}for AMT ${good.join(', ')}, not for ${badText}: ${reasons}`;
  }
  const dns = merged.find((m) => m.id === 'dns-suffix');
  if (!c.suffixes.length && dns?.status === 'warn') line += '; DNS suffix not checked';
  return line;
}

/**
 * Runs the nine AMT readiness checks for every firmware generation; always all nine ids, always in the same order.
 * `ready` covers the generations asked (`amtVersions`), or every generation in service. Malformed suffixes, root
 * hashes or versions are usage errors (CertDeskError('usage')).
 */
export function runChecks(input: CheckInput): AmtReport {
  if (!input || !(input.now instanceof Date) || Number.isNaN(input.now.getTime())) {
    throw new CertDeskError('usage', 'runChecks needs a valid "now" date.');
  }
  const asked = selectGenerations(input.amtVersions);
  const c = context(input);
  const perGeneration = GENERATIONS.map((g) => CHECKS.map((def) => judge(def, c, g)));
  const verdicts: GenerationVerdict[] = GENERATIONS.map((g, gi) => {
    const failing = CHECKS.map((def, i) => ({ id: def.id, o: perGeneration[gi][i] })).filter((x) => x.o.status === 'fail' || x.o.blocks);
    return {
      id: g.id,
      name: g.name,
      from: g.from,
      to: g.to,
      proposed: g.proposed,
      asked: asked.includes(g),
      ready: failing.length === 0,
      failing: failing.map((x) => x.id),
      ...(failing.length ? { reason: reasonOf(failing.map((x) => x.o)) } : {}),
    };
  });
  const askedIdx = GENERATIONS.map((g, i) => (asked.includes(g) ? i : -1)).filter((i) => i >= 0);
  const checks = CHECKS.map((def, i) => mergeOutcomes(def.id, askedIdx.map((gi) => perGeneration[gi][i]), asked));
  const ready = verdicts.filter((v) => v.asked).every((v) => v.ready);
  const report: AmtReport = {
    ready,
    summary: headline(c, asked, verdicts, checks),
    subject: c.isRequest ? 'request' : 'certificate',
    checks,
    generations: verdicts,
  };
  if (input.deviceHashes && c.deviceActive) {
    report.deviceHashes = { fileName: input.deviceHashes.fileName, source: input.deviceHashes.source, active: c.deviceActive.size };
  }
  return report;
}
