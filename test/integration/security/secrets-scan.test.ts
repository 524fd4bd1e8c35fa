// Issue [5] "Secrets": after a full workflow — through the real CLI (child processes) and through the real
// preview host (a child process, over HTTP with its token) — nothing that could leak holds a private key, a
// PFX password, the vault passphrase or the vault's data key, in any encoding: every file of CERTDESK_HOME
// (database, WAL, SHM, journals, temp files, raw bytes), every cell of every table (the audit log included),
// all stdout/stderr of every CLI run and of the preview server, the dry-run PowerShell, the HTTP answers, the
// calendar file, and the exported PFX files / one-time download bodies (password-protected by design: they
// must not hold the plaintext key). The keys are taken from the exported PFX by openssl and from the vault
// in-process, and must agree. A first test plants each kind of secret and proves the scan reports it.
// Needs the OS keychain: scripts/with-keyring.sh npx vitest run test/integration/security
import { get as httpGet } from 'node:http';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, ROOT, runCli, type CliRun } from '../../support/cli';
import { openDatabase } from '../../../electron/engine/requests/db';
import { forgetKeychainKey, keytarSource, openVault, passphraseSource, vaultId } from '../../../electron/engine/requests/vault';
import {
  bytesNeedles,
  dataDirSources,
  databaseSources,
  keyNeedles,
  passwordNeedles,
  requireKeyring,
  scanSources,
  TestCa,
  type KeyNeedles,
  type ScanSource,
} from '../requests/support';

/** A GET as a browser navigation sends it (Sec-Fetch-Mode: navigate, same origin). */
function navigationGet(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'same-origin' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const ORG = 'corp.example.com';
const DB_FILE = 'certdesk.db';

/** Unmistakable secrets, one per way a secret enters CertDesk. One is non-ASCII (JSON \u escapes, UTF-16). */
const SECRET = {
  pfxEnv: 'Pfx-Env-Secret-7f3a9c',
  pfxStdin: 'Pfx-Stdin-Secret-2b8e41-Grüße',
  pfxLegacy: 'Pfx-Legacy-Secret-c41d07',
  wrong: 'Wrong-Password-Secret-9e5f12',
  passphrase: 'Vault-Passphrase-Secret-5a7b3d',
  wrongPassphrase: 'Wrong-Passphrase-Secret-0c9a8e',
  previewExport: 'Preview-Export-Secret-3d6f1b',
  previewLegacy: 'Preview-Legacy-Secret-8a2c5e',
  previewImport: 'Preview-Import-Secret-e7b940',
} as const;

const homes: { dir: string; keychain: boolean }[] = [];
const scratch: string[] = [];
let ca: TestCa;

function newDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** The private key inside a PFX, per openssl (`pkcs12 -nodes`), in memory only. */
function pfxKey(pfx: string, password: string, legacy = false): KeyObject {
  const text = execFileSync('openssl', ['pkcs12', ...(legacy ? ['-legacy'] : []), '-in', pfx, '-passin', 'env:PW', '-nocerts', '-nodes'], {
    env: { ...process.env, PW: password },
    stdio: ['pipe', 'pipe', 'pipe'],
  }).toString('utf8');
  return createPrivateKey(text.slice(text.indexOf('-----BEGIN PRIVATE KEY-----')));
}

/** The keys in the vault of `home`, opened in this process with the app's own code; and the vault's data key. */
async function vaultContents(home: string, passphrase?: string): Promise<{ keys: Map<string, KeyObject>; dataKey: Buffer }> {
  const db = openDatabase(home);
  try {
    const source = passphrase === undefined ? keytarSource() : passphraseSource(db, async () => passphrase);
    const vault = await openVault(db, source);
    const rows = db.prepare('SELECT id, nonce, sealed FROM keys').all() as { id: string; nonce: Buffer; sealed: Buffer }[];
    const keys = new Map(rows.map((r) => [r.id, createPrivateKey({ key: vault.open(r.id, { nonce: r.nonce, ciphertext: r.sealed }), format: 'der', type: 'pkcs8' })]));
    const dataKey = await source.dataKey(vaultId(db), false);
    expect(dataKey?.length).toBe(32);
    return { keys, dataKey: dataKey! };
  } finally {
    db.close();
  }
}

const samekey = (a: KeyObject, b: KeyObject) => a.export({ format: 'jwk' }).d === b.export({ format: 'jwk' }).d;

/** The audit log table of a CertDesk database (found by name, not assumed). */
function auditTable(tables: Record<string, unknown[]>): string {
  const name = Object.keys(tables).find((t) => /audit/i.test(t));
  expect(name, Object.keys(tables).join(', ')).toBeDefined();
  return name!;
}

/** The data folder, file by file (raw) and cell by cell; the audit rows; labelled with `when`. */
function collectHome(home: string, when: string): { sources: ScanSource[]; audit: Record<string, unknown>[] } {
  const files = dataDirSources(home).map((s) => ({ ...s, where: `${when} file ${s.where}` }));
  expect(files.map((f) => f.where).some((w) => w.endsWith(DB_FILE))).toBe(true);
  const { sources, tables } = databaseSources(join(home, DB_FILE));
  const audit = tables[auditTable(tables)];
  return { sources: [...files, ...sources.map((s) => ({ ...s, where: `${when} ${s.where}` }))], audit };
}

/** A CLI run on a pseudo-terminal (util-linux `script`), typing `answer` at `prompt`: the delete confirmation. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv, prompt: string, answer: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, join(ROOT, 'bin', 'certdesk.js'), ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let output = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!typed && output.includes(prompt)) {
        typed = true;
        setTimeout(() => child.stdin.write(answer), 150);
      }
    });
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

// ------------------------------------------------------------------------------------------------ the scan

describe('the secrets scan', () => {
  it('reports every kind of planted secret, with where it was found; public key material is not flagged', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' });
    const hexOf = (b64url: string) => Buffer.from(b64url, 'base64url').toString('hex');
    const password = 'Planted-Secret-41c7e2-Grüße';
    const dataKey = Buffer.from('0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff', 'hex');
    const secrets = [keyNeedles(privateKey, 'planted key'), passwordNeedles(password, 'planted password'), bytesNeedles(dataKey, 'planted data key')];
    const dir = newDir('certdesk-planted-');
    const pkcs8Pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const pkcs1Der = privateKey.export({ format: 'der', type: 'pkcs1' }) as Buffer;
    const rsaText = execFileSync('openssl', ['rsa', '-text', '-noout'], { input: pkcs8Pem, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');
    const planted: [string, string | Buffer, RegExp][] = [
      ['key.pem', pkcs8Pem, /planted key PKCS#8 base64 shift \d$/],
      ['key-in.json', JSON.stringify({ pem: pkcs8Pem }), /planted key PKCS#8 base64 shift \d$/],
      ['pkcs1.der', pkcs1Der, /planted key PKCS#1 DER \(private part\)$/],
      ['rsa-text.log', `dump\n${rsaText.slice(rsaText.indexOf('prime1:'), rsaText.indexOf('prime2:'))}`, /planted key p hex$/],
      ['p-upper.log', `p=${hexOf(jwk.p!).toUpperCase()}`, /planted key p hex$/],
      ['d.b64url', `{"d":"${jwk.d}"}`, /planted key d base64url shift 0$/],
      ['dq.b64', `x${Buffer.from(jwk.dq!, 'base64url').toString('base64')}`, /planted key dq base64 shift 0$/],
      ['q.dec', `q = ${BigInt(`0x${hexOf(jwk.q!)}`).toString(10)}`, /planted key q decimal$/],
      ['qinv.bin', Buffer.concat([Buffer.from('xx'), Buffer.from(jwk.qi!, 'base64url')]), /planted key qInv raw$/],
      ['pw-utf16le.txt', Buffer.from(`log: ${password}`, 'utf16le'), /planted password UTF-16LE$/],
      ['pw-utf16be.bin', Buffer.concat([Buffer.from([0x30, 0x82]), Buffer.from(password, 'utf16le').swap16()]), /planted password UTF-16BE$/],
      ['pw-b64.json', JSON.stringify({ auth: Buffer.from(`user:${password}`).toString('base64') }), /planted password base64 shift 2$/],
      ['pw-escaped.json', JSON.stringify({ password }).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), /planted password JSON \\u-escaped$/],
      ['pw.hex', Buffer.from(password).toString('hex').toUpperCase(), /planted password hex$/],
      ['encoded-command.txt', `powershell -EncodedCommand ${Buffer.from(`$p='${password}'`, 'utf16le').toString('base64')}`, /planted password UTF-16LE base64 shift \d$/],
      ['data-key.txt', dataKey.toString('base64'), /planted data key base64 shift 0$/],
    ];
    for (const [name, content] of planted) writeFileSync(join(dir, name), content);
    const found = scanSources(dataDirSources(dir), secrets);
    for (const [name, , what] of planted) {
      const here = found.filter((f) => f.startsWith(`${join(dir, name)}: `));
      expect(here.some((f) => what.test(f)), `${name}: ${here.join('; ') || 'nothing found'}`).toBe(true);
    }
    // Log strings and HTTP bodies are sources too, named by where they came from.
    expect(scanSources([{ where: 'cli stderr (export-pfx)', bytes: `failed for ${password}` }], secrets)).toContain('cli stderr (export-pfx): planted password UTF-8');

    // Public material only: certificate-style modulus and exponent, SPKI PEM/DER, JWK n/e, `openssl rsa -pubin -text`.
    const spkiPem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const pubText = execFileSync('openssl', ['rsa', '-pubin', '-text', '-noout'], { input: spkiPem, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');
    const publicOnly: ScanSource[] = [
      { where: 'spki.pem', bytes: spkiPem },
      { where: 'spki.der', bytes: publicKey.export({ format: 'der', type: 'spki' }) as Buffer },
      { where: 'jwk', bytes: JSON.stringify({ n: jwk.n, e: jwk.e }) },
      { where: 'modulus hex', bytes: hexOf(jwk.n!).toUpperCase() },
      { where: 'openssl -pubin -text', bytes: pubText },
      { where: 'other password', bytes: Buffer.from('Planted-Secret-41c7e3-Grüße', 'utf16le') },
    ];
    expect(scanSources(publicOnly, secrets)).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------ the workflows

/** What one workflow leaves to scan, and the secrets it used. */
interface Harvest {
  sources: ScanSource[];
  /** PFX files and download bodies: protected by their password by design, scanned for everything else. */
  pfxBodies: ScanSource[];
  secrets: KeyNeedles[];
}

function scanHarvest(h: Harvest): string[] {
  expect(h.sources.length).toBeGreaterThan(20);
  expect(h.pfxBodies.length).toBeGreaterThanOrEqual(2);
  expect(h.secrets.length).toBeGreaterThanOrEqual(4);
  return [...scanSources(h.sources, h.secrets), ...scanSources(h.pfxBodies, h.secrets)];
}

interface CliOptions {
  passphrase: boolean;
  debug: boolean;
}

async function cliWorkflow({ passphrase, debug }: CliOptions): Promise<Harvest> {
  const home = newDir('certdesk-home-');
  homes.push({ dir: home, keychain: !passphrase });
  const out = newDir('certdesk-out-');
  const tag = `cli${passphrase ? ' passphrase' : ''}${debug ? ' debug' : ''}`;
  const sources: ScanSource[] = [];
  const pfxBodies: ScanSource[] = [];
  const baseEnv: NodeJS.ProcessEnv = {
    CERTDESK_HOME: home,
    PFX_ENV: SECRET.pfxEnv,
    PFX_LEGACY: SECRET.pfxLegacy,
    PFX_WRONG: SECRET.wrong,
    ...(passphrase ? { CERTDESK_VAULT: 'passphrase', CERTDESK_PASSPHRASE: SECRET.passphrase } : {}),
    ...(debug ? { CERTDESK_DEBUG: '1' } : { CERTDESK_DEBUG: '' }),
  };
  const record = (args: string[], run: { stdout?: string; stderr?: string; output?: string }) => {
    const what = `${tag} \`certdesk ${args.join(' ')}\``;
    if (run.stdout !== undefined) sources.push({ where: `${what} stdout`, bytes: run.stdout });
    if (run.stderr !== undefined) sources.push({ where: `${what} stderr`, bytes: run.stderr });
    if (run.output !== undefined) sources.push({ where: `${what} terminal`, bytes: run.output });
  };
  const cli = (args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; expectCode?: number | number[] } = {}): CliRun => {
    const run = runCli(args, { input: options.input, env: { ...baseEnv, ...options.env }, timeoutMs: 60_000 });
    record(args, run);
    const codes = [options.expectCode ?? 0].flat();
    expect(codes, `${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toContain(run.code);
    // Stack traces only with CERTDESK_DEBUG=1 (that is what it is for).
    if (!debug && !options.env?.CERTDESK_DEBUG) expect(hasStackTrace(run), run.stderr).toBe(false);
    return run;
  };

  // Two requests (the second is deleted at the end); in passphrase mode one gets the passphrase on stdin.
  const csrOut = join(out, 'a.csr');
  const a = { ...cli(['request', 'new', '--cn', 'secrets-a.corp.example.com', '--org', ORG, '--name', 'Secrets scan A', '--out', csrOut, '--json']).json(), csrOut };
  const b = passphrase
    ? cli(['request', 'new', '--cn', 'secrets-b.corp.example.com', '--org', ORG, '--passphrase-stdin', '--json'], { input: `${SECRET.passphrase}\n`, env: { CERTDESK_PASSPHRASE: undefined } }).json()
    : cli(['request', 'new', '--cn', 'secrets-b.corp.example.com', '--org', ORG, '--json']).json();
  expect(a.id).toMatch(/^[0-9a-f]{12}$/);
  expect(b.id).not.toBe(a.id);

  // The CA signs A's CSR; complete it with the PKCS#7 reply (leaf + chain).
  const cert = ca.sign(a.csrPem, `${tag.replace(/\W/g, '-')}-a`, { dns: 'secrets-a.corp.example.com' });
  const done = cli(['request', 'complete', ca.reply(cert, 'p7b'), '--json']).json();
  expect(done.request.id).toBe(a.id);
  const thumbprint: string = done.leaf.sha1;
  cli(['request', 'list', '--json']);
  cli(['request', 'list']);
  cli(['request', 'show', a.id, '--json']);

  // Three exports: password from the environment, from stdin (non-ASCII), legacy.
  const pfxEnv = join(out, 'a-env.pfx');
  const pfxStdin = join(out, 'a-stdin.pfx');
  const pfxLegacy = join(out, 'a-legacy.pfx');
  expect(cli(['export-pfx', a.id, '--out', pfxEnv, '--password-env', 'PFX_ENV', '--json']).json().pfxBase64).toBeUndefined();
  // (In passphrase mode stdin carries the PFX password, so the passphrase comes from CERTDESK_PASSPHRASE.)
  cli(['export-pfx', thumbprint, '--out', pfxStdin, '--password-stdin'], { input: `${SECRET.pfxStdin}\n` });
  expect(cli(['export-pfx', a.id, '--out', pfxLegacy, '--password-env', 'PFX_LEGACY', '--legacy', '--json']).json().encryption).toBe('3des/mac-sha1');

  // Inspect and check each PFX with its password (env and stdin), in JSON and for people.
  for (const [file, how] of [
    [pfxEnv, { args: ['--password-env', 'PFX_ENV'] }],
    [pfxStdin, { args: ['--password-stdin'], input: `${SECRET.pfxStdin}\n` }],
    [pfxLegacy, { args: ['--password-env', 'PFX_LEGACY'] }],
  ] as const) {
    const inspected = cli(['inspect', file, ...how.args, '--json'], { input: 'input' in how ? how.input : undefined }).json();
    expect(inspected.hasPrivateKey).toBe(true);
    cli(['inspect', file, ...how.args], { input: 'input' in how ? how.input : undefined });
    const checked = cli(['check', file, ...how.args, '--dns-suffix', ORG, '--json'], { input: 'input' in how ? how.input : undefined, expectCode: [0, 1] }).json();
    expect(checked.amt.checks.find((c: { id: string }) => c.id === 'private-key').status).toBe('pass');
    cli(['check', file, ...how.args, '--dns-suffix', ORG, '--trust-root-hash', checked.chain.at(-1).sha256], { input: 'input' in how ? how.input : undefined, expectCode: [0, 1] });
  }

  // Windows operations as dry runs: the PFX with its password (env and stdin), a completed request, the ACL.
  const dryRuns: unknown[] = [];
  const imported = cli(['store', 'import', pfxEnv, '--password-env', 'PFX_ENV', '--dry-run', '--json']).json();
  expect(imported.dryRun).toBe(true);
  expect(imported.input.password).toBe('***');
  dryRuns.push(imported);
  cli(['store', 'import', pfxStdin, '--password-stdin', '--dry-run'], { input: `${SECRET.pfxStdin}\n` });
  const byRequest = cli(['store', 'import', '--request', a.id, '--dry-run', '--json']).json();
  expect(byRequest.dryRun).toBe(true);
  dryRuns.push(byRequest);
  cli(['store', 'import', '--request', a.id, '--legacy', '--dry-run']);
  const acl = cli(['acl', 'grant', thumbprint, '--service', 'AMTconfig', '--dry-run', '--json']).json();
  expect(acl.scriptText).toMatch(/\S/);
  dryRuns.push(acl);
  cli(['acl', 'grant', thumbprint, '--account', 'NT SERVICE\\AMTconfig', '--dry-run']);
  for (const dry of dryRuns as { scriptText: string; modules?: unknown; command?: unknown; input?: unknown }[]) {
    sources.push({ where: `${tag} dry-run PowerShell script`, bytes: dry.scriptText });
    sources.push({ where: `${tag} dry-run modules/command/input`, bytes: JSON.stringify([dry.modules, dry.command, dry.input]) });
  }

  // Expiry reminders, with the calendar file.
  const ics = join(out, 'expiring.ics');
  const expiring = cli(['expiring', '--days', '400', '--ics', ics, '--json']).json();
  expect(expiring.certificates.some((c: { sha1: string }) => c.sha1 === thumbprint)).toBe(true);
  cli(['expiring']);

  // Failing calls, with CERTDESK_DEBUG=1 (dispatch prints the error and its stack on stderr).
  const debugEnv = { CERTDESK_DEBUG: '1' };
  const wrong = cli(['inspect', pfxEnv, '--password-env', 'PFX_WRONG', '--json'], { env: debugEnv, expectCode: 2 });
  expect(wrong.json().error.code).toBe('wrong-password');
  expect(wrong.stderr.length).toBeGreaterThan(0);
  cli(['check', pfxLegacy, '--password-stdin'], { input: `${SECRET.wrong}\n`, env: debugEnv, expectCode: 2 });
  cli(['store', 'import', pfxEnv, '--password-env', 'PFX_WRONG', '--dry-run'], { env: debugEnv, expectCode: [0, 2] });
  cli(['export-pfx', a.id, '--out', pfxEnv, '--password-env', 'PFX_ENV', '--json'], { env: debugEnv, expectCode: 2 }); // exists
  // Not dry runs: off Windows they stop with not-windows (before the request's key is opened).
  expect(cli(['store', 'import', pfxEnv, '--password-env', 'PFX_ENV', '--json'], { env: debugEnv, expectCode: 2 }).json().error.code).toBe('not-windows');
  expect(cli(['store', 'import', '--request', a.id, '--json'], { env: debugEnv, expectCode: 2 }).json().error.code).toBe('not-windows');
  expect(cli(['acl', 'grant', thumbprint, '--service', 'AMTconfig', '--json'], { env: debugEnv, expectCode: 2 }).json().error.code).toBe('not-windows');
  if (passphrase) {
    cli(['request', 'list', '--json'], { env: { ...debugEnv, CERTDESK_PASSPHRASE: SECRET.wrongPassphrase }, expectCode: [0, 2] });
    const exportRefused = cli(['export-pfx', a.id, '--out', join(out, 'never.pfx'), '--password-env', 'PFX_ENV', '--json'], {
      env: { ...debugEnv, CERTDESK_PASSPHRASE: SECRET.wrongPassphrase },
      expectCode: 2,
    });
    expect(exportRefused.json().error.code).toBe('wrong-password');
    expect(existsSync(join(out, 'never.pfx'))).toBe(false);
  }

  // The keys: from each PFX per openssl, and from the vault (app code, in-process) before B is deleted.
  const fromPfx = [pfxKey(pfxEnv, SECRET.pfxEnv), pfxKey(pfxStdin, SECRET.pfxStdin), pfxKey(pfxLegacy, SECRET.pfxLegacy, true)];
  const vault = await vaultContents(home, passphrase ? SECRET.passphrase : undefined);
  expect([...vault.keys.keys()].sort()).toEqual([a.id, b.id].sort());
  for (const key of fromPfx) expect(samekey(key, vault.keys.get(a.id)!)).toBe(true);
  expect(samekey(vault.keys.get(a.id)!, vault.keys.get(b.id)!)).toBe(false);

  // Delete B on a terminal, answering "yes".
  const deleteArgs = ['request', 'delete', b.id];
  const deleted = await onTerminal(deleteArgs, baseEnv, 'Type "yes" to delete: ', 'yes\r');
  record(deleteArgs, deleted);
  expect(deleted.code, deleted.output).toBe(0);
  expect(cli(['request', 'show', b.id, '--json'], { expectCode: 2 }).json().error.code).toBe('not-found');
  expect((await vaultContents(home, passphrase ? SECRET.passphrase : undefined)).keys.has(b.id)).toBe(false);

  const collected = collectHome(home, tag);
  const actions = collected.audit.map((r) => String(r.action));
  for (const action of ['vault.create', 'request.new', 'request.complete', 'export.pfx', 'request.delete']) expect(actions, action).toContain(action);
  sources.push(...collected.sources);
  // Every file the CLI wrote outside the data folder (the PFX files, the CSR, the calendar, any temp file left).
  const written = dataDirSources(out);
  expect(written.map((f) => f.where).sort()).toEqual(expect.arrayContaining([a.csrOut, ics, pfxEnv, pfxStdin, pfxLegacy].sort()));
  for (const file of written) (file.where.endsWith('.pfx') ? pfxBodies : sources).push({ where: `${tag} ${file.where}`, bytes: file.bytes });

  const secrets = [
    keyNeedles(vault.keys.get(a.id)!, `${tag} key A`),
    keyNeedles(vault.keys.get(b.id)!, `${tag} key B (deleted)`),
    bytesNeedles(vault.dataKey, `${tag} vault data key`),
    ...[SECRET.pfxEnv, SECRET.pfxStdin, SECRET.pfxLegacy, SECRET.wrong].map((p) => passwordNeedles(p, `password ${p}`)),
    ...(passphrase ? [SECRET.passphrase, SECRET.wrongPassphrase].map((p) => passwordNeedles(p, `passphrase ${p}`)) : []),
  ];
  // The needles of these very keys and secrets do find them (the scan is not blind to this run's material).
  const control = scanSources(
    [
      { where: 'control key', bytes: vault.keys.get(b.id)!.export({ format: 'pem', type: 'pkcs1' }) as string },
      { where: 'control password', bytes: Buffer.from(SECRET.pfxStdin, 'utf16le').swap16() },
      { where: 'control data key', bytes: vault.dataKey.toString('base64') },
    ],
    secrets,
  );
  expect(control.some((f) => f.startsWith('control key: ') && f.includes('key B'))).toBe(true);
  expect(control).toContain(`control password: password ${SECRET.pfxStdin} UTF-16BE`);
  expect(control.some((f) => f.startsWith('control data key: '))).toBe(true);
  return { sources, pfxBodies, secrets };
}

describe('after a full CLI workflow', () => {
  beforeAll(() => {
    requireKeyring();
    ca ??= new TestCa();
  });

  // The keychain run has CERTDESK_DEBUG=1 on its failing calls; the passphrase run has it on every call (errors,
  // stacks and each Windows bridge run are then logged on stderr).
  it('keychain vault: no private key, password or data key in the data folder, database, audit log, output or dry runs', async () => {
    expect(scanHarvest(await cliWorkflow({ passphrase: false, debug: false }))).toEqual([]);
  }, 120_000);

  it('passphrase vault (passphrase from the environment and stdin, and a wrong one), CERTDESK_DEBUG=1: nothing leaks', async () => {
    // scrypt (128 MiB) on every CLI call: slow on a loaded two-core machine.
    expect(scanHarvest(await cliWorkflow({ passphrase: true, debug: true }))).toEqual([]);
  }, 120_000);
});

// ------------------------------------------------------------------------------------------------ preview

interface Preview {
  child: ChildProcess;
  origin: string;
  token: string;
  stdout: () => string;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** The real preview host (`node dist/electron/preview/main.js`, as `npm run preview` runs it) as a child process. */
function startPreview(env: NodeJS.ProcessEnv): Promise<Preview> {
  if (!existsSync(join(ROOT, 'renderer', 'dist', 'index.html'))) throw new Error('renderer/dist is missing: run `npm run build:renderer` first');
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'electron', 'preview', 'main.js')], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview did not start: ${stdout} ${stderr}`)), 20_000);
    const poll = setInterval(() => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)/.exec(stdout);
      if (!m) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        child,
        origin: m[1],
        token: m[2],
        stdout: () => stdout,
        stderr: () => stderr,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    }, 50);
    child.on('exit', () => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`preview exited: ${stdout} ${stderr}`));
    });
  });
}

async function previewWorkflow(): Promise<Harvest> {
  const home = newDir('certdesk-home-');
  homes.push({ dir: home, keychain: true });
  const tag = 'preview';
  const sources: ScanSource[] = [];
  const pfxBodies: ScanSource[] = [];
  const preview = await startPreview({ CERTDESK_HOME: home, CERTDESK_DEBUG: '1' });
  let calls = 0;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const api = async (name: string, input: unknown): Promise<{ ok: boolean; result?: any; error?: { code: string } }> => {
    const response = await fetch(`${preview.origin}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CertDesk-Token': preview.token },
      body: JSON.stringify(input),
    });
    const body = await response.text();
    sources.push({ where: `${tag} response #${++calls} ${name} (HTTP ${response.status})`, bytes: body });
    expect(response.status, body).toBe(200);
    return JSON.parse(body);
  };
  const ok = async (name: string, input: unknown) => {
    const reply = await api(name, input);
    expect(reply.ok, JSON.stringify(reply.error)).toBe(true);
    return reply.result;
  };
  /** GET the one-time download: the PFX bytes (password-protected by design); a second GET is refused. */
  const download = async (url: string, name: string): Promise<Buffer> => {
    // As the browser's download manager fetches it: a navigation (page script's fetch() is refused, and Node's
    // fetch always says Sec-Fetch-Mode: cors, so this is a plain GET with the navigation's headers).
    const response = await navigationGet(`${preview.origin}${url}`);
    expect(response.status).toBe(200);
    const bytes = response.body;
    pfxBodies.push({ where: `${tag} download body ${name}`, bytes });
    const again = await navigationGet(`${preview.origin}${url}`);
    expect(again.status).toBe(404);
    sources.push({ where: `${tag} second download ${name}`, bytes: again.body });
    return bytes;
  };
  try {
    const a = await ok('request.new', { cn: 'preview-a.corp.example.com', org: ORG, name: 'Preview secrets A' });
    const b = await ok('request.new', { cn: 'preview-b.corp.example.com', org: ORG });
    const cert = ca.sign(a.csrPem, 'preview-a', { dns: 'preview-a.corp.example.com' });
    const done = await ok('request.complete', { fileName: 'reply.p7b', contentBase64: readFileSync(ca.reply(cert, 'p7b')).toString('base64') });
    expect(done.request.id).toBe(a.id);
    const thumbprint: string = done.leaf.sha1;
    expect((await ok('request.list', {})).requests).toHaveLength(2);
    await ok('request.show', { id: a.id });

    const exported = await ok('export.pfx', { idOrThumbprint: a.id, password: SECRET.previewExport });
    expect(exported.pfxBase64).toBeUndefined();
    const pfx = await download(exported.download.url, 'export');
    const legacy = await ok('export.pfx', { idOrThumbprint: thumbprint, password: SECRET.previewLegacy, legacy: true });
    const pfxLegacy = await download(legacy.download.url, 'legacy export');
    const out = newDir('certdesk-out-');
    writeFileSync(join(out, 'a.pfx'), pfx);
    writeFileSync(join(out, 'a-legacy.pfx'), pfxLegacy);

    const inspected = await ok('inspect', { fileName: 'a.pfx', contentBase64: pfx.toString('base64'), password: SECRET.previewExport, dnsSuffixes: [ORG], includeViews: true });
    expect(inspected.hasPrivateKey).toBe(true);
    await ok('inspect', { fileName: 'a-legacy.pfx', contentBase64: pfxLegacy.toString('base64'), password: SECRET.previewLegacy });
    const wrong = await api('inspect', { fileName: 'a.pfx', contentBase64: pfx.toString('base64'), password: SECRET.wrong });
    expect(wrong.error?.code).toBe('wrong-password');

    const dryRuns = [
      await ok('store.import', { fileName: 'a.pfx', contentBase64: pfx.toString('base64'), password: SECRET.previewExport }),
      await ok('store.import', { requestId: a.id, password: SECRET.previewImport }),
      await ok('store.import', { requestId: a.id, password: SECRET.previewImport, legacy: true, dryRun: false }),
      await ok('acl.grant', { thumbprint, service: 'AMTconfig' }),
    ];
    for (const dry of dryRuns) {
      expect(dry.dryRun).toBe(true);
      sources.push({ where: `${tag} dry-run PowerShell script`, bytes: String(dry.scriptText) });
    }
    expect(dryRuns[0].input.password).toBe('***');
    const expiring = await ok('expiring', { days: 400, ics: true });
    expect(expiring.certificates.some((c: { sha1: string }) => c.sha1 === thumbprint)).toBe(true);

    // Keys from the PFX downloads (openssl) and from the vault (in-process, while the server has it open).
    const vault = await vaultContents(home);
    expect([...vault.keys.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(samekey(pfxKey(join(out, 'a.pfx'), SECRET.previewExport), vault.keys.get(a.id)!)).toBe(true);
    expect(samekey(pfxKey(join(out, 'a-legacy.pfx'), SECRET.previewLegacy, true), vault.keys.get(a.id)!)).toBe(true);
    expect((await ok('request.delete', { id: b.id })).deleted).toBe(true);
    expect((await api('request.show', { id: b.id })).error?.code).toBe('not-found');

    // The data folder while the server runs, then after it stopped (WAL checkpointed or not).
    const running = collectHome(home, `${tag} (running)`).sources;
    // The server holds the database open: its write-ahead log is there, and scanned, raw.
    expect(running.some((f) => f.where.endsWith(`${DB_FILE}-wal`))).toBe(true);
    sources.push(...running);
    expect(await preview.stop()).toBe(0);
    const collected = collectHome(home, `${tag} (stopped)`);
    const actions = collected.audit.map((r) => String(r.action));
    for (const action of ['vault.create', 'request.new', 'request.complete', 'export.pfx', 'request.delete']) expect(actions, action).toContain(action);
    sources.push(...collected.sources);
    // The server's logs: CERTDESK_DEBUG=1 prints every failed operation (the wrong password) on stderr.
    sources.push({ where: `${tag} server stdout`, bytes: preview.stdout() });
    sources.push({ where: `${tag} server stderr`, bytes: preview.stderr() });
    expect(preview.stderr()).toMatch(/wrong|password|pkcs|mac/i);

    return {
      sources,
      pfxBodies,
      secrets: [
        keyNeedles(vault.keys.get(a.id)!, `${tag} key A`),
        keyNeedles(vault.keys.get(b.id)!, `${tag} key B (deleted)`),
        bytesNeedles(vault.dataKey, `${tag} vault data key`),
        ...[SECRET.previewExport, SECRET.previewLegacy, SECRET.previewImport, SECRET.wrong].map((p) => passwordNeedles(p, `password ${p}`)),
      ],
    };
  } finally {
    if (preview.child.exitCode === null) await preview.stop();
  }
}

describe('after a full workflow through the preview host (HTTP, its token, CERTDESK_DEBUG=1)', () => {
  beforeAll(() => {
    requireKeyring();
    ca ??= new TestCa();
  });

  it('no private key, password or data key in the data folder, database, audit log, HTTP answers, dry runs or server logs', async () => {
    expect(scanHarvest(await previewWorkflow())).toEqual([]);
  });
});

afterAll(async () => {
  // Leave no CertDesk entry behind in the keychain (matters when run under a real desktop keyring).
  for (const home of homes) {
    if (!home.keychain || !existsSync(join(home.dir, DB_FILE))) continue;
    const db = openDatabase(home.dir);
    await forgetKeychainKey(vaultId(db)).catch(() => undefined);
    db.close();
  }
  ca?.cleanup();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
