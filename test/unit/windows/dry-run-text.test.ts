// Issue 13 item 16: `--dry-run` in human output is the plan a Windows administrator reads (each certificate →
// store, key not exportable, who gets Read on which key file), then the command lines as they run on a server with
// CertDesk installed (never the development tree) with the inputs given, and the stdin JSON with secrets as ***.
// The script text and its modules only with --show-script. `--json` keeps every field it had and adds windowsCommand.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWindowsHandlers } from '../../../electron/operations/handlers/windows';
import {
  INSTALLED_CLI,
  INSTALLED_SCRIPTS_DIR,
  quoteWindowsArg,
  serverPowerShell,
  serverScriptPath,
  windowsCommandLine,
} from '../../../electron/engine/windows/installed';
import { isDryRun } from '../../../shared/contract/windows';
import { ROOT, runCli } from '../../support/cli';
import { Pki } from '../../support/openssl';
import { recording } from './recording';

const PASSWORD = 'Dry-run "plan" $(secret)';
const THUMB = 'ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01';
const NORMAL = 'ABCDEF0123456789ABCDEF0123456789ABCDEF01';
const SCRIPTS = join(ROOT, 'electron', 'engine', 'windows', 'scripts');
const INSTALLED = 'C:\\Program Files\\CertDesk\\resources\\app.asar.unpacked\\electron\\engine\\windows\\scripts';
const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

let pki: Pki;
let pfx: string;
beforeAll(() => {
  pki = new Pki();
  const root = pki.root('root');
  const leaf = pki.issue('leaf', root, { subject: '/CN=prov.corp.example.com' });
  pfx = pki.path(pki.pfx('prov', leaf, [root], { password: PASSWORD }));
});
afterAll(() => pki?.cleanup());

describe('installed paths (build/electron-builder.json: asarUnpack, extraResources certdesk.cmd)', () => {
  it('the default per-machine install folder', () => {
    expect(INSTALLED_SCRIPTS_DIR).toBe(INSTALLED);
    expect(INSTALLED_CLI).toBe('C:\\Program Files\\CertDesk\\resources\\certdesk.cmd');
  });

  it('off Windows, or on Windows from a development tree: the installed default; an installed CertDesk: its own folder', () => {
    expect(serverScriptPath('verify.ps1', { platform: 'linux', scriptsDir: SCRIPTS, powershell: 'x' })).toBe(`${INSTALLED}\\verify.ps1`);
    expect(serverScriptPath('verify.ps1', { platform: 'win32', scriptsDir: 'D:\\src\\certdesk\\electron\\engine\\windows\\scripts', powershell: 'x' })).toBe(
      `${INSTALLED}\\verify.ps1`,
    );
    const custom = 'D:\\Tools\\CertDesk\\resources\\app.asar.unpacked\\electron\\engine\\windows\\scripts';
    expect(serverScriptPath('verify.ps1', { platform: 'win32', scriptsDir: custom, powershell: 'x' })).toBe(`${custom}\\verify.ps1`);
    expect(serverPowerShell({ platform: 'linux', scriptsDir: SCRIPTS, powershell: '/nope' })).toBe(POWERSHELL);
    expect(serverPowerShell({ platform: 'win32', scriptsDir: SCRIPTS, powershell: 'E:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' })).toMatch(/^E:/);
  });

  it('quotes what a Windows prompt needs quoted', () => {
    expect(quoteWindowsArg('corp.example.com')).toBe('corp.example.com');
    expect(quoteWindowsArg('NT SERVICE\\AMTconfig')).toBe('"NT SERVICE\\AMTconfig"');
    expect(quoteWindowsArg('a"b')).toBe('"a""b"');
    expect(quoteWindowsArg('')).toBe('""');
    expect(windowsCommandLine(['x y', 'z'])).toBe('"x y" z');
  });

  it('every dry run carries windowsCommand beside the unchanged command', async () => {
    const { context } = recording();
    const out = await createWindowsHandlers({ ...context, platform: 'linux' }, () => undefined)['verify']({ thumbprint: NORMAL, dryRun: true });
    expect(isDryRun(out)).toBe(true);
    if (!isDryRun(out)) return;
    expect(out.command).toEqual([expect.any(String), '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', out.script]);
    expect(out.windowsCommand).toBe(`${POWERSHELL} -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "${INSTALLED}\\verify.ps1"`);
  });
});

describe('the CLI dry run, as text', () => {
  it('store import: the password checked, each certificate → store, key not exportable, the server command lines, no script', () => {
    const run = runCli(['store', 'import', pfx, '--password-stdin', '--dry-run'], { input: `${PASSWORD}\n` });
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/^The PFX password was checked/m);
    expect(out).toMatch(/→ Personal \(LocalMachine\\My\) {2}CN=prov\.corp\.example\.com/);
    expect(out).toMatch(/^Private key: not exportable$/m);
    expect(out).toContain(`"${INSTALLED_CLI}" store import prov.pfx --password-stdin`);
    expect(out).toContain(`${POWERSHELL} -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "${INSTALLED}\\import-pfx.ps1"`);
    expect(out).toContain('"password": "***"');
    expect(out).not.toContain(ROOT);
    expect(out).not.toContain('Set-StrictMode');
    expect(out).toContain('add --show-script');
    expect(out + run.stderr).not.toContain(PASSWORD);
  });

  it('store import: a wrong password fails before any plan (exit 2, wrong-password)', () => {
    const run = runCli(['store', 'import', pfx, '--password-stdin', '--dry-run'], { input: 'wrong\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\[wrong-password\]$/m);
    expect(run.stdout).toBe('');
  });

  it('--show-script adds the script and the modules it dot-sources', () => {
    const run = runCli(['store', 'import', pfx, '--password-stdin', '--dry-run', '--show-script'], { input: `${PASSWORD}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Script import-pfx\.ps1 \(this copy: .*import-pfx\.ps1\):$/m);
    expect(run.stdout).toContain('X509Certificate2Collection');
    expect(run.stdout).toMatch(/^Dot-sourced by the script: CertDesk\.Import\.ps1 /m);
    expect(run.stdout).toContain('function Invoke-ImportPfx');
    expect(run.stdout).not.toContain('add --show-script');
  });

  it('acl grant: which account gets Read on which key file', () => {
    const run = runCli(['acl', 'grant', THUMB, '--account', 'NT SERVICE\\AMTconfig', '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Would give NT SERVICE\\AMTconfig Read on the private key file of certificate ${NORMAL} (LocalMachine\\My)`);
    expect(run.stdout).toMatch(/CNG → %ProgramData%\\Microsoft\\Crypto\\Keys\\/);
    expect(run.stdout).toMatch(/CAPI → %ProgramData%\\Microsoft\\Crypto\\RSA\\MachineKeys\\/);
    expect(run.stdout).toContain(`"${INSTALLED_CLI}" acl grant "${THUMB}" --account "NT SERVICE\\AMTconfig"`);
    expect(run.stdout).toContain(`-File "${INSTALLED}\\acl-grant.ps1"`);
    const service = runCli(['acl', 'grant', NORMAL, '--service', 'AMTconfig', '--dry-run']);
    expect(service.stdout).toContain('Would give the logon account of the service AMTconfig');
  });

  it('verify: the DNS suffixes given appear in the plan and in the server command line', () => {
    const run = runCli(['verify', NORMAL, '--service', 'AMTconfig', '--dns-suffix', 'corp.example.com', '--dns-suffix', 'lab.example.com', '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('with the DNS suffixes corp.example.com, lab.example.com');
    expect(run.stdout).toContain(`"${INSTALLED_CLI}" verify ${NORMAL} --service AMTconfig --dns-suffix corp.example.com --dns-suffix lab.example.com`);
    expect(run.stdout).toContain(`-File "${INSTALLED}\\verify.ps1"`);
    expect(runCli(['verify', NORMAL, '--dry-run']).stdout).toContain('without a DNS suffix (--dns-suffix)');
  });

  it.each([
    [['service', 'list'], /Would list the services whose name or display name matches AMTconfig\*/, 'service list'],
    [['acl', 'show', NORMAL], /Would read the ACL of the private key file of certificate/, `acl show ${NORMAL}`],
    [['association', 'detect'], /LoadCert\.exe/, 'association detect'],
    [['association', 'launch'], /Would start the LoadCert\.exe/, 'association launch'],
    [['elevation'], /Would say whether CertDesk runs elevated/, 'elevation'],
  ] as const)('%j: a plan and the server command', (args, plan, server) => {
    const run = runCli([...args, '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(plan);
    expect(run.stdout).toContain(`"${INSTALLED_CLI}" ${server}`);
    expect(run.stdout).not.toContain(ROOT);
  });
});

describe('the CLI dry run, --json: the fields scripts depend on stay', () => {
  it('dryRun, script, scriptText, modules, command, input, needsElevation, plan — plus windowsCommand', () => {
    const run = runCli(['store', 'import', pfx, '--password-env', 'P', '--dry-run', '--json'], { env: { P: PASSWORD } });
    expect(run.code, run.stderr).toBe(0);
    const out = run.json();
    expect(Object.keys(out).sort()).toEqual(['command', 'dryRun', 'input', 'modules', 'needsElevation', 'plan', 'script', 'scriptText', 'windowsCommand']);
    expect(out.script).toBe(join(SCRIPTS, 'import-pfx.ps1'));
    expect(out.windowsCommand).toContain(`"${INSTALLED}\\import-pfx.ps1"`);
  });
});
