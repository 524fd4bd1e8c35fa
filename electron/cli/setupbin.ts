// `certdesk setupbin`: the custom-root kit's USB provisioning file (issue [10] item 1), and `setupbin show`, its reader.
// Passwords come from environment variables, standard input or a hidden prompt, never from the command line.
import { Command } from 'commander';
import type { SetupBinCreateResult, SetupBinView } from '../../shared/contract/setupbin';
import { CertDeskError } from '../../shared/errors';
import { createSetupBin, showSetupBin } from '../engine/amt/setupbin/create';
import { FACTORY_MEBX_PASSWORD, mebxPasswordProblem } from '../engine/amt/setupbin/mebx';
import { decodeSetupBin } from '../engine/amt/setupbin/read';
import { assertWritable, writeFileAtomic } from '../engine/requests/files';
import {
  EXIT_NOT_READY,
  EXIT_OK,
  canPrompt,
  humanDate,
  promptHidden,
  readStdin,
  readUserFile,
  runCommand,
  sanitize,
  style,
  table,
  writeJson,
  writeLines,
  type JsonOption,
} from './io';

interface CreateOptions extends JsonOption {
  root?: string;
  rootPasswordEnv?: string;
  fromCheck?: string;
  suffix: string;
  mebxPasswordEnv?: string;
  newMebxPasswordEnv?: string;
  newMebxPasswordStdin?: boolean;
  hashName?: string;
  scramble?: boolean;
  out: string;
  force?: boolean;
}

function fromEnv(name: string, what: string): string {
  const value = process.env[name];
  if (value === undefined) throw new CertDeskError('usage', `The environment variable ${name} (${what}) is not set.`);
  if (value === '') throw new CertDeskError('usage', `The environment variable ${name} (${what}) is empty.`);
  return value;
}

/** Text of a JSON file as PowerShell 5.1 (`>` writes UTF-16LE with a BOM) or anything else saved it. */
function jsonText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

async function newPassword(options: CreateOptions, current: string | undefined): Promise<string | undefined> {
  if (options.newMebxPasswordEnv && options.newMebxPasswordStdin) {
    throw new CertDeskError('usage', 'Give the new MEBx password one way only: --new-mebx-password-env or --new-mebx-password-stdin.');
  }
  if (options.newMebxPasswordEnv) return fromEnv(options.newMebxPasswordEnv, 'the new MEBx password');
  if (options.newMebxPasswordStdin) {
    const line = (await readStdin()).split(/\r?\n/)[0];
    if (!line) throw new CertDeskError('usage', 'Standard input holds no new MEBx password (the first line is empty).');
    return line;
  }
  // A device on "admin" needs a new password: ask on a terminal rather than fail.
  if ((current ?? FACTORY_MEBX_PASSWORD) === FACTORY_MEBX_PASSWORD && canPrompt()) {
    const first = await promptHidden('New MEBx password (8-32 characters, upper, lower, digit, symbol): ');
    const problem = mebxPasswordProblem(first);
    if (problem) throw new CertDeskError('usage', `MEBx would refuse the new password: ${problem}`);
    const again = await promptHidden('Repeat the new MEBx password: ');
    if (again !== first) throw new CertDeskError('usage', 'The two passwords differ; nothing was written.');
    return first;
  }
  return undefined;
}

async function create(options: CreateOptions): Promise<SetupBinCreateResult & { file: string }> {
  if (Boolean(options.root) === Boolean(options.fromCheck)) {
    throw new CertDeskError('usage', 'Give the root one way: --root FILE (the root CA certificate, or a file whose chain holds it) or --from-check FILE (the JSON of `certdesk check --json`).');
  }
  assertWritable(options.out, options.force);
  const current = options.mebxPasswordEnv ? fromEnv(options.mebxPasswordEnv, 'the current MEBx password') : undefined;
  const next = await newPassword(options, current);
  const root = options.root
    ? {
        kind: 'file' as const,
        file: {
          fileName: options.root,
          contentBase64: readUserFile(options.root).toString('base64'),
          ...(options.rootPasswordEnv ? { password: fromEnv(options.rootPasswordEnv, 'the password of the --root file') } : {}),
        },
      }
    : { kind: 'check-json' as const, fileName: options.fromCheck!, text: jsonText(readUserFile(options.fromCheck!)) };
  let result: SetupBinCreateResult;
  try {
    result = createSetupBin({
      root,
      suffix: options.suffix,
      ...(current !== undefined ? { currentMebxPassword: current } : {}),
      ...(next !== undefined ? { newMebxPassword: next } : {}),
      ...(options.hashName !== undefined ? { hashName: options.hashName } : {}),
      scramble: options.scramble === true,
    });
  } catch (error) {
    if (error instanceof CertDeskError && error.code === 'wrong-password' && !options.rootPasswordEnv) {
      throw new CertDeskError('wrong-password', `${error.message} Give the --root file's password with --root-password-env NAME.`);
    }
    throw error;
  }
  const bytes = Buffer.from(result.setupBinBase64!, 'base64');
  // Owner-only: the file may hold MEBx passwords. What lands on disk is read back before it replaces anything.
  const file = writeFileAtomic(options.out, bytes, {
    force: options.force,
    mode: 0o600,
    verify: (written) => {
      if (!written.equals(bytes) || !decodeSetupBin(written).file) throw new CertDeskError('internal', 'The file read back differs from what was written; nothing was replaced.');
    },
  });
  const { setupBinBase64: _bytes, download: _download, saved: _saved, ...rest } = result;
  return { file, ...rest };
}

function renderCreate(result: SetupBinCreateResult & { file: string }): string[] {
  const r = result.root;
  return [
    `Wrote ${result.file} (${result.size} bytes, SHA-256 ${result.sha256})`,
    ...table(
      [
        ['Root', sanitize(r.subject)],
        ['Root SHA-256', r.sha256],
        ['Hash name', sanitize(r.hashName)],
        ...(r.notAfter ? [['Root expires', humanDate(r.notAfter)] as [string, string]] : []),
        ['PKI DNS suffix', result.suffix],
        [
          'MEBx password',
          `${result.mebx.current === 'factory-default' ? 'current: factory default "admin"' : 'current: as given'}; ${result.mebx.changesPassword ? 'changed to the new password' : 'kept'}`,
        ],
        ['Format', `setup.bin ${result.version}, one record for every device (not consumed), ${result.scrambled ? 'scrambled' : 'plain'}`],
      ],
      '  ',
    ),
    ...result.warnings.map((w) => `${style.yellow('WARN')}  ${w}`),
    '',
    'Next: copy setup.bin as the first file onto the root of a freshly formatted USB stick, enable USB provisioning in the',
    'BIOS, and boot each device with the stick in. The file holds the MEBx password: keep it like a password.',
  ];
}

function renderShow(view: SetupBinView): string[] {
  const lines: string[] = [];
  const h = view.header;
  lines.push(`${sanitize(view.file)}: setup.bin ${view.version ?? '?'}, ${view.size} bytes, ${view.records.length} record${view.records.length === 1 ? '' : 's'}`);
  if (h) {
    lines.push(
      ...table(
        [
          ['Records', `${h.dataRecordCount} in the header, ${h.dataRecordsConsumed} consumed; ${view.consumable ? 'one device per record (consumed)' : 'every device takes the same record (not consumed)'}`],
          ['Modules', h.moduleList.length ? h.moduleList.join(', ') : '(none listed)'],
        ],
        '  ',
      ),
    );
  }
  for (const record of view.records) {
    lines.push('', `Record ${record.index} (${record.type}${record.valid ? '' : ', used'}${record.scrambled ? ', scrambled' : ''})`);
    lines.push(...table(record.variables.map((v) => [`${v.module}/${v.id} ${v.name}`, sanitize(v.display)] as [string, string]), '  '));
  }
  if (view.problems.length) {
    lines.push('', 'Problems:');
    for (const p of view.problems) lines.push(`  ${p.severity === 'error' ? style.red('ERROR') : style.yellow('WARN ')}  ${p.id}  ${sanitize(p.message)}`);
  } else {
    lines.push('', style.green('No format problems.'));
  }
  return lines;
}

export function registerSetupbinCommands(program: Command): void {
  const setupbin = program
    .command('setupbin')
    .description("build the USB provisioning file (setup.bin) that adds a custom root's SHA-256 hash and the PKI DNS suffix to AMT devices")
    .option('--root <file>', 'the root CA certificate (PEM/DER/PKCS#7/PFX; a file with a chain gives its root)')
    .option('--root-password-env <name>', 'password of a PFX given as --root, from this environment variable')
    .option('--from-check <file>', 'the JSON `certdesk check FILE --json` wrote: its chain\'s root')
    .option('--suffix <dns-suffix>', 'the PKI DNS suffix (the DHCP option 15 domain of the provisioning network)')
    .option('--mebx-password-env <name>', 'the devices\' current MEBx password, from this environment variable (default: the factory "admin")')
    .option('--new-mebx-password-env <name>', 'the MEBx password to set, from this environment variable')
    .option('--new-mebx-password-stdin', 'the MEBx password to set, from standard input (first line)')
    .option('--hash-name <name>', "the name MEBx shows for the hash (≤ 32 ASCII characters; default: the root's CN)")
    .option('--scramble', 'store the record scrambled, as Intel ACU does (obfuscation only)')
    .option('--out <file>', 'the file to write (name it setup.bin on the stick)')
    .option('--force', 'replace --out if it exists')
    .option('--json', 'one JSON document on stdout')
    .action(async (options: CreateOptions) =>
      runCommand(
        options,
        async () => {
          if (!options.suffix) throw new CertDeskError('usage', "Required option '--suffix <dns-suffix>' not specified.");
          if (!options.out) throw new CertDeskError('usage', "Required option '--out <file>' not specified.");
          return create(options);
        },
        (result) => (options.json ? writeJson(result) : writeLines(renderCreate(result))),
      ),
    );

  setupbin
    .command('show')
    .description('read a setup.bin: header, records, variables (passwords hidden) and format problems; exit 1 when it has format errors')
    .argument('<file>', 'the setup.bin to read')
    .option('--show-secrets', 'show MEBx passwords and other secrets in clear')
    .option('--json', 'one JSON document on stdout')
    // `setupbin show FILE --json`: the root program parses options anywhere, so --json may land on `setupbin`
    // itself; optsWithGlobals() sees it wherever it was given.
    .action(async (file: string, _options: JsonOption & { showSecrets?: boolean }, command: Command) => {
      const options = command.optsWithGlobals<JsonOption & { showSecrets?: boolean }>();
      return runCommand(
        options,
        async () => showSetupBin(file, readUserFile(file), { showSecrets: options.showSecrets === true }),
        (view) => {
          if (options.json) writeJson(view);
          else writeLines(renderShow(view));
          return view.ok ? EXIT_OK : EXIT_NOT_READY;
        },
      );
    });
}
