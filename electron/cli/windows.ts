// Commands of issue [4] (Windows): store import, service list, acl show|grant, verify, association
// detect|launch, elevation. Each maps its arguments onto the operation's input and goes through dispatch
// (the contract's validation), so the CLI, the app and the preview behave the same. `--dry-run` works on
// any OS: it prints the plan a Windows administrator reads (each certificate → store, who gets Read on which key
// file, …), the command lines as they run on a server with CertDesk installed and the JSON the script would get
// on stdin, secrets as '***'; `--show-script` adds the script's text and the modules it dot-sources.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import {
  isDryRun,
  type AccountAccess,
  type AclRule,
  type AclShowResult,
  type DryRunResult,
  type KeyLocation,
  type PlacementEntry,
  STORE_NAMES,
  type StoreImportDryRun,
  type StoreImportOutcome,
} from '../../shared/contract/windows';
import { CertDeskError } from '../../shared/errors';
import { INSTALLED_CLI, windowsCommandLine } from '../engine/windows/installed';
import { call } from './call';
import {
  EXIT_NOT_READY,
  EXIT_OK,
  type JsonOption,
  type PasswordOptions,
  addPasswordOptions,
  canPrompt,
  collect,
  passwordFromOptions,
  promptHidden,
  readUpload,
  runCommand,
  sanitize,
  statusMark,
  style,
  table,
  writeJson,
  writeLines,
} from './io';

interface CommonOptions extends JsonOption {
  dryRun?: boolean;
  showScript?: boolean;
}

interface AccountOptions extends CommonOptions {
  service?: string;
  account?: string;
}

const dryRunOption = () =>
  new Option('--dry-run', 'print the plan, the command lines as they run on the server and the JSON the script would receive (secrets as ***); runs nothing, works on any OS');
const showScriptOption = () => new Option('--show-script', 'with --dry-run: print the PowerShell script text and the modules it dot-sources too');
const jsonOption = () => new Option('--json', 'print one JSON document');
const serviceOption = () => new Option('--service <name>', 'the provisioning service (its logon account is used)');
const accountOption = () => new Option('--account <name>', 'an account: LocalSystem, NT SERVICE\\name, DOMAIN\\user, .\\user or a SID');

/** The certificate in LocalMachine\My and the service or account whose access to its key is meant (acl show, acl grant, verify). */
const keyAndAccount = (command: Command): Command =>
  command.argument('<thumbprint>', 'the certificate in LocalMachine\\My').addOption(serviceOption()).addOption(accountOption());

/** The engine's placement plan as a Windows administrator reads it: each certificate → its store (certlm.msc's names). */
export function planLines(plan: PlacementEntry[]): string[] {
  return [
    style.bold('Placement (decided by CertDesk; the script imports exactly this, into the Local Computer stores):'),
    ...plan.flatMap((p) => [
      `  ${p.store ? style.green(`→ ${STORE_NAMES[p.store]} (LocalMachine\\${p.store})`) : style.yellow('skipped')}  ${sanitize(p.subject)}`,
      style.dim(`      ${sanitize(p.reason)}; SHA-256 ${p.sha256}`),
    ]),
  ];
}

/** What a dry run says beside the script: the operation's plan, and the CertDesk command to run on the server. */
interface DryRunText {
  /** The plan a Windows administrator reads (what would happen, in their words). */
  plan: (result: DryRunResult) => string[];
  /** The certdesk arguments that do this on the server (secrets never: passwords come on stdin). */
  server: string[];
}

/** The dry run as text: the plan, the command lines on an installed CertDesk, the stdin JSON; the script only with --show-script. */
export function renderDryRun(result: DryRunResult, text: DryRunText, showScript = false): string[] {
  const warnings = (result as Partial<StoreImportDryRun>).warnings ?? [];
  return [
    style.bold('Dry run: nothing was run.'),
    ...text.plan(result),
    ...warnings.map((w) => `${statusMark('warn')}  ${sanitize(w)}`),
    '',
    `On the provisioning server${result.needsElevation ? ', from an elevated (administrator) prompt' : ''}:`,
    `  ${windowsCommandLine([INSTALLED_CLI, ...text.server])}`,
    'which runs (the input goes on stdin, never on the command line):',
    `  ${result.windowsCommand}`,
    'Input (JSON on stdin, secrets as ***):',
    JSON.stringify(result.input, null, 2),
    ...(showScript
      ? [
          '',
          style.bold(`Script ${basename(result.script)} (this copy: ${result.script}):`),
          result.scriptText,
          ...(result.modules ?? []).flatMap((module) => ['', style.bold(`Dot-sourced by the script: ${basename(module.path)} (this copy: ${module.path}):`), module.text]),
        ]
      : [style.dim('The script text and the modules it dot-sources: add --show-script.')]),
  ];
}

/** JSON: the result as it is. Text: the dry run, or the command's own rendering. Returns the exit code. */
function output<T>(
  options: CommonOptions,
  result: T | DryRunResult,
  render: (value: T) => string[],
  dry: DryRunText,
  exit?: (value: T) => number,
): number {
  if (options.json) writeJson(result);
  else writeLines(isDryRun(result) ? renderDryRun(result, dry, options.showScript) : render(result as T));
  return isDryRun(result) || !exit ? EXIT_OK : exit(result as T);
}

/** `--service NAME` / `--account NAME` as given, for the server command line. */
const whoArgs = (options: AccountOptions): string[] =>
  options.service ? ['--service', options.service] : options.account ? ['--account', options.account] : [];

/** Whose access to the key is meant, as a sentence part. */
const whoText = (options: AccountOptions): string | null =>
  options.service ? `the logon account of the service ${sanitize(options.service)} (read from the service on the server)` : options.account ? sanitize(options.account) : null;

const KEY_FILE_TEXT =
  'the key file is found on the server from the certificate: CNG → %ProgramData%\\Microsoft\\Crypto\\Keys\\<unique name>, ' +
  'CAPI → %ProgramData%\\Microsoft\\Crypto\\RSA\\MachineKeys\\<unique container name>';

/** The thumbprint as the engine normalises it (what the script gets), else as given. */
const thumbOf = (result: DryRunResult, given: string): string => String((result.input as { thumbprint?: unknown }).thumbprint ?? given);

function keyRows(key: KeyLocation): [string, string][] {
  return [
    ['Certificate', `${key.thumbprint}  ${sanitize(key.subject)}`],
    ['Key', `${key.provider}${key.providerName ? ` (${sanitize(key.providerName)})` : ''}`],
    ['Key file', sanitize(key.keyFile)],
  ];
}

function ruleLines(rules: AclRule[]): string[] {
  return rules.map(
    (r) => `  ${r.type === 'Deny' ? style.red('Deny ') : 'Allow'}  ${sanitize(r.identity).padEnd(36)} ${sanitize(r.rights)}${r.inherited ? style.dim(' (inherited)') : ''}`,
  );
}

function accessLine(access: AccountAccess, service?: string): string {
  const who = `${service ? `${sanitize(service)} runs as ` : ''}${sanitize(access.name)}${access.sid ? ` (${access.sid})` : ''}`;
  if (!access.sid) return `${style.red('UNRESOLVED')}  ${who}: ${sanitize(access.message ?? 'not found')}`;
  return `${access.canRead ? style.green('CAN READ') : style.red('CANNOT READ')}  ${who}${access.via ? ` via ${sanitize(access.via)}` : ''}`;
}

export function registerWindowsCommands(program: Command): void {
  // ---------------------------------------------------------------- store import
  const store = program.command('store').description('Windows: the Local Computer certificate store');
  addPasswordOptions(
    store
      .command('import')
      .description(
        "import a PFX (or a completed request of this computer) into the Local Computer store: the leaf's own chain only (key → My, intermediates → CA, its root → Root; --dry-run shows the plan); idempotent",
      )
      .argument('[file]', 'the PFX / P12 file'),
  )
    .option('--request <id>', 'instead of a file: a completed request (id or certificate thumbprint), exported in-process with its full chain')
    .option('--legacy', 'with --request: accepted for compatibility; the in-process PFX is always 3DES/SHA-1, which every Windows reads')
    .option('--exportable', 'mark the private key exportable (default: not exportable)')
    .option('--allow-incomplete-chain', "import even when the certificate's chain does not reach a root (refused with incomplete-chain otherwise)")
    .addOption(dryRunOption())
    .addOption(showScriptOption())
    .addOption(jsonOption())
    .action((file: string | undefined, options: CommonOptions & PasswordOptions & { exportable?: boolean; request?: string; legacy?: boolean; allowIncompleteChain?: boolean }) =>
      runCommand(
        options,
        async () => {
          if ((file === undefined) === (options.request === undefined)) throw new CertDeskError('usage', 'Give the PFX file or --request ID, exactly one.');
          if (options.request !== undefined) {
            // The PFX only travels from the engine to the import script's stdin: a one-time random password
            // protects it there, and nobody needs to know it.
            const password = randomBytes(24).toString('base64url');
            return call('store.import', {
              requestId: options.request,
              password,
              legacy: options.legacy,
              exportable: options.exportable,
              allowIncompleteChain: options.allowIncompleteChain,
              dryRun: options.dryRun,
            });
          }
          if (options.legacy) throw new CertDeskError('usage', '--legacy applies to --request only: a PFX file is imported as it is.');
          const path = file as string;
          const upload = readUpload(path);
          let password = await passwordFromOptions(options);
          // A dry run checks the password too (the placement plan reads the PFX).
          if (password === undefined && canPrompt()) password = await promptHidden(`Password for ${upload.fileName}: `);
          return call('store.import', { ...upload, password, exportable: options.exportable, allowIncompleteChain: options.allowIncompleteChain, dryRun: options.dryRun });
        },
        (result) =>
          output<StoreImportOutcome>(
            options,
            result,
            (r) => [
              style.bold(`Imported ${sanitize(r.fileName ?? (file ? basename(file) : `request ${options.request}`))} into the Local Computer store${r.exportable ? ' (key exportable)' : ''}:`),
              ...r.certificates.map(
                (c) =>
                  `  ${(c.action === 'already-present' ? style.dim : style.green)(c.action.padEnd(15))} ${c.store.padEnd(17)} ${c.thumbprint}  ${sanitize(c.subject)}${c.hasPrivateKey ? style.cyan('  [private key]') : ''}`,
              ),
              ...(r.warnings ?? []).map((w) => `${statusMark('warn')}  ${sanitize(w)}`),
              ...(r.keyThumbprint ? ['', `Next: certdesk acl grant ${r.keyThumbprint} --service <name>   (certdesk service list finds the service)`] : []),
            ],
            {
              plan: (dry) => [
                options.request !== undefined
                  ? `Request ${sanitize(options.request)} can be exported: its PFX (3DES, every Windows reads it) is made when the import runs and goes to the script's stdin only.`
                  : 'The PFX password was checked: it opens the file.',
                ...planLines((dry as Partial<StoreImportDryRun>).plan ?? []),
                `Private key: ${options.exportable ? style.yellow('exportable (--exportable)') : 'not exportable'}`,
              ],
              server: [
                'store',
                'import',
                ...(options.request !== undefined ? ['--request', options.request] : [basename(file ?? 'file.pfx'), '--password-stdin']),
                ...(options.exportable ? ['--exportable'] : []),
                ...(options.allowIncompleteChain ? ['--allow-incomplete-chain'] : []),
              ],
            },
          ),
      ),
    );

  // ---------------------------------------------------------------- service list
  const service = program.command('service').description('Windows: provisioning services and their logon accounts');
  service
    .command('list')
    .description('list the provisioning services (Intel SCS / RCS / AMT configuration, by name pattern) with logon account and SID')
    .option('--all', 'list every service, not only the ones that look like a provisioning service')
    .addOption(dryRunOption())
    .addOption(showScriptOption())
    .addOption(jsonOption())
    .action((options: CommonOptions & { all?: boolean }) =>
      runCommand(
        options,
        () => call('service.list', { all: options.all, dryRun: options.dryRun }),
        (result) =>
          output(
            options,
            result,
            (r) =>
              r.services.length === 0
                ? [`No service matched ${r.patterns.join(', ')}.`, 'Use --all to list every service, or name the account with --account.']
                : r.services.flatMap((s) => [
                    `${style.bold(sanitize(s.name))}  ${sanitize(s.displayName)}  ${style.dim(`[${sanitize(s.state)}, ${sanitize(s.startMode)}]`)}`,
                    `  runs as ${sanitize(s.account.name || '(none)')}  ${s.account.sid ?? style.yellow(sanitize(s.account.message ?? 'SID unknown'))}  ${style.dim(s.account.kind)}`,
                  ]),
            {
              plan: (dry) => [
                options.all
                  ? 'Would list every service of the server with its logon account and SID.'
                  : `Would list the services whose name or display name matches ${((dry.input as { patterns?: string[] }).patterns ?? []).join(', ')}, with their logon account and SID.`,
              ],
              server: ['service', 'list', ...(options.all ? ['--all'] : [])],
            },
          ),
      ),
    );

  // ---------------------------------------------------------------- acl show | grant
  const acl = program.command('acl').description('Windows: who can read a certificate\'s private key');
  keyAndAccount(acl.command('show').description('show the ACL of the private key file (CNG or CAPI) and whether the service/account can read it'))
    .addOption(dryRunOption())
    .addOption(showScriptOption())
    .addOption(jsonOption())
    .action((thumbprint: string, options: AccountOptions) =>
      runCommand(
        options,
        () => call('acl.show', { thumbprint, service: options.service, account: options.account, dryRun: options.dryRun }),
        (result) =>
          output(
            options,
            result,
            (r: AclShowResult) => [
              ...table(keyRows(r.key)),
              ...(r.owner ? table([['Owner', sanitize(r.owner)]]) : []),
              'Rules:',
              ...ruleLines(r.rules),
              ...(r.account ? ['', accessLine(r.account, r.service)] : []),
            ],
            {
              plan: (dry) => [
                `Would read the ACL of the private key file of certificate ${thumbOf(dry, thumbprint)} (LocalMachine\\My)${whoText(options) ? ` and say whether ${whoText(options)} can read it` : ''}; nothing is changed.`,
                `  ${KEY_FILE_TEXT}`,
              ],
              server: ['acl', 'show', thumbprint, ...whoArgs(options)],
            },
          ),
      ),
    );
  keyAndAccount(acl.command('grant').description('give the service\'s logon account (or an account) Read on the private key file, then read the ACL back'))
    .option('--force', 'grant even to a broad group (Everyone, Users, Authenticated Users, Domain Users, …), which is refused otherwise')
    .addOption(dryRunOption())
    .addOption(showScriptOption())
    .addOption(jsonOption())
    .action((thumbprint: string, options: AccountOptions & { force?: boolean }) =>
      runCommand(
        options,
        () => call('acl.grant', { thumbprint, service: options.service, account: options.account, force: options.force, dryRun: options.dryRun }),
        (result) =>
          output(
            options,
            result,
            (r) => [
              ...table(keyRows(r.key)),
              r.changed ? style.green(`Granted Read to ${sanitize(r.account.name)} (${r.account.sid}).`) : style.dim(`${sanitize(r.account.name)} already had Read; nothing was changed.`),
              'Before:',
              ...ruleLines(r.before),
              'After:',
              ...ruleLines(r.after),
              '',
              accessLine(r.account, r.service),
            ],
            {
              plan: (dry) => [
                `Would give ${whoText(options)} Read on the private key file of certificate ${thumbOf(dry, thumbprint)} (LocalMachine\\My)${options.force ? style.yellow(' (--force: a broad group is allowed)') : ''}:`,
                `  ${KEY_FILE_TEXT};`,
                '  only the file\'s access list (DACL) is written, its owner and audit entries are kept; the rules are read back.',
              ],
              server: ['acl', 'grant', thumbprint, ...whoArgs(options), ...(options.force ? ['--force'] : [])],
            },
          ),
      ),
    );

  // ---------------------------------------------------------------- verify
  keyAndAccount(
    program
      .command('verify')
      .description('Windows: the end state: certificate in LocalMachine\\My with its key, chain builds to an AMT root, the service can read the key, AMT checks'),
  )
    .option('--dns-suffix <suffix>', 'a DHCP option 15 suffix the AMT clients get (repeatable)', collect, [])
    .addOption(dryRunOption())
    .addOption(showScriptOption())
    .addOption(jsonOption())
    .action((thumbprint: string, options: AccountOptions & { dnsSuffix: string[] }) =>
      runCommand(
        options,
        () =>
          call('verify', {
            thumbprint,
            service: options.service,
            account: options.account,
            dnsSuffixes: options.dnsSuffix.length ? options.dnsSuffix : undefined,
            dryRun: options.dryRun,
          }),
        (result) =>
          output(
            options,
            result,
            (r) => [
              style.bold(`${r.thumbprint} in ${r.store}: ${r.ok ? style.green('ready') : style.red('not ready')}`),
              ...r.steps.flatMap((s) => [`  ${statusMark(s.status)}  ${sanitize(s.message)}`, ...(s.fix && s.status !== 'pass' ? [`        ${style.dim(`fix: ${sanitize(s.fix)}`)}`] : [])]),
              ...(r.chain.length ? ['Chain on this machine:', ...r.chain.map((e) => `  ${e.thumbprint}  ${sanitize(e.subject)}${e.status.length ? style.yellow(`  ${e.status.join(', ')}`) : ''}`)] : []),
              ...(r.amt ? ['AMT checks:', ...r.amt.checks.map((c) => `  ${statusMark(c.status)}  ${c.id}: ${sanitize(c.message)}`)] : []),
            ],
            {
              plan: (dry) => [
                `Would check certificate ${thumbOf(dry, thumbprint)}, nothing is changed:`,
                '  in LocalMachine\\My with its private key; the chain builds to a root AMT trusts (the AMT root catalogue);',
                `  ${whoText(options) ? `${whoText(options)} can read the key` : 'who can read the key (no --service or --account given)'};`,
                `  CertDesk's AMT checks on the installed certificate, ${
                  options.dnsSuffix.length ? `with the DNS suffixes ${options.dnsSuffix.map(sanitize).join(', ')} (checked by CertDesk on the script's answer)` : 'without a DNS suffix (--dns-suffix)'
                }.`,
              ],
              server: ['verify', thumbprint, ...whoArgs(options), ...options.dnsSuffix.flatMap((suffix) => ['--dns-suffix', suffix])],
            },
            (r) => (r.ok ? EXIT_OK : EXIT_NOT_READY),
          ),
      ),
    );

  // ---------------------------------------------------------------- association detect | launch
  const association = program.command('association').description('Windows: associate the certificate with the provisioning service (Intel SCS 3.x LoadCert.exe)');
  association
    .command('detect')
    .description('detect Intel SCS 3.x\'s LoadCert.exe and say what to configure otherwise')
    .option('--thumbprint <thumbprint>', 'the certificate to mention in the guidance')
    .addOption(dryRunOption())
    .addOption(showScriptOption())
    .addOption(jsonOption())
    .action((options: CommonOptions & { thumbprint?: string }) =>
      runCommand(
        options,
        () => call('association.detect', { thumbprint: options.thumbprint, dryRun: options.dryRun }),
        (result) =>
          output(
            options,
            result,
            (r) => [
              r.loadCert.found ? style.green(`LoadCert.exe found: ${sanitize(r.loadCert.path ?? '')}${r.loadCert.fileVersion ? ` (${sanitize(r.loadCert.fileVersion)})` : ''}`) : style.yellow('LoadCert.exe not found.'),
              '',
              ...r.guidance,
              '',
              ...r.fallback,
            ],
            {
              plan: () => ["Would look for Intel SCS 3.x's LoadCert.exe (under Program Files\\Intel\\AMTConfServer) and say how to associate the certificate."],
              server: ['association', 'detect', ...(options.thumbprint ? ['--thumbprint', options.thumbprint] : [])],
            },
          ),
      ),
    );
  association
    .command('launch')
    .description('start the detected LoadCert.exe (an administrator prompt appears when not elevated)')
    .addOption(dryRunOption())
    .addOption(showScriptOption())
    .addOption(jsonOption())
    .action((options: CommonOptions) =>
      runCommand(
        options,
        () => call('association.launch', { dryRun: options.dryRun }),
        (result) =>
          output(options, result, (r) => [`Started ${sanitize(r.path)}${r.processId !== null ? ` (process ${r.processId})` : ''}.`], {
            plan: () => ['Would start the LoadCert.exe that the script finds itself (never a path given to it).'],
            server: ['association', 'launch'],
          }),
      ),
    );

  // ---------------------------------------------------------------- elevation
  program
    .command('elevation')
    .description('Windows: is this process elevated (administrator)? Import, ACL and verify need it.')
    .addOption(dryRunOption())
    .addOption(showScriptOption())
    .addOption(jsonOption())
    .action((options: CommonOptions) =>
      runCommand(
        options,
        () => call('elevation.check', { dryRun: options.dryRun }),
        (result) =>
          output(
            options,
            result,
            (r) => [
              r.elevated ? style.green('Elevated (administrator).') : style.yellow('Not elevated: import, acl and verify will ask you to run as administrator.'),
              ...table([
                ['User', `${sanitize(r.user)} (${r.userSid})`],
                ['PowerShell', r.psVersion],
                ['Windows', sanitize(r.osVersion)],
              ]),
            ],
            { plan: () => ['Would say whether CertDesk runs elevated (administrator), as whom, and the PowerShell and Windows versions.'], server: ['elevation'] },
          ),
      ),
    );
}
