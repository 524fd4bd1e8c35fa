// The custom-root kit: from a root certificate (or the JSON `certdesk check --json` wrote) and a PKI DNS suffix to
// the setup.bin that adds the root's SHA-256 hash to each AMT device, read back by CertDesk's own reader before it
// is handed out. `setupbin.show` reads any setup.bin.
import { createHash } from 'node:crypto';
import type { SetupBinCreateInput, SetupBinCreateResult, SetupBinRootInfo, SetupBinView } from '../../../../shared/contract/setupbin';
import { MAX_FILE_BYTES } from '../../../../shared/contract/operation';
import { checkSuffix } from '../../../../shared/dns-suffix';
import type { CertSummary } from '../../../../shared/dto';
import { CertDeskError } from '../../../../shared/errors';
import { buildChain, isSelfSigned, verifiedBy } from '../../pki/chain';
import { readContainer } from '../../pki/read';
import { summarize } from '../../pki/summary';
import { catalogueCertificates, findCatalogueEntry } from '../roots';
import { HASH_NAME_MAX, WRITE_VERSION } from './format';
import { FACTORY_MEBX_PASSWORD, currentPasswordProblem, mebxPasswordProblem } from './mebx';
import { decodeSetupBin, describeSetupBin, readSetupBin } from './read';
import { buildCustomRootSetupBin } from './write';

interface ResolvedRoot {
  summary: Pick<CertSummary, 'subject' | 'sha256' | 'subjectAttributes'> & Partial<CertSummary>;
  warnings: string[];
}

const CN_OID = '2.5.4.3';

function commonName(summary: ResolvedRoot['summary']): string | undefined {
  return summary.subjectAttributes.find((a) => a.oid === CN_OID || a.type === 'CN')?.value;
}

/** The root in a certificate file: the one self-signed certificate it holds. */
function rootFromFile(fileName: string, bytes: Buffer, password?: string): ResolvedRoot {
  const container = readContainer(bytes, password);
  if (container.certificates.length === 0) {
    throw new CertDeskError('usage', `${fileName} holds no certificate${container.format === 'pkcs10' ? ' (it is a certificate request)' : ''}: give the root CA certificate.`);
  }
  const roots = container.certificates.filter((c) => isSelfSigned(c) && verifiedBy(c, c));
  const unique = [...new Map(roots.map((c) => [c.sha256, c])).values()];
  if (unique.length > 1) {
    const names = unique.map((c) => `"${summarize(c).subject}"`).join(', ');
    throw new CertDeskError('usage', `${fileName} holds ${unique.length} root certificates (${names}); give a file with the one root whose hash the devices should trust.`);
  }
  if (unique.length === 0) {
    const built = buildChain(container.certificates, [], catalogueCertificates());
    const top = built.chain[built.chain.length - 1];
    const topSummary = top ? summarize(top.cert) : summarize(container.certificates[0]);
    if (top?.fromCatalogue) {
      throw new CertDeskError(
        'usage',
        `${fileName} holds no root; its chain ends in "${topSummary.subject}", a root already in AMT firmware: the devices trust it without a setup.bin (check the certificate with \`certdesk check\`).`,
      );
    }
    const self = container.certificates.find((c) => isSelfSigned(c));
    if (self) throw new CertDeskError('usage', `${fileName}: "${summarize(self).subject}" names itself as issuer, but its self-signature does not verify; it is not a usable root.`);
    throw new CertDeskError(
      'usage',
      `${fileName} holds no root certificate: its chain ends at "${topSummary.subject}", issued by "${topSummary.issuer}". Give that root CA certificate (self-signed) instead.`,
    );
  }
  const summary = summarize(unique[0]);
  return { summary, warnings: [] };
}

/** The root of the chain in the JSON `certdesk check --json` (or `inspect --json`) printed. */
function rootFromCheckJson(fileName: string, text: string): ResolvedRoot {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new CertDeskError('unsupported-format', `${fileName} is not JSON: give the file \`certdesk check FILE --json > ${fileName}\` wrote.`);
  }
  const record = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  const error = record.error as { code?: unknown; message?: unknown } | undefined;
  if (error && typeof error === 'object') {
    throw new CertDeskError('usage', `${fileName} holds an error, not a check: ${String(error.code ?? '')} ${String(error.message ?? '')}`.trim());
  }
  const chain = record.chain;
  if (!Array.isArray(chain) || chain.length === 0) {
    throw new CertDeskError('unsupported-format', `${fileName} has no "chain": give the JSON of \`certdesk check FILE --json\` for a certificate (not a request).`);
  }
  const last = chain[chain.length - 1] as Partial<CertSummary> | null;
  const sha256 = typeof last?.sha256 === 'string' ? last.sha256.replace(/[\s:]/g, '').toUpperCase() : '';
  if (!last || !/^[0-9A-F]{64}$/.test(sha256) || typeof last.subject !== 'string') {
    throw new CertDeskError('unsupported-format', `${fileName}: the last certificate of its chain has no SHA-256 and subject.`);
  }
  if (last.selfSigned !== true) {
    throw new CertDeskError(
      'usage',
      `The check in ${fileName} found no root: its chain ends at "${last.subject}"${typeof last.issuer === 'string' ? `, issued by "${last.issuer}"` : ''}. Check the certificate again with its CA chain, or give the root with --root.`,
    );
  }
  const attributes = Array.isArray(last.subjectAttributes) ? last.subjectAttributes.filter((a) => a && typeof a.value === 'string') : [];
  return {
    summary: { ...last, subject: last.subject, sha256, subjectAttributes: attributes },
    warnings: [],
  };
}

/** A hash name AMT can store: the given one, else the root's CN, as ≤ 32 printable ASCII characters. */
export function hashNameFor(given: string | undefined, root: ResolvedRoot['summary']): string {
  if (given !== undefined) {
    const name = given.trim();
    if (!name || name.length > HASH_NAME_MAX || !/^[\x20-\x7e]+$/.test(name)) {
      throw new CertDeskError('usage', `The hash name must be 1 to ${HASH_NAME_MAX} printable ASCII characters (MEBx shows it in its hash list).`);
    }
    return name;
  }
  const source = commonName(root) ?? root.subject;
  const ascii = source
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .trim();
  return (ascii || 'Custom root').slice(0, HASH_NAME_MAX).trim();
}

function rootWarnings(summary: ResolvedRoot['summary'], now: Date): { warnings: string[]; inFirmware?: string } {
  const warnings: string[] = [];
  const entry = findCatalogueEntry(summary.sha256);
  if (entry) warnings.push(`"${entry.name}" is already in AMT firmware${entry.amtVersions ? ` (${entry.amtVersions})` : ''}: devices trust it without a setup.bin; the file still sets the PKI DNS suffix.`);
  if (summary.signatureHash === 'SHA-1' || summary.signatureHash === 'MD5' || summary.signatureHash === 'MD2') {
    warnings.push(`The root signs itself with ${summary.signatureHash}: AMT 16 and later refuse a chain with SHA-1 anywhere, the root included (Intel AMT SDK, root certificate hashes). Use a SHA-256 root.`);
  }
  if (summary.keyAlgorithm === 'RSA' && typeof summary.keySize === 'number' && summary.keySize < 2048) {
    warnings.push(`The root's RSA key is ${summary.keySize} bits: AMT 16 and later refuse keys under 2048 bits.`);
  }
  if (summary.isCA === false) warnings.push('The root is not marked as a CA (basicConstraints); some devices and provisioning servers refuse such a root.');
  if (summary.notAfter && Date.parse(summary.notAfter) < now.getTime()) warnings.push(`The root expired on ${summary.notAfter.slice(0, 10)}.`);
  return { warnings, ...(entry ? { inFirmware: entry.name } : {}) };
}

export function createSetupBin(input: SetupBinCreateInput, now: Date = new Date()): SetupBinCreateResult {
  // Inputs that need no file are checked first: a typo in the suffix or the password should not wait for a PFX.
  const suffix = checkSuffix(input.suffix);
  if (!suffix.ok) throw new CertDeskError('usage', `${suffix.message} The PKI DNS suffix is the DHCP option 15 domain of the provisioning network.`);
  if (Buffer.byteLength(suffix.suffix, 'latin1') > 255) throw new CertDeskError('usage', 'The PKI DNS suffix is longer than 255 bytes.');

  const current = input.currentMebxPassword ?? FACTORY_MEBX_PASSWORD;
  const currentProblem = currentPasswordProblem(current);
  if (currentProblem) throw new CertDeskError('usage', `The current MEBx password cannot be right: ${currentProblem}`);
  if (input.newMebxPassword !== undefined) {
    const problem = mebxPasswordProblem(input.newMebxPassword);
    if (problem) {
      throw new CertDeskError(
        'usage',
        `MEBx would refuse the new password: ${problem} MEBx passwords are 8–32 characters with a digit, a lower-case and an upper-case letter and a symbol, no : , or " (Intel AMT SDK, "Valid Usernames and Passwords").`,
      );
    }
    if (input.newMebxPassword === current) throw new CertDeskError('usage', 'The new MEBx password is the current one; leave the new password out to keep it.');
  } else if (current === FACTORY_MEBX_PASSWORD) {
    throw new CertDeskError(
      'usage',
      'A device on the factory MEBx password "admin" must get a new one in the same record (MEBx makes the first login change it): give a new MEBx password, or the device\'s current one if it was already changed.',
    );
  }

  let resolved: ResolvedRoot;
  if (input.root.kind === 'file') {
    const bytes = Buffer.from(input.root.file.contentBase64, 'base64');
    if (bytes.length > MAX_FILE_BYTES) throw new CertDeskError('too-large', 'Certificate files over 10 MiB are refused.');
    resolved = rootFromFile(input.root.file.fileName, bytes, input.root.file.password);
  } else {
    resolved = rootFromCheckJson(input.root.fileName, input.root.text);
  }
  const hashName = hashNameFor(input.hashName, resolved.summary);
  const { warnings, inFirmware } = rootWarnings(resolved.summary, now);

  const bytes = buildCustomRootSetupBin({
    currentMebxPassword: current,
    ...(input.newMebxPassword !== undefined ? { newMebxPassword: input.newMebxPassword } : {}),
    suffix: suffix.suffix,
    rootSha256: Buffer.from(resolved.summary.sha256, 'hex'),
    hashName,
    scramble: input.scramble === true,
  });

  // What is handed out is what CertDesk's reader reads back: the suffix and the hash, no format problem.
  const view = readSetupBin('setup.bin', bytes);
  const hash = view.summary.hashes[0];
  if (!view.ok || view.problems.length > 0 || view.summary.pkiDnsSuffix !== suffix.suffix || hash?.hash !== resolved.summary.sha256.toUpperCase() || hash.name !== hashName) {
    throw new CertDeskError('internal', 'The setup.bin read back differs from what was asked; nothing was written.');
  }

  const root: SetupBinRootInfo = {
    subject: resolved.summary.subject,
    sha256: resolved.summary.sha256.toUpperCase(),
    ...(resolved.summary.notAfter ? { notAfter: resolved.summary.notAfter } : {}),
    ...(resolved.summary.signatureHash ? { signatureHash: resolved.summary.signatureHash } : {}),
    ...(resolved.summary.keyAlgorithm ? { keyAlgorithm: resolved.summary.keyAlgorithm } : {}),
    ...(resolved.summary.keySize !== undefined ? { keySize: resolved.summary.keySize } : {}),
    hashName,
    ...(inFirmware ? { inFirmware } : {}),
  };
  return {
    root,
    suffix: suffix.suffix,
    version: `${WRITE_VERSION}.0`,
    scrambled: input.scramble === true,
    mebx: { current: input.currentMebxPassword === undefined ? 'factory-default' : 'given', changesPassword: input.newMebxPassword !== undefined },
    warnings: [...resolved.warnings, ...warnings],
    view,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex').toUpperCase(),
    setupBinBase64: bytes.toString('base64'),
  };
}

/** `setupbin.show`: any setup.bin as the structured view (secrets only when the in-process caller asks). */
export function showSetupBin(fileName: string, bytes: Buffer, options: { showSecrets?: boolean } = {}): SetupBinView {
  if (bytes.length > MAX_FILE_BYTES) throw new CertDeskError('too-large', 'Files over 10 MiB are refused.');
  const decoded = decodeSetupBin(bytes);
  if (!decoded.file) {
    const first = decoded.problems[0];
    throw new CertDeskError('unsupported-format', `${fileName} is not a setup.bin: ${first?.message ?? 'unknown layout'} [${first?.id ?? 'file-type'}]`);
  }
  return describeSetupBin(fileName, bytes.length, decoded, options);
}
