// `certdesk export-provisioning` (issue [10] item 2): the file(s) rps or MeshCentral takes, after their own rules.
// Passwords never on the command line (--password-env / --password-stdin / a prompt) and never in output: the only
// place the PFX password is written is inside the file the server needs, owner-only (0600), atomically.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { ProvisioningCheckResult, ProvisioningFileInfo, ProvisioningInput, ServerRule } from '../../shared/contract/provisioning';
import { ProvisioningTarget } from '../../shared/contract/provisioning';
import { CertDeskError } from '../../shared/errors';
import { assertWritable, writeFileAtomic } from '../engine/requests/files';
import { prepareProvisioning, type PreparedFile } from '../engine/provisioning/export';
import { readContainer } from '../engine/pki/read';
import {
  EXIT_NOT_READY,
  EXIT_OK,
  type JsonOption,
  canPrompt,
  passwordFromOptions,
  promptHidden,
  promptPassword,
  readUserFile,
  runCommand,
  sanitize,
  statusMark,
  style,
  table,
  writeJson,
  writeLines,
} from './io';

interface ExportOptions extends JsonOption {
  for: string;
  out: string;
  domainSuffix?: string;
  name?: string;
  passwordEnv?: string;
  passwordStdin?: boolean;
  legacy?: boolean;
  force?: boolean;
}

type CliResult = ProvisioningCheckResult & { written: boolean; files: ProvisioningFileInfo[] };

function isFileSource(source: string): boolean {
  try {
    return existsSync(source) && statSync(source).isFile();
  } catch {
    return false;
  }
}

async function password(options: ExportOptions, fromFile: boolean): Promise<string> {
  if (options.passwordEnv && options.passwordStdin) throw new CertDeskError('usage', 'Give the PFX password one way only: --password-env or --password-stdin.');
  const given = await passwordFromOptions(options);
  if (given !== undefined) {
    if (!given) throw new CertDeskError('usage', 'An empty PFX password is refused: provisioning servers require one.');
    return given;
  }
  if (!canPrompt()) {
    throw new CertDeskError(
      'usage',
      `export-provisioning needs ${fromFile ? "the PFX's password" : 'a password for the PFX'}: --password-env NAME or --password-stdin (there is no terminal to ask on).`,
    );
  }
  const first = await promptPassword(fromFile ? 'PFX password: ' : 'New PFX password: ', 'An empty PFX password is refused: provisioning servers require one.');
  if (!fromFile) {
    const again = await promptHidden('Repeat the PFX password: ');
    if (again !== first) throw new CertDeskError('usage', 'The two passwords differ; nothing was written.');
  }
  return first;
}

/** Where each file goes: rps takes --out as a file (*.json) or a folder; MeshCentral's two files go in a folder. */
function targets(out: string, files: PreparedFile[], target: ProvisioningTarget): string[] {
  const isDir = existsSync(out) && statSync(out).isDirectory();
  // rps: a path ending in .json (or an existing file, replaced with --force) is the file; anything else a folder.
  if (target === 'rps' && !isDir && (out.toLowerCase().endsWith('.json') || existsSync(out))) return [resolve(out)];
  if (!isDir) {
    if (existsSync(out)) throw new CertDeskError('usage', `${out} is a file; --for meshcentral writes two files: give a folder (meshcentral-data).`);
    mkdirSync(out, { recursive: true, mode: 0o700 });
  }
  return files.map((f) => resolve(join(out, f.info.fileName)));
}

/** The file as the server will read it back: rps's JSON parses and carries the same PFX; the PFX opens. */
function verifier(file: PreparedFile, pfxPassword: string): (written: Buffer) => void {
  return (written) => {
    if (!written.equals(file.bytes)) throw new CertDeskError('internal', `${file.info.fileName} did not read back as written; nothing was saved.`);
    if (file.info.role === 'meshcentral-pfx') readContainer(written, pfxPassword);
    else JSON.parse(written.toString('utf8'));
  };
}

function ruleMark(rule: ServerRule): string {
  return rule.status === 'skip' ? style.dim('SKIP') : statusMark(rule.status);
}

function render(result: CliResult): string[] {
  const lines = [result.accepted ? style.green(result.summary) : style.red(result.summary), ''];
  const width = Math.max(...result.rules.map((r) => r.id.length));
  for (const r of result.rules) {
    lines.push(`  ${ruleMark(r)}  ${r.id.padEnd(width)}  ${sanitize(r.message)}`);
    if (r.status === 'fail' && r.fix) lines.push(`  ${' '.repeat(4 + 2 + width)}  ${style.dim('Fix: ' + sanitize(r.fix))}`);
    if (r.status === 'fail' && r.serverSays) lines.push(`  ${' '.repeat(4 + 2 + width)}  ${style.dim(`${result.server} says: "${sanitize(r.serverSays)}"`)}`);
  }
  lines.push('');
  const rows: [string, string][] = [];
  if (result.leaf) rows.push(['Certificate', sanitize(result.leaf.subject)], ['Expires', result.leaf.notAfter.slice(0, 10)]);
  rows.push([result.target === 'rps' ? 'Profile name' : 'Entry name', sanitize(result.name)]);
  if (result.domainSuffix !== undefined) rows.push(['Domain suffix', sanitize(result.domainSuffix)]);
  if (result.matchName) rows.push(['Matches', `devices whose DHCP suffix is ${sanitize(result.matchName)} or under it`]);
  rows.push(['AMT readiness', sanitize(result.readiness.summary)]);
  lines.push(...table(rows));
  if (result.written) {
    lines.push('');
    for (const f of result.files) lines.push(`Wrote ${f.path} ${style.dim('(owner-only: it holds the key or its password)')}`);
    if (result.target === 'rps') lines.push(style.dim('POST it to rps: curl -X POST https://<rps>/api/v1/admin/domains -H "Content-Type: application/json" -H "Authorization: Bearer <token>" -d @<file>'));
    else lines.push(style.dim('Copy the PFX into meshcentral-data and merge the entry into config.json (domains → your domain → AmtAcmActivation), then restart MeshCentral.'));
  } else {
    lines.push('', 'Nothing was written.');
  }
  return lines;
}

export function registerProvisioningCommands(program: Command): void {
  program
    .command('export-provisioning')
    .description("write what rps or MeshCentral takes (rps domain profile JSON; MeshCentral PFX + AmtAcmActivation entry), after that server's own upload rules")
    .argument('<source>', 'request id, certificate thumbprint (SHA-1/SHA-256), or a .pfx file')
    .addOption(new Option('--for <server>', 'the provisioning server').choices(['rps', 'meshcentral']).makeOptionMandatory())
    .requiredOption('--out <path>', 'rps: the JSON file (or a folder); meshcentral: the folder for the PFX and the config entry')
    .option('--domain-suffix <suffix>', "rps: the domain suffix (default: the CN without its first label)")
    .option('--name <name>', 'rps profileName / MeshCentral certificate entry name (default: from the CN)')
    .option('--password-env <name>', 'read the PFX password from this environment variable (for a file: its password)')
    .option('--password-stdin', 'read the PFX password from standard input (first line)')
    .option('--legacy', "a request's PFX with 3DES + SHA-1 MAC (both servers read AES-256 too)")
    .option('--force', 'replace files that exist')
    .option('--json', 'one JSON document on stdout (never the password)')
    .action(async (source: string, options: ExportOptions) =>
      runCommand(
        options,
        async (): Promise<CliResult> => {
          const target = ProvisioningTarget.parse(options.for);
          const fromFile = isFileSource(source);
          const pfxPassword = await password(options, fromFile);
          const input: ProvisioningInput = {
            source: fromFile
              ? { kind: 'file', file: { fileName: basename(source), contentBase64: readUserFile(source).toString('base64') } }
              : { kind: 'request', idOrThumbprint: source },
            target,
            password: pfxPassword,
            ...(options.name !== undefined ? { name: options.name } : {}),
            ...(options.domainSuffix !== undefined ? { domainSuffix: options.domainSuffix } : {}),
            ...(options.legacy ? { legacy: true } : {}),
          };
          const prepared = await prepareProvisioning(input);
          if (!prepared.check.accepted) return { ...prepared.check, written: false, files: prepared.files.map((f) => f.info) };
          const paths = targets(options.out, prepared.files, target);
          for (const path of paths) assertWritable(path, options.force);
          const files: ProvisioningFileInfo[] = [];
          prepared.files.forEach((file, i) => {
            const path = writeFileAtomic(paths[i], file.bytes, { force: options.force, mode: 0o600, verify: verifier(file, pfxPassword) });
            files.push({ ...file.info, fileName: basename(path), path });
          });
          return { ...prepared.check, written: true, files };
        },
        (result) => {
          if (options.json) writeJson(result);
          else writeLines(render(result));
          return result.accepted ? EXIT_OK : EXIT_NOT_READY;
        },
      ),
    );
}
