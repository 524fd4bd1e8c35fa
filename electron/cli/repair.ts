// `certdesk repair-chain` (issue [10] item 3): of the issuer paths the file, the CA bundles given and the AMT root
// catalogue make, write the one AMT takes (a PFX with the key and exactly that path, full chain to the root), saying
// what was dropped or added and why each other path fails. Passwords never on the command line: the file's from
// --password-env / --password-stdin / a prompt; the new PFX's from --out-password-env, else the file's own.
// A file without a key: the path as a PKCS#7 bundle (--out NAME.p7b); a PFX is refused (a PFX without its key is
// of no use to a provisioning server).
import { extname } from 'node:path';
import type { Command } from 'commander';
import type { ChainPathsInput, ChainPathsResult, ChainRepairResult } from '../../shared/contract/repair';
import type { ChainPath, ChainPathLink, ChainRepair } from '../../shared/dto';
import { CertDeskError } from '../../shared/errors';
import { assertWritable, writeFileAtomic } from '../engine/requests/files';
import { call } from './call';
import {
  EXIT_NOT_READY,
  EXIT_OK,
  type JsonOption,
  canPrompt,
  collect,
  passwordFromOptions,
  pipedPasswordHint,
  promptHidden,
  promptPassword,
  readDeviceHashes,
  readUserFile,
  runCommand,
  sanitize,
  style,
  writeJson,
  writeLines,
} from './io';

interface RepairOptions extends JsonOption {
  caBundle?: string[];
  amtVersion?: string[];
  trustRootHash?: string[];
  dnsSuffix?: string[];
  deviceHashes?: string;
  passwordEnv?: string;
  passwordStdin?: boolean;
  out?: string;
  outPasswordEnv?: string;
  legacy?: boolean;
  friendlyName?: string;
  force?: boolean;
  dryRun?: boolean;
}

/** CA bundles as the contract takes them; named as typed, so the command lines CertDesk prints can be run again. */
export function readCaBundles(paths: string[] | undefined): { fileName: string; contentBase64: string }[] | undefined {
  if (!paths?.length) return undefined;
  return paths.map((path) => ({ fileName: path, contentBase64: readUserFile(path).toString('base64') }));
}

// ---------------------------------------------------------------- rendering (also used by inspect/check)

const SOURCE_WORDS: Record<ChainPathLink['source'], string> = { file: 'file', bundle: 'CA bundle', catalogue: 'catalogue' };

function linkLine(link: ChainPathLink, index: number, last: boolean, path: ChainPath): string {
  const role = index === 0 ? 'leaf' : last && link.selfSigned ? `root${path.root?.inFirmware ? ', in AMT firmware' : ', not in AMT firmware'}` : link.crossSigned ? 'cross-signed' : 'intermediate';
  const from = link.source === 'bundle' && link.bundle ? `CA bundle ${sanitize(link.bundle)}` : SOURCE_WORDS[link.source];
  const hash = link.signatureHash === 'SHA-1' || /^MD/.test(link.signatureHash) ? style.red(link.signatureHash) : link.signatureHash;
  return `  ${index + 1}. "${sanitize(link.name)}"  ${hash}  ${role}  (${from})`;
}

function pathWords(path: ChainPath): string {
  return path.links.map((l) => `"${sanitize(l.name)}"${l.crossSigned ? ' (cross-signed)' : ''}`).join(' → ') + (path.end === 'issuer-missing' ? ' → (issuer missing)' : '');
}

/** The chain repair in readable lines: the chosen path, every other one with its reason, what changes. */
export function renderChainRepair(repair: ChainRepair, presented?: number): string[] {
  const chosen = repair.chosen;
  const lines = ['', style.bold('Chain paths (chain repair)')];
  const ready = chosen.readyFor.length ? `ready for ${chosen.readyFor.join(', ')}` : style.red('not ready for any AMT generation');
  lines.push(`${style.green('Chosen')}: ${chosen.links.length} certificates, ${chosen.end === 'root' ? `ending at the root "${sanitize(chosen.root?.name ?? '')}"` : style.red('not reaching a root')}, ${ready}${chosen.sha2 ? ', SHA-2 throughout' : ''}.`);
  chosen.links.forEach((link, i) => lines.push(linkLine(link, i, i === chosen.links.length - 1, chosen)));
  if (repair.alternatives.length) {
    lines.push('', `Other paths (${repair.alternatives.length}${repair.truncated ? ', more not followed: a bound was reached' : ''}):`);
    repair.alternatives.forEach((alt, i) => {
      lines.push(`  ${String.fromCharCode(65 + (i % 26))}. ${pathWords(alt)}`);
      lines.push(`     ${style.dim(sanitize(alt.reason))}`);
    });
  }
  if (repair.changed) {
    const what = presented !== undefined ? `The file holds ${presented} certificate${presented === 1 ? '' : 's'}; the chosen path has ${chosen.links.length}.` : 'The file holds other certificates than the chosen path.';
    lines.push('', what);
    for (const d of repair.dropped) {
      const which = d.crossSigned ? ` (the cross-signed copy, issued by ${sanitize(d.issuer)})` : '';
      lines.push(`  ${style.yellow('drop')} "${sanitize(d.name)}"${which}: ${sanitize(d.reason)}`);
    }
    for (const a of repair.added) lines.push(`  ${style.green('add')}  "${sanitize(a.name)}": ${sanitize(a.reason)}`);
  } else {
    lines.push('', 'The file already holds exactly the chosen path.');
  }
  return lines;
}

function renderResult(result: ChainPathsResult | (ChainRepairResult & { written: string }), dryRun: boolean): string[] {
  const verdict = result.repaired.ready ? style.green('READY') : style.red('NOT READY');
  const lines = [
    style.bold(`${verdict} with the chosen path: ${sanitize(result.repaired.summary)}`),
    `As the file is: ${result.asIs.ready ? 'ready' : 'not ready'} (${sanitize(result.asIs.summary)})`,
    ...renderChainRepair(result.repair, result.asIs.certificates.length),
    '',
  ];
  if ('written' in result) {
    const o = result.output;
    const contents = o.format === 'pfx' ? `private key + ${o.sha256s.length} certificates (the chosen path)` : `${o.sha256s.length} certificates (the chosen path; no key)`;
    lines.push(`Wrote ${sanitize(result.written)}: ${contents}${o.encryption ? `, ${o.encryption === '3des/mac-sha1' ? '3DES, SHA-1 MAC (legacy)' : 'AES-256-CBC, PBKDF2-SHA256, SHA-256 MAC'}` : ''}.`);
  } else if (dryRun) {
    lines.push(style.dim(`Dry run: nothing written. To write it: ${sanitize(result.command)}`));
  }
  return lines;
}

// ---------------------------------------------------------------- passwords

/** The new PFX's password: --out-password-env, else the file's own, else a prompt (twice) on a terminal. */
async function outPassword(options: RepairOptions, filePassword: string | undefined): Promise<string> {
  if (options.outPasswordEnv) {
    const value = process.env[options.outPasswordEnv];
    if (value === undefined) throw new CertDeskError('usage', `The environment variable ${options.outPasswordEnv} is not set.`);
    if (!value) throw new CertDeskError('usage', 'An empty PFX password is refused: anyone could open the file and take the key.');
    return value;
  }
  if (filePassword) return filePassword;
  if (!canPrompt() || options.passwordStdin) {
    throw new CertDeskError('usage', 'The repaired PFX needs a password: give --out-password-env NAME (the file itself has none to reuse, and there is no terminal to ask on).');
  }
  const password = await promptPassword('Password for the repaired PFX: ', 'An empty PFX password is refused: anyone could open the file and take the key.');
  if ((await promptHidden('Repeat the password: ')) !== password) throw new CertDeskError('usage', 'The two passwords differ; nothing was written.');
  return password;
}

/** chain.paths, asking for the file's password on a terminal when it needs one none was given for. */
async function pathsWithPassword(file: string, request: ChainPathsInput): Promise<{ result: ChainPathsResult; password?: string }> {
  try {
    return { result: await call('chain.paths', request), password: request.password };
  } catch (error) {
    if (error instanceof CertDeskError && error.code === 'wrong-password' && request.password === undefined) {
      if (canPrompt()) {
        const password = await promptPassword(`Password for ${file}: `, `No password typed: ${file} needs one.`);
        return { result: await call('chain.paths', { ...request, password }), password };
      }
      const hint = pipedPasswordHint();
      if (hint) throw new CertDeskError('wrong-password', `${error.message}${hint}`);
    }
    throw error;
  }
}

const P7B = new Set(['.p7b', '.p7c']);

async function repair(file: string, options: RepairOptions): Promise<{ result: ChainPathsResult | (ChainRepairResult & { written: string }); exit: number }> {
  if (options.passwordEnv && options.passwordStdin) throw new CertDeskError('usage', 'Give the password one way only: --password-env or --password-stdin.');
  if (!options.dryRun && !options.out) throw new CertDeskError('usage', 'Give --out FILE (the repaired .pfx, or .p7b for a file without a key), or --dry-run to list the paths only.');
  if (options.out && !options.dryRun) assertWritable(options.out, options.force);
  const request: ChainPathsInput = {
    fileName: file,
    contentBase64: readUserFile(file).toString('base64'),
    password: await passwordFromOptions({ passwordEnv: options.passwordEnv, passwordStdin: options.passwordStdin }),
    ...(options.caBundle?.length ? { caBundles: readCaBundles(options.caBundle) } : {}),
    ...(options.amtVersion?.length ? { amtVersions: options.amtVersion } : {}),
    ...(options.trustRootHash?.length ? { trustRootHashes: options.trustRootHash } : {}),
    ...(options.dnsSuffix?.length ? { dnsSuffixes: options.dnsSuffix } : {}),
    ...(options.deviceHashes ? { deviceHashes: readDeviceHashes(options.deviceHashes) } : {}),
  };
  const { result: paths, password } = await pathsWithPassword(file, request);
  // Exit 0: the chosen path passes every chain check for the asked generations (what a repair can fix); the leaf's
  // own checks (OU, DNS suffix, the key) are `check`'s business and are shown in the headline.
  const exitFor = (ready: boolean) => (ready ? EXIT_OK : EXIT_NOT_READY);
  if (options.dryRun) return { result: paths, exit: exitFor(paths.repaired.chainReady) };

  const out = options.out!;
  const output = P7B.has(extname(out).toLowerCase()) ? 'p7b' : 'pfx';
  if (output === 'pfx' && !paths.hasPrivateKey) {
    throw new CertDeskError(
      'usage',
      `${file} has no private key, and a PFX for the provisioning server needs one: repair the PFX that holds the key, or write the chosen path as a certificate bundle (--out ${out.replace(/\.[^./\\]*$/, '')}.p7b).`,
    );
  }
  if (output === 'pfx' && paths.keyMatchesLeaf === false) {
    throw new CertDeskError('key-mismatch', `The private key in ${file} does not belong to its certificate: no PFX was made.`);
  }
  const chosen = paths.repair.chosen;
  if (chosen.end !== 'root') {
    // The engine refuses it too; said here before a password is asked for nothing.
    const top = chosen.links[chosen.links.length - 1];
    throw new CertDeskError(
      'incomplete-chain',
      `No issuer path of "${chosen.links[0].name}" reaches a root: the issuer of "${top.name}" (${top.issuer}) is in neither the file${paths.repair.bundles.length ? ', the CA bundles' : ''} nor the AMT root catalogue. Give the CA's certificates with --ca-bundle; nothing was written.`,
    );
  }
  const newPassword = output === 'pfx' ? await outPassword(options, password) : undefined;
  const result = await call('chain.repair', {
    ...request,
    ...(password !== undefined ? { password } : {}),
    output,
    ...(newPassword ? { outPassword: newPassword } : {}),
    ...(options.legacy ? { legacy: true } : {}),
    ...(options.friendlyName ? { friendlyName: options.friendlyName } : {}),
  });
  if (!result.fileBase64) throw new CertDeskError('internal', 'The engine returned no file; nothing was written.');
  const bytes = Buffer.from(result.fileBase64, 'base64');
  const written = writeFileAtomic(out, bytes, {
    force: options.force,
    mode: output === 'pfx' ? 0o600 : 0o644,
    verify: (onDisk) => {
      if (!onDisk.equals(bytes)) throw new CertDeskError('internal', `${out} did not read back as written; nothing was saved.`);
    },
  });
  const { fileBase64: _bytes, download: _download, saved: _saved, ...rest } = result;
  return { result: { ...rest, written }, exit: exitFor(result.repaired.chainReady) };
}

export function registerRepairCommands(program: Command): void {
  program
    .command('repair-chain <file>')
    .description('write the issuer path AMT accepts: a PFX with the key and exactly that chain (cross-signed and SHA-1 paths dropped, missing CA certificates added from --ca-bundle)')
    .option('--ca-bundle <file>', 'CA certificates to build paths with (.pem, .p7b, .cer; repeatable)', collect)
    .option('--amt-version <major>', 'choose for this AMT firmware major, e.g. 11, 16 (repeatable; default: every generation in service)', collect)
    .option('--trust-root-hash <hex>', 'also trust this root SHA-256/SHA-1 (a custom root added to the firmware) (repeatable)', collect)
    .option('--dns-suffix <suffix>', 'DNS suffix the AMT clients get from DHCP option 15 (repeatable; judged, does not change the choice)', collect)
    .option('--device-hashes <file>', "root hashes a device reported: `rpc amtinfo --cert --json`, MeshCentral amthashes, or one SHA-256 per line")
    .option('--password-env <name>', "read the file's password from this environment variable")
    .option('--password-stdin', "read the file's password from standard input (first line)")
    .option('--out <file>', 'the repaired file: .pfx (key + chosen path) or, for a file without a key, .p7b')
    .option('--out-password-env <name>', "the repaired PFX's password from this environment variable (default: the file's own password)")
    .option('--legacy', '3DES + SHA-1 MAC, for Windows Server 2016 and older (default AES-256 + SHA-256)')
    .option('--friendly-name <name>', "friendly name on the key and certificate (default: the file's own, else the CN)")
    .option('--force', 'replace --out if it exists')
    .option('--dry-run', 'list the paths, the choice and the reasons; write nothing')
    .option('--json', 'print one JSON document')
    .action((file: string, options: RepairOptions) =>
      runCommand(options, () => repair(file, options), ({ result, exit }) => {
        if (options.json) writeJson(result);
        else writeLines(renderResult(result, !!options.dryRun));
        return exit;
      }),
    );
}
