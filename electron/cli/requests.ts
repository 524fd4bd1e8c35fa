// Commands of issue [3]: request new|list|show|delete|complete, export-pfx, expiring (DESIGN.md).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { ExpiringCertificate, RequestCompleteResult, RequestInfo } from '../../shared/contract/requests';
import type { AmtReport, CertSummary } from '../../shared/dto';
import { CertDeskError } from '../../shared/errors';
import { call } from './call';
import { assertWritable, writeFileAtomic } from '../engine/requests/files';
import { DB_FILE } from '../engine/requests/db';
import { dataDir } from '../engine/requests/paths';
import { exportableRequest, setPassphraseProvider, verifyPfx } from '../engine/requests/service';
import { vaultModeFromEnv } from '../engine/requests/vault';
import {
  EXIT_OK,
  type JsonOption,
  canPrompt,
  collect,
  humanDate,
  passwordFromOptions,
  promptHidden,
  promptPassword,
  readStdin,
  readUpload,
  runCommand,
  sanitize,
  statusMark,
  style,
  table,
  writeJson,
  writeLines,
} from './io';

interface VaultOptions {
  passphraseStdin?: boolean;
}

/** --passphrase-stdin: passphrase mode reads the vault passphrase from stdin (first line). */
function useVaultOptions(options: VaultOptions): void {
  if (!options.passphraseStdin) return;
  if (process.env.CERTDESK_VAULT?.toLowerCase() !== 'passphrase') {
    throw new CertDeskError('usage', '--passphrase-stdin applies to passphrase mode only: set CERTDESK_VAULT=passphrase.');
  }
  let cached: Promise<string> | undefined;
  setPassphraseProvider(() => (cached ??= readStdin().then((text) => text.split(/\r?\n/)[0])));
}

const passphraseOption = () =>
  new Option('--passphrase-stdin', 'passphrase mode (CERTDESK_VAULT=passphrase): read the vault passphrase from standard input');

const DAY = 24 * 60 * 60 * 1000;

function daysText(days: number): string {
  if (days < 0) return style.red(`expired ${-days} day${days === -1 ? '' : 's'} ago`);
  const text = `${days} day${days === 1 ? '' : 's'} left`;
  return days <= 30 ? style.red(text) : days <= 60 ? style.yellow(text) : style.green(text);
}

/** The one human date format (io.ts humanDate): 2027-11-25. */
const date = humanDate;

// eslint-disable-next-line no-control-regex
const visibleLength = (text: string): number => text.replace(/\x1b\[[0-9;]*m/g, '').length;

/** Rows of cells as lines: each column but the last padded to its widest cell (or `minWidths`); colours take no width. */
function alignColumns(rows: string[][], minWidths: number[] = []): string[] {
  const widths = rows[0].map((_, i) => Math.max(minWidths[i] ?? 0, ...rows.map((row) => visibleLength(row[i]))));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - visibleLength(cell)))).join('  '));
}

function requestRows(r: RequestInfo): [string, string][] {
  const rows: [string, string][] = [
    ['Request', style.bold(r.id)],
    ...(r.name ? [['Name', sanitize(r.name)] as [string, string]] : []),
    ['Status', r.status === 'completed' ? style.green('completed') : style.yellow('pending')],
    ['Subject', sanitize(r.subject)],
    ['Key', `RSA ${r.keySize}`],
    ['Created', date(r.created)],
    ['CSR SHA-256', r.csrSha256],
  ];
  if (r.completed) rows.push(['Completed', date(r.completed)]);
  if (r.certificate) {
    rows.push(['Thumbprint', r.certificate.sha1]);
    rows.push(['Expires', `${date(r.certificate.notAfter)} (${r.certificate.chain === 'complete' ? daysText(r.certificate.daysLeft) : `${r.certificate.daysLeft} days left`})`]);
    rows.push([
      'Chain',
      r.certificate.chain === 'complete'
        ? style.green('complete (reaches a root)')
        : `${style.red('INCOMPLETE')}: the issuer "${sanitize(r.certificate.missingIssuer ?? '?')}" is missing. Add it: certdesk request complete <ca-chain.p7b>`,
    ]);
  }
  return rows;
}

/** The first line after `request complete`: what happened, and how many chain certificates were added. */
function completionHeadline(result: RequestCompleteResult): string {
  const id = style.bold(result.request.id);
  if (!result.alreadyCompleted) return `Completed request ${id}.`;
  if (!result.chainAdded) {
    return `Request ${id} was already completed with this certificate; the file added no new chain certificate${result.chainComplete ? ' (the chain is complete)' : ''}.`;
  }
  const n = `${result.chainAdded} chain certificate${result.chainAdded === 1 ? '' : 's'}`;
  return `Request ${id} was already completed; added ${n}${result.chainComplete ? ': the chain now reaches the root.' : ', but the chain still does not reach a root.'}`;
}

/** The chain state of a completed request, for lists: "chain complete", or what is missing. */
function chainText(r: RequestInfo): string {
  if (!r.certificate) return '';
  return r.certificate.chain === 'complete' ? style.green('complete') : style.red('INCOMPLETE');
}

function chainLines(chain: CertSummary[]): string[] {
  return chain.map((c, i) => `  ${i === 0 ? 'leaf ' : i === chain.length - 1 && c.selfSigned ? 'root ' : 'CA   '} ${sanitize(c.subject)}  ${style.dim(c.sha1)}`);
}

function checkLines(amt: AmtReport): string[] {
  const lines = [`AMT readiness: ${amt.ready ? style.green('READY') : style.red('NOT READY')}`];
  for (const c of amt.checks) {
    lines.push(`  ${statusMark(c.status)}  ${c.id.padEnd(18)} ${sanitize(c.message)}`);
    if (c.fix && c.status !== 'pass') lines.push(`        ${''.padEnd(18)} ${style.dim('Fix: ' + sanitize(c.fix))}`);
  }
  return lines;
}

function parseIntOption(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new CertDeskError('usage', `${name} takes a whole number, not "${value}".`);
    return Number(value);
  };
}

/** The PFX password: --password-env NAME or --password-stdin; otherwise a prompt (twice) on a terminal. */
async function exportPassword(options: { passwordEnv?: string; passwordStdin?: boolean; passphraseStdin?: boolean }): Promise<string> {
  if (options.passwordEnv && options.passwordStdin) throw new CertDeskError('usage', 'Give the PFX password one way only: --password-env or --password-stdin.');
  if (options.passwordStdin && options.passphraseStdin) {
    throw new CertDeskError('usage', 'Standard input can carry the PFX password or the vault passphrase, not both: use CERTDESK_PASSPHRASE or --password-env.');
  }
  let password = await passwordFromOptions(options);
  if (password === undefined) {
    if (!canPrompt() || options.passphraseStdin) {
      throw new CertDeskError(
        'usage',
        `export-pfx needs a password: --password-env NAME or --password-stdin (there is no terminal to ask on).${process.stdin.isTTY ? '' : ' To read it from the pipe, add --password-stdin.'}`,
      );
    }
    // Ctrl-D or Ctrl-C at either prompt cancels (exit 2); an empty password is refused at once, before the second prompt.
    password = await promptPassword('PFX password: ', 'An empty PFX password is refused: anyone could open the file and take the key.');
    const again = await promptHidden('Repeat the PFX password: ');
    if (again !== password) throw new CertDeskError('usage', 'The two passwords differ; nothing was written.');
  }
  if (!password) throw new CertDeskError('usage', 'An empty PFX password is refused: anyone could open the file and take the key.');
  return password;
}

/**
 * incomplete-chain before the password is asked (twice) for nothing. Only that refusal is raised here; any other
 * problem (an unknown id, a pending request …) is reported by the export itself, in its usual order.
 */
async function refuseIncompleteChainEarly(idOrThumbprint: string, options: { allowIncompleteChain?: boolean }): Promise<void> {
  if (options.allowIncompleteChain) return;
  try {
    await exportableRequest(idOrThumbprint);
  } catch (error) {
    if (error instanceof CertDeskError && error.code === 'incomplete-chain') throw error;
  }
}

/**
 * The CSR file of `request new --out`. The request (and its key) is saved before the file is written, so
 * when the write fails (disk full, read-only folder …) the error says the request exists and where its CSR is:
 * running `request new` again would make a second key.
 */
function writeCsr(out: string, id: string, csrPem: string, force?: boolean): string {
  try {
    return writeFileAtomic(out, csrPem, { force });
  } catch (error) {
    if (!(error instanceof CertDeskError)) throw error;
    throw new CertDeskError(error.code, `${error.message} Request ${id} was saved: \`certdesk request show ${id}\` prints its CSR.`);
  }
}

async function confirmDelete(id: string, options: { yes?: boolean }): Promise<void> {
  if (options.yes) return;
  if (!canPrompt()) throw new CertDeskError('usage', `Deleting a request destroys its private key for good: confirm with --yes (no terminal to ask on).`);
  const shown = await call('request.show', { id });
  process.stderr.write(`Request ${shown.id}  ${sanitize(shown.subject)}  (${shown.status})\n`);
  process.stderr.write('Its private key will be destroyed; a certificate issued for it becomes unusable.\n');
  const answer = await promptText('Type "yes" to delete: ');
  if (answer === '\u0004') throw new CertDeskError('cancelled', 'Cancelled; not deleted.');
  if (answer.trim().toLowerCase() !== 'yes') throw new CertDeskError('cancelled', 'Not deleted.');
}

function promptText(question: string): Promise<string> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    const finish = (answer: string) => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.pause();
      resolve(answer);
    };
    const onData = (chunk: string) => finish(chunk.split(/\r?\n/)[0]);
    // End of input (Ctrl-D) is no answer: it must not leave the process to exit 0 without a word.
    const onEnd = () => {
      process.stderr.write('\n');
      finish('\u0004');
    };
    process.stderr.write(question);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

export function registerRequestCommands(program: Command): void {
  const request = program.command('request').description('certificate requests: new, list, show, delete, complete');

  // ---------------------------------------------------------------- request new
  request
    .command('new')
    .description('generate an RSA key (kept encrypted in the vault) and a CSR for an AMT provisioning certificate')
    .requiredOption('--cn <fqdn>', 'fully qualified name of the provisioning server (CN)')
    .requiredOption(
      '--org <name>',
      'organization (O). Two practices: Intel SCS 3.x puts the DNS context here (corp.example.com); a public CA ' +
        '(OV/EV) validates O as your legal organisation name and refuses anything else. Use what your CA accepts.',
    )
    .option('--name <name>', 'friendly name for the request (up to 64 characters): shown in lists, the default PFX friendly name')
    .option('--key-size <bits>', 'RSA key size: 2048 (default), 3072 or 4096', parseIntOption('--key-size'))
    .option('--country <C>', 'two-letter country code (C)')
    .option('--state <S>', 'state or province (ST)')
    .option('--locality <L>', 'city (L)')
    .option('--out <file>', 'write the CSR (PEM) to this file')
    .option('--force', 'replace --out if it exists')
    .addOption(passphraseOption())
    .option('--json', 'one JSON document on stdout')
    .action(async (options: JsonOption & VaultOptions & { cn: string; org: string; name?: string; keySize?: number; country?: string; state?: string; locality?: string; out?: string; force?: boolean }) =>
      runCommand(
        options,
        async () => {
          useVaultOptions(options);
          if (options.out) assertWritable(options.out, options.force);
          const result = await call('request.new', {
            ...(options.name !== undefined ? { name: options.name } : {}),
            cn: options.cn,
            org: options.org,
            keySize: options.keySize,
            country: options.country,
            state: options.state,
            locality: options.locality,
          });
          const file = options.out ? writeCsr(options.out, result.id, result.csrPem, options.force) : undefined;
          return { ...result, ...(file ? { file } : {}) };
        },
        (result) => {
          if (options.json) return writeJson(result);
          const lines = table(requestRows(result));
          if (result.keySizeWarning) lines.push('', `${statusMark('warn')}  ${result.keySizeWarning}`);
          if (result.file) lines.push('', `CSR written to ${result.file}`);
          else lines.push('', result.csrPem.trimEnd());
          lines.push('', style.dim(`Send the CSR to your CA, then: certdesk request complete <reply.cer>`));
          writeLines(lines);
        },
      ),
    );

  // ---------------------------------------------------------------- request list
  request
    .command('list')
    .description('stored requests, pending and completed')
    .option('--json', 'one JSON document on stdout')
    .action(async (options: JsonOption) =>
      runCommand(
        options,
        () => call('request.list', {}),
        (result) => {
          if (options.json) return writeJson(result);
          const header = style.dim(`Data folder: ${dataDir()}${process.env.CERTDESK_HOME ? ' (CERTDESK_HOME)' : ''}`);
          if (!result.requests.length) return writeLines([header, 'No requests yet. Start one with: certdesk request new --cn FQDN --org DNS_CONTEXT']);
          const rows = result.requests.map((r) => [
            r.id,
            r.status,
            date(r.created),
            `RSA ${r.keySize}`,
            sanitize(r.cn),
            r.name ? sanitize(r.name) : '',
            chainText(r),
            // A request whose chain is incomplete cannot be exported or installed: its days are not shown as good news.
            r.certificate ? `${date(r.certificate.notAfter)} ${r.certificate.chain === 'complete' ? daysText(r.certificate.daysLeft) : `${r.certificate.daysLeft} days left`}` : '',
          ]);
          const head = ['ID', 'STATUS', 'CREATED', 'KEY', 'COMMON NAME', 'NAME', 'CHAIN', 'EXPIRES'];
          const [headLine, ...lines] = alignColumns([head, ...rows]).map((line) => line.trimEnd());
          writeLines([header, style.bold(headLine), ...lines]);
        },
      ),
    );

  // ---------------------------------------------------------------- request show
  request
    .command('show')
    .description('one request: subject, status, CSR, issued certificate and chain')
    .argument('<id>', 'request id (or a unique prefix)')
    .option('--json', 'one JSON document on stdout')
    .action(async (id: string, options: JsonOption) =>
      runCommand(
        options,
        () => call('request.show', { id }),
        (result) => {
          if (options.json) return writeJson(result);
          const lines = table(requestRows(result));
          if (result.chain.length) lines.push('', 'Chain:', ...chainLines(result.chain));
          lines.push('', result.csrPem.trimEnd());
          writeLines(lines);
        },
      ),
    );

  // ---------------------------------------------------------------- request delete
  request
    .command('delete')
    .description('delete a request and destroy its private key (asks first; --yes to skip)')
    .argument('<id>', 'request id (or a unique prefix)')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'one JSON document on stdout')
    .action(async (id: string, options: JsonOption & { yes?: boolean }) =>
      runCommand(
        options,
        async () => {
          await confirmDelete(id, options);
          return call('request.delete', { id });
        },
        (result) => {
          if (options.json) return writeJson(result);
          writeLines([`Deleted request ${result.id} and its private key${result.certificatesRemoved ? ` (${result.certificatesRemoved} certificate(s) removed)` : ''}.`]);
        },
      ),
    );

  // ---------------------------------------------------------------- request complete
  request
    .command('complete')
    .description("complete a pending request with the CA's reply (.cer/.crt PEM or DER, .p7b, PEM bundle); matched by public key")
    .argument('<file>', "the CA's reply")
    .option('--chain <file>', 'intermediate/root certificates sent separately')
    .option('--dns-suffix <suffix>', 'check against this DHCP option 15 suffix (repeatable)', collect)
    .option('--json', 'one JSON document on stdout')
    .action(async (file: string, options: JsonOption & { chain?: string; dnsSuffix?: string[] }) =>
      runCommand(
        options,
        () =>
          call('request.complete', {
            ...readUpload(file),
            ...(options.chain ? { chain: readUpload(options.chain) } : {}),
            ...(options.dnsSuffix?.length ? { dnsSuffixes: options.dnsSuffix } : {}),
          }),
        (result) => {
          if (options.json) return writeJson(result);
          const lines = [
            completionHeadline(result),
            ...(result.alsoUpdated?.length ? [`The same CA certificates were added to request(s) ${result.alsoUpdated.join(', ')}.`] : []),
            '',
            ...table([
              ['Subject', sanitize(result.leaf.subject)],
              ['Issuer', sanitize(result.leaf.issuer)],
              ['Thumbprint', result.leaf.sha1],
              ['Expires', `${date(result.leaf.notAfter)} (${daysText(Math.floor((Date.parse(result.leaf.notAfter) - Date.now()) / DAY))})`],
            ]),
            '',
            'Chain:',
            ...chainLines(result.chain),
            '',
            ...checkLines(result.amt),
            '',
            result.chainComplete
              ? style.dim(`Next: certdesk export-pfx ${result.request.id} --out ${result.request.cn}.pfx`)
              : `${style.yellow('WARN')}  The chain does not reach a root: export-pfx and store import refuse it until you add the CA chain:\n` +
                `      certdesk request complete <ca-chain.p7b>`,
          ];
          writeLines(lines);
        },
      ),
    );

  // ---------------------------------------------------------------- export-pfx
  program
    .command('export-pfx')
    .description('export key + certificate + full chain as a password-protected PFX (PKCS#12)')
    .argument('<id-or-thumbprint>', 'request id, or the certificate thumbprint (SHA-1) / SHA-256')
    .requiredOption('--out <file>', 'the PFX file to write')
    .option('--password-env <name>', 'read the PFX password from this environment variable')
    .option('--password-stdin', 'read the PFX password from standard input (first line)')
    .option('--legacy', '3DES + SHA-1 MAC, for Windows Server 2016 and older (default AES-256 + SHA-256)')
    .option('--friendly-name <name>', "friendly name on the key and certificate (default: the request's name, else the CN)")
    .option('--allow-incomplete-chain', 'export even when the chain does not reach a root (the PFX then lacks the CA certificates AMT needs)')
    .option('--force', 'replace --out if it exists')
    .addOption(passphraseOption())
    .option('--json', 'one JSON document on stdout')
    .action(
      async (
        idOrThumbprint: string,
        options: JsonOption &
          VaultOptions & { out: string; passwordEnv?: string; passwordStdin?: boolean; legacy?: boolean; friendlyName?: string; force?: boolean; allowIncompleteChain?: boolean },
      ) =>
        runCommand(
          options,
          async () => {
            assertWritable(options.out, options.force);
            await refuseIncompleteChainEarly(idOrThumbprint, options);
            const password = await exportPassword(options);
            useVaultOptions(options);
            const result = await call('export.pfx', {
              idOrThumbprint,
              password,
              legacy: options.legacy,
              friendlyName: options.friendlyName,
              ...(options.allowIncompleteChain ? { allowIncompleteChain: true } : {}),
            });
            // In-process, dispatch returns the bytes (only the page transports take them out).
            if (!result.pfxBase64) throw new CertDeskError('internal', 'The engine returned no PFX bytes; nothing was written.');
            const bytes = Buffer.from(result.pfxBase64, 'base64');
            // What lands on disk is read back with the engine's reader and checked before it replaces the target.
            const file = writeFileAtomic(options.out, bytes, {
              force: options.force,
              mode: 0o600,
              verify: (written) => verifyPfx(written, password, { spkiSha256: result.spkiSha256, sha256s: result.sha256s }),
            });
            const { pfxBase64: _omit, download: _download, saved: _saved, ...rest } = result;
            return { file, ...rest };
          },
          (result) => {
            if (options.json) return writeJson(result);
            writeLines([
              `Wrote ${result.file}`,
              ...table(
                [
                  ['Certificate', sanitize(result.leaf.subject)],
                  ['Thumbprint', result.leaf.sha1],
                  ['Contents', `private key + ${result.certificates} certificate${result.certificates === 1 ? '' : 's'}${result.chainComplete ? ' (full chain)' : ' (chain INCOMPLETE: no root; exported with --allow-incomplete-chain)'}`],
                  ['Friendly name', sanitize(result.friendlyName)],
                  ['Encryption', result.encryption === '3des/mac-sha1' ? '3DES, SHA-1 MAC (legacy)' : 'AES-256-CBC, PBKDF2-SHA256, SHA-256 MAC'],
                ],
                '  ',
              ),
            ]);
          },
        ),
    );

  // ---------------------------------------------------------------- where
  program
    .command('where')
    .description('where CertDesk keeps its data: the data folder, the database, the vault mode')
    .option('--json', 'one JSON document on stdout')
    .action(async (options: JsonOption) =>
      runCommand(
        options,
        async () => {
          const folder = dataDir();
          return {
            dataFolder: folder,
            source: process.env.CERTDESK_HOME ? 'CERTDESK_HOME' : 'default',
            database: join(folder, DB_FILE),
            exists: existsSync(join(folder, DB_FILE)),
            vault: vaultModeFromEnv(),
            // Asked after `exists`: the check never creates the database, but the report says what was there.
            vaultStatus: await call('vault.status', {}),
          };
        },
        (result) => {
          if (options.json) return writeJson(result);
          const status = result.vaultStatus;
          writeLines([
            ...table([
              ['Data folder', `${result.dataFolder}${result.source === 'CERTDESK_HOME' ? ' (from CERTDESK_HOME)' : ' (default; set CERTDESK_HOME to use another)'}`],
              ['Database', `${result.database}${result.exists ? '' : ' (not created yet)'}`],
              ['Key vault', result.vault === 'passphrase' ? 'passphrase (CERTDESK_VAULT=passphrase)' : 'OS keychain (default)'],
              ['Vault state', status.available ? `${style.green('ready')}: ${sanitize(status.detail)}` : `${style.red('cannot store keys')}: ${sanitize(status.detail)}`],
              ...(status.fix ? [['Fix', sanitize(status.fix)] as [string, string]] : []),
            ]),
          ]);
        },
      ),
    );

  // ---------------------------------------------------------------- expiring
  program
    .command('expiring')
    .description('stored certificates expiring within N days, with an optional iCalendar file of reminders')
    .option('--days <n>', 'look ahead this many days (default 60)', parseIntOption('--days'))
    .option('--ics <file>', 'write reminders as an iCalendar (.ics) file')
    .option('--alarm-days <n>', 'one calendar alarm this many days before expiry (default: alarms 60, 30 and 1 day before)', parseIntOption('--alarm-days'))
    .option('--force', 'replace --ics if it exists')
    .option('--json', 'one JSON document on stdout')
    .action(async (options: JsonOption & { days?: number; ics?: string; alarmDays?: number; force?: boolean }) =>
      runCommand(
        options,
        async () => {
          if (options.ics) assertWritable(options.ics, options.force);
          const result = await call('expiring', { days: options.days, ics: Boolean(options.ics), alarmDays: options.alarmDays });
          if (!options.ics) return { ...result, file: undefined as string | undefined };
          const { ics, ...rest } = result;
          return { ...rest, file: writeFileAtomic(options.ics, ics ?? '', { force: options.force }) };
        },
        (result) => {
          if (options.json) return writeJson(result);
          const lines: string[] = [];
          if (!result.certificates.length) lines.push(`No stored certificate expires within ${result.days} days.`);
          else {
            lines.push(`Certificates expiring within ${result.days} days:`);
            const rows = result.certificates.map((c: ExpiringCertificate) => [
              date(c.notAfter),
              daysText(c.daysLeft),
              c.role,
              sanitize(c.subject),
            ]);
            lines.push(...alignColumns(rows, [10, 0, 5]).map((line) => `  ${line}`));
          }
          if (result.file) lines.push('', `Calendar reminders written to ${result.file}`);
          writeLines(lines);
          return EXIT_OK;
        },
      ),
    );
}
