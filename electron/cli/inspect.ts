// inspect, check, roots, plan: the read-only commands.
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import type { CertSummary, InspectResult, PlanResult, RootEntry } from '../../shared/dto';
import { ekuLabel } from '../../shared/eku-names';
import { CertDeskError } from '../../shared/errors';
import { describeRoot } from '../engine/amt/roots';
import { type PfxProtection, pfxProtection } from '../engine/pki/protection';
import {
  addPasswordOptions,
  canPrompt,
  collect,
  EXIT_NOT_READY,
  EXIT_OK,
  humanDate,
  pipedPasswordHint,
  promptPassword,
  type JsonOption,
  type PasswordOptions,
  passwordFromOptions,
  readDeviceHashes,
  readUserFile,
  runCommand,
  sanitize,
  statusMark,
  style,
  table,
  writeJson,
  writeLines,
} from './io';
import { call } from './call';
import { readCaBundles, renderChainRepair } from './repair';

interface InspectOptions extends JsonOption, PasswordOptions {
  strict?: boolean;
  dnsSuffix?: string[];
  trustRootHash?: string[];
  amtVersion?: string[];
  deviceHashes?: string;
  caBundle?: string[];
}

/** "RSA 2048", "EC P-256 (256)", "EC 1.2.3.4 (size unknown)": the curve by name, never "EC null". */
function describeKey(key: { keyAlgorithm: string; keySize: number | null; curve?: string; curveOid?: string }): string {
  if (key.keyAlgorithm === 'EC') {
    const curve = key.curve ?? key.curveOid ?? 'unknown curve';
    return key.keySize ? `EC ${curve} (${key.keySize} bits)` : `EC ${curve} (size unknown)`;
  }
  return key.keySize ? `${key.keyAlgorithm} ${key.keySize}` : `${key.keyAlgorithm} (size unknown)`;
}

const formatNames: Record<InspectResult['format'], string> = {
  pkcs12: 'PKCS#12 (PFX)',
  'x509-pem': 'X.509 certificate(s), PEM',
  'x509-der': 'X.509 certificate, DER',
  pkcs7: 'PKCS#7 certificate bundle',
  pkcs10: 'PKCS#10 certificate request',
};


/** What the CLI prints: the engine's document, plus the PFX's protection (read from the file's own structure). */
type CliInspectResult = InspectResult & { protection?: PfxProtection; strict?: { ready: boolean; warnings: string[] } };

/** Inspect a file; when it needs a password none was given for and a terminal is attached, ask. */
async function inspectFile(file: string, options: InspectOptions): Promise<CliInspectResult> {
  // Read once: the engine and the protection summary see the same bytes (and a 10 MiB file is not read twice).
  const bytes = readUserFile(file);
  const result = await inspectWithPassword(file, bytes, options);
  const protection = result.format === 'pkcs12' ? pfxProtection(bytes) : undefined;
  const out: CliInspectResult = protection ? { ...result, protection } : result;
  if (options.strict) {
    // --strict (deployment gates): a warning is a failure too, e.g. no --dns-suffix given.
    const warnings = result.amt.checks.filter((c) => c.status === 'warn').map((c) => c.id);
    out.strict = { ready: result.amt.ready && warnings.length === 0, warnings };
  }
  return out;
}

async function inspectWithPassword(file: string, bytes: Buffer, options: InspectOptions): Promise<InspectResult> {
  // Through the operations table like every other command (issue [9] item 7): the contract's schema validates it.
  const request = {
    fileName: file,
    contentBase64: bytes.toString('base64'),
    password: await passwordFromOptions(options),
    dnsSuffixes: options.dnsSuffix,
    trustRootHashes: options.trustRootHash,
    amtVersions: options.amtVersion,
    deviceHashes: readDeviceHashes(options.deviceHashes),
    caBundles: readCaBundles(options.caBundle),
  };
  try {
    return await call('inspect', request);
  } catch (error) {
    const given = request.password !== undefined;
    if (error instanceof CertDeskError && error.code === 'wrong-password' && !given) {
      if (canPrompt()) return call('inspect', { ...request, password: await promptPassword(`Password for ${file}: `, `No password typed: ${file} needs one.`) });
      // A password piped in without --password-stdin is not read: say how.
      const hint = pipedPasswordHint();
      if (hint) throw new CertDeskError('wrong-password', `${error.message}${hint}`);
    }
    throw error;
  }
}

function daysLeft(summary: CertSummary): number {
  return Math.floor((Date.parse(summary.notAfter) - Date.now()) / 86_400_000);
}

function describeCert(summary: CertSummary, indent: string): string[] {
  const left = daysLeft(summary);
  const leftText = left < 0 ? style.red(`expired ${-left} days ago`) : left <= 30 ? style.red(`${left} days left`) : left <= 90 ? style.yellow(`${left} days left`) : style.green(`${left} days left`);
  const rows: [string, string][] = [
    ['Subject', sanitize(summary.subject)],
    ['Issuer', sanitize(summary.issuer)],
    ['Valid', `${humanDate(summary.notBefore)} to ${humanDate(summary.notAfter)} (${leftText})`],
    ['Key', `${describeKey(summary)}, signed with ${summary.signatureHash}`],
    ['Serial', summary.serialNumber],
    ['SHA-1', summary.sha1],
    ['SHA-256', summary.sha256],
  ];
  if (summary.extendedKeyUsage.length) rows.push(['EKU', summary.extendedKeyUsage.map(ekuLabel).join(', ')]);
  if (summary.dnsNames.length) rows.push(['DNS names', sanitize(summary.dnsNames.join(', '))]);
  return table(rows, indent);
}

/** The verdict in one line: the first thing `check` prints. */
export function verdictLine(result: InspectResult): string {
  const word = result.amt.ready ? style.green('READY') : style.red('NOT READY');
  return style.bold(`${word}: ${sanitize(result.amt.summary)}`);
}

function renderGenerations(result: InspectResult): string[] {
  const lines = ['', style.bold('By AMT firmware generation')];
  const width = Math.max(...result.amt.generations.map((g) => g.name.length));
  for (const g of result.amt.generations) {
    const mark = g.ready ? style.green('ready    ') : style.red('not ready');
    const scope = g.asked ? '' : style.dim(g.proposed ? '  (proposed rules, not part of the verdict)' : '  (not asked)');
    lines.push(`  ${g.name.padEnd(width)}  ${mark}${g.reason ? `  ${sanitize(g.reason)}` : ''}${scope}`);
  }
  if (result.amt.deviceHashes) {
    const d = result.amt.deviceHashes;
    lines.push(`  Root judged by the device's list: ${sanitize(d.fileName)} (${d.source}, ${d.active} active hashes)`);
  }
  return lines;
}

function renderChecks(result: InspectResult): string[] {
  const lines = [
    ...renderGenerations(result),
    '',
    style.bold(`AMT readiness${result.amt.subject === 'request' ? ' of the request (fit to send to the CA)' : ''}: ${result.amt.ready ? style.green('READY') : style.red('NOT READY')}`),
  ];
  const width = Math.max(...result.amt.checks.map((c) => c.id.length));
  for (const check of result.amt.checks) {
    lines.push(`  ${statusMark(check.status)}  ${check.id.padEnd(width)}  ${sanitize(check.message)}`);
    if (check.fix && check.status !== 'pass') lines.push(`  ${' '.repeat(4 + 2 + width)}  ${style.dim('Fix: ' + sanitize(check.fix))}`);
  }
  return lines;
}

/** The --strict verdict: warnings count as failures. */
function strictLine(strict: { ready: boolean; warnings: string[] }): string {
  if (strict.ready) return style.green('READY under --strict: no warnings.');
  return style.red(`NOT READY under --strict: warnings count as failures${strict.warnings.length ? ` (${strict.warnings.join(', ')})` : ''}.`);
}

function protectionRows(p: PfxProtection): [string, string][] {
  const rows: [string, string][] = [];
  if (p.certificates) rows.push(['Certificates', p.certificates]);
  if (p.key) rows.push(['Key', p.key]);
  rows.push(['MAC', p.mac ?? 'none (the file has no integrity check)']);
  rows.push([
    'Windows',
    p.needsModernWindows
      ? 'AES/PBES2: Windows Server 2019 / Windows 10 1709 and later; Server 2016 and older cannot import it (export with --legacy)'
      : 'readable by every Windows version (3DES/RC2)',
  ]);
  if (p.friendlyNames.length) rows.push(['Friendly name', p.friendlyNames.map(sanitize).join(', ')]);
  return rows;
}

export function renderInspect(result: CliInspectResult): string[] {
  const keyText = result.hasPrivateKey ? (result.keyMatchesLeaf ? 'yes, matches the leaf' : 'yes, but it matches no certificate') : 'no';
  const lines = [verdictLine(result)];
  if (result.strict) lines.push(strictLine(result.strict));
  lines.push('');
  lines.push(...table(
    [
      ['File', sanitize(result.file)],
      ['Format', formatNames[result.format]],
      ['Private key', keyText],
    ],
  ));
  if (result.protection) lines.push('', style.bold('Protection'), ...table(protectionRows(result.protection), '  '));
  if (result.request) {
    lines.push('', style.bold('Certificate request'));
    lines.push(
      ...table(
        [
          ['Subject', sanitize(result.request.subject)],
          ['Key', describeKey(result.request)],
          ['Signature', result.request.signatureValid ? 'valid' : style.red('INVALID')],
        ],
        '  ',
      ),
    );
  }
  result.chain.forEach((cert, index) => {
    const role = index === 0 ? 'Leaf' : index === result.chain.length - 1 ? (cert.selfSigned ? 'Root' : 'Top (issuer missing)') : 'Intermediate';
    lines.push('', style.bold(`${index + 1}. ${role}`));
    lines.push(...describeCert(cert, '   '));
  });
  if (result.others.length) {
    lines.push('', style.bold(`Other certificates in the file (not on the leaf's chain): ${result.others.length}`));
    for (const other of result.others) lines.push(...describeCert(other, '   '), '');
  }
  lines.push(...renderChecks(result));
  if (result.amt.chainRepair) lines.push(...renderChainRepair(result.amt.chainRepair));
  return lines;
}

function renderRoots(roots: RootEntry[]): string[] {
  const lines = [style.bold(`${roots.length} root certificate hashes trusted by Intel AMT firmware for remote configuration`), ''];
  for (const root of roots) {
    lines.push(sanitize(root.name));
    lines.push(`  SHA-256 ${root.sha256}`);
    if (root.sha1) lines.push(`  SHA-1   ${root.sha1}`);
    // Key, self-signature, expiry, firmware range, and the first generation that refuses the root itself.
    lines.push(`  ${describeRoot(root, new Date(), style.red)}`);
  }
  lines.push('', style.dim('Sources for every column: certdesk roots --json (source, certificateSource, firmware.source).'));
  return lines;
}

function renderPlan(plan: PlanResult): string[] {
  const lines = [style.bold(`${plan.certificates.length} provisioning certificate(s) needed`)];
  plan.certificates.forEach((cert, index) => {
    lines.push('', `${index + 1}. CN=${cert.commonName}, OU=${cert.organizationalUnit}, O=${cert.organization}`);
    lines.push(`   install on: ${cert.server}`);
    for (const serve of cert.serves) lines.push(`   serves DHCP option 15 suffix ${serve.suffix}${serve.rule === 'second-level-domain' ? " (by AMT's second-level-domain rule)" : ''}`);
  });
  if (plan.notes.length) lines.push('', ...plan.notes.map((note) => `Note: ${note}`));
  return lines;
}

function addCheckOptions(command: Command): Command {
  return command
    .option('--dns-suffix <suffix>', 'DNS suffix the AMT clients get from DHCP option 15 (repeatable)', collect)
    .option('--trust-root-hash <hex>', 'also trust this root SHA-256/SHA-1 (a custom root added to the firmware) (repeatable)', collect)
    .option('--amt-version <major>', 'judge for this AMT firmware major, e.g. 11, 12, 16, 19 (repeatable; default: every generation in service)', collect)
    .option('--device-hashes <file>', "root hashes a device reported: `rpc amtinfo --cert --json`, MeshCentral amthashes, or one SHA-256 per line")
    .option('--ca-bundle <file>', 'CA certificates for the chain paths (amt.chainRepair; repeatable): never part of the verdict', collect);
}

/** inspect and check print the same document; they differ only in their exit code. */
const fileCommands: { name: string; description: string; exitCode: (result: CliInspectResult) => number }[] = [
  { name: 'inspect', description: 'show what a certificate file holds', exitCode: () => EXIT_OK },
  {
    name: 'check',
    description: 'judge whether Intel AMT will accept the certificate (exit 0 ready, 1 not ready)',
    exitCode: (result) => ((result.strict ? result.strict.ready : result.amt.ready) ? EXIT_OK : EXIT_NOT_READY),
  },
];

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function registerInspectCommands(program: Command): void {
  for (const { name, description, exitCode } of fileCommands) {
    const command = addCheckOptions(addPasswordOptions(program.command(`${name} <file>`).description(description)));
    if (name === 'check') command.option('--strict', 'deployment gate: warnings count as failures (e.g. no --dns-suffix given); exit 1 on any warning');
    // check DIR (issue [10] item 4): a folder goes to the fleet table (cli/fleet.ts), loaded only then.
    if (name === 'check') command.option('--csv', 'with a folder: the fleet table as CSV');
    command
      .option('--json', 'print one JSON document')
      .action((file: string, options: InspectOptions & { csv?: boolean }) =>
        name === 'check' && isDirectory(file)
          ? options.caBundle?.length
            ? runCommand(options, async () => {
                throw new CertDeskError('usage', '--ca-bundle applies to one certificate file (its chain paths), not to a folder.');
              }, () => undefined)
            : (require('./fleet') as typeof import('./fleet')).runFleetCheck(file, options) // eslint-disable-line @typescript-eslint/no-require-imports
          : runCommand(options, () => inspectFile(file, options), (result) => {
          if (options.json) writeJson(result);
          else writeLines(renderInspect(result));
          return exitCode(result);
        }),
      );
  }

  program
    .command('roots')
    .description('list the root certificate hashes embedded in Intel AMT firmware')
    .option('--json', 'print one JSON document')
    .action((options: JsonOption) =>
      runCommand(options, () => call('roots', {}), (roots) => {
        if (options.json) writeJson(roots);
        else writeLines(renderRoots(roots));
      }),
    );

  program
    .command('plan')
    .description('how many provisioning certificates, with which names, for which DHCP suffixes and servers')
    .requiredOption('--suffix <suffix>', 'DNS suffix from DHCP option 15 (repeatable)', collect)
    .option('--server <fqdn>', 'provisioning server FQDN (repeatable)', collect)
    .option('--org <name>', 'organization (O) for the requests; default: the DNS context')
    .option('--json', 'print one JSON document')
    .action((options: JsonOption & { suffix: string[]; server?: string[]; org?: string }) =>
      runCommand(options, () => call('plan', { suffixes: options.suffix, servers: options.server, organization: options.org }), (plan) => {
        if (options.json) writeJson(plan);
        else writeLines(renderPlan(plan));
      }),
    );
}
