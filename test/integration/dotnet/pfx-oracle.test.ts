// .NET as a second PKCS#12 oracle (issue [7]): every PFX `certdesk export-pfx` writes, AES (default) and
// --legacy (3DES), loads with X509CertificateLoader.LoadPkcs12 / LoadPkcs12Collection under .NET's default
// Pkcs12LoaderLimits, with its private key (which signs) and the full chain. The oracle is a small C# program
// (test/dotnet/pfx-oracle) built here with the .NET SDK into test/dotnet/bin/pfx-oracle, and rebuilt only when
// its sources change. The PFX password reaches it through the environment or stdin, never its command line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, ROOT, runCli } from '../../support/cli';
import { TestCa, tempHome } from '../requests/support';

const ORACLE_SRC = join(ROOT, 'test', 'dotnet', 'pfx-oracle');
const ORACLE_OUT = join(ROOT, 'test', 'dotnet', 'bin', 'pfx-oracle');
const ORACLE_DLL = join(ORACLE_OUT, 'PfxOracle.dll');
const PW = 'Oracle pässwörd "quoted" $(x) 7';
const VAULT = { CERTDESK_VAULT: 'passphrase', CERTDESK_PASSPHRASE: 'dotnet oracle vault passphrase' };
const DOTNET_ENV = { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' };

interface OracleAnswer {
  ok: boolean;
  count?: number;
  leafHasPrivateKey?: boolean;
  leafKeySigns?: boolean;
  leafSha256?: string;
  withKey?: number;
  sha256s?: string[];
  error?: string;
  message?: string;
}

/** Builds the oracle unless the build output is newer than every source file. */
function buildOracle(): void {
  const sources = readdirSync(ORACLE_SRC).filter((f) => /\.(cs|csproj)$/.test(f)).map((f) => statSync(join(ORACLE_SRC, f)).mtimeMs);
  if (existsSync(ORACLE_DLL) && statSync(ORACLE_DLL).mtimeMs >= Math.max(...sources)) return;
  const build = spawnSync('dotnet', ['build', '-c', 'Release', '-o', ORACLE_OUT, '--nologo'], { cwd: ORACLE_SRC, encoding: 'utf8', env: { ...process.env, ...DOTNET_ENV }, timeout: 300_000 });
  if (build.error || build.status !== 0) {
    throw new Error(`dotnet build of the PKCS#12 oracle failed (the .NET SDK 10 is needed): ${build.error?.message ?? ''}${build.stdout}${build.stderr}`);
  }
}

/** Runs the oracle on `file`: the password in PFX_PASSWORD, or on stdin. */
function oracle(file: string, password: string, via: 'env' | 'stdin' = 'env'): OracleAnswer {
  const env: NodeJS.ProcessEnv = { ...process.env, ...DOTNET_ENV };
  delete env.PFX_PASSWORD;
  if (via === 'env') env.PFX_PASSWORD = password;
  const run = spawnSync('dotnet', [ORACLE_DLL, file], { env, input: via === 'stdin' ? `${password}\n` : '', encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  expect(run.status === 0 || run.status === 1, run.stdout).toBe(true);
  return JSON.parse(run.stdout) as OracleAnswer;
}

let home: ReturnType<typeof tempHome>;
let ca: TestCa;
let requestId: string;
let expected: { leaf: string; inter: string; root: string };

const cli = (args: string[]) => {
  const run = runCli(args, { env: { CERTDESK_HOME: home.dir, PFXPW: PW, ...VAULT }, timeoutMs: 60_000 });
  expect(hasStackTrace(run), run.stderr).toBe(false);
  return run;
};

beforeAll(() => {
  buildOracle();
  home = tempHome();
  ca = new TestCa();
  const request = cli(['request', 'new', '--cn', 'rcs.corp.example.com', '--org', 'corp.example.com', '--json']).json();
  requestId = request.id;
  const cert = ca.sign(request.csrPem, 'rcs', { dns: 'rcs.corp.example.com' });
  const done = cli(['request', 'complete', ca.reply(cert, 'p7b'), '--json']);
  expect(done.code, done.stderr).toBe(0);
  expected = { leaf: ca.pki.facts(cert).sha256, inter: ca.pki.facts(ca.inter.cert).sha256, root: ca.pki.facts(ca.root.cert).sha256 };
}, 600_000);

afterAll(() => {
  home?.cleanup();
  ca?.cleanup();
});

describe('.NET loads what export-pfx writes', () => {
  it.each([
    ['AES-256 (default)', [] as string[]],
    ['3DES (--legacy)', ['--legacy']],
  ])('%s: LoadPkcs12 gives the leaf with a working key, LoadPkcs12Collection the full chain', (_name, extra) => {
    const out = join(home.dir, `oracle${extra.join('')}.pfx`);
    const exported = cli(['export-pfx', requestId, '--out', out, '--password-env', 'PFXPW', ...extra, '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    for (const via of ['env', 'stdin'] as const) {
      const answer = oracle(out, PW, via);
      expect(answer, JSON.stringify(answer)).toMatchObject({ ok: true, count: 3, leafHasPrivateKey: true, leafKeySigns: true, withKey: 1, leafSha256: expected.leaf });
      expect([...(answer.sha256s ?? [])].sort()).toEqual([expected.leaf, expected.inter, expected.root].sort());
    }
    // The oracle can say no: the wrong password is refused.
    expect(oracle(out, `${PW}x`)).toMatchObject({ ok: false, error: 'CryptographicException' });
  });

  it('the oracle never gets the password on its command line', () => {
    const source = readFileSync(join(ORACLE_SRC, 'Program.cs'), 'utf8');
    expect(source).toContain('Environment.GetEnvironmentVariable("PFX_PASSWORD")');
    expect(source).toContain('args.Length != 1');
  });
});
