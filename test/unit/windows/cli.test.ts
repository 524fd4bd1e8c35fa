// The built CLI as a real process (bin/certdesk.js → dist/): dry runs on any OS, not-windows off Windows.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, ROOT, runCli } from '../../support/cli';
import { Pki } from '../../support/openssl';

const PASSWORD = 'Tr0ub4dor&3-"quoted"-$(secret)';
const THUMB = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01';
const SCRIPTS = join(ROOT, 'electron', 'engine', 'windows', 'scripts');

let pki: Pki;
let pfx: string;
let pfxBase64: string;
beforeAll(() => {
  pki = new Pki();
  const root = pki.root('root');
  const leaf = pki.issue('leaf', root);
  pfx = pki.path(pki.pfx('prov', leaf, [root], { password: PASSWORD }));
  pfxBase64 = pki.read('prov.pfx').toString('base64');
});
afterAll(() => pki?.cleanup());

describe('certdesk store import --dry-run', () => {
  it('prints the script path and the redacted input as one JSON document, exit 0, on any OS', () => {
    const run = runCli(['store', 'import', pfx, '--password-env', 'P', '--dry-run', '--json'], { env: { P: PASSWORD } });
    expect(run.code).toBe(0);
    const out = run.json();
    expect(out).toMatchObject({ dryRun: true, needsElevation: true, input: { contentBase64: '***', password: '***', exportable: false } });
    expect(out.script).toBe(join(SCRIPTS, 'import-pfx.ps1'));
    expect(existsSync(out.script)).toBe(true);
    expect(out.scriptText).toContain('X509Certificate2Collection');
    // The shared helpers it dot-sources, beside it, with their text.
    expect(out.modules).toEqual([
      { path: join(SCRIPTS, 'CertDesk.Common.ps1'), text: expect.stringContaining('function Write-BridgeOutput') },
      { path: join(SCRIPTS, 'CertDesk.Platform.ps1'), text: expect.stringContaining('function Import-PlatformPfx') },
      { path: join(SCRIPTS, 'CertDesk.Import.ps1'), text: expect.stringContaining('function Invoke-ImportPfx') },
    ]);
    expect(existsSync(out.modules[0].path)).toBe(true);
    expect(out.command.slice(1)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', out.script]);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(run.stdout).not.toContain(pfxBase64.slice(0, 64));
  });

  it('CERTDESK_DEBUG=1 logs the run on stderr, redacted', () => {
    const run = runCli(['store', 'import', pfx, '--password-env', 'P', '--dry-run', '--json'], { env: { P: PASSWORD, CERTDESK_DEBUG: '1' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('"outcome":"dry-run"');
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(run.stdout + run.stderr).not.toContain(pfxBase64.slice(0, 64));
  });

  it('with the password on stdin, and as text', () => {
    const run = runCli(['store', 'import', pfx, '--password-stdin', '--exportable', '--dry-run'], { input: `${PASSWORD}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dry run: nothing was run.');
    // The command line as on an installed CertDesk, never this development tree; the script text only with --show-script.
    expect(run.stdout).toContain('"C:\\Program Files\\CertDesk\\resources\\app.asar.unpacked\\electron\\engine\\windows\\scripts\\import-pfx.ps1"');
    expect(run.stdout).not.toContain(SCRIPTS);
    expect(run.stdout).not.toContain('X509Certificate2Collection');
    expect(run.stdout).toContain('"exportable": true');
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });

  it('without --dry-run off Windows: not-windows, exit 2, no stack trace', () => {
    if (process.platform === 'win32') return;
    const run = runCli(['store', 'import', pfx, '--password-env', 'P', '--json'], { env: { P: PASSWORD } });
    expect(run.code).toBe(2);
    expect(run.json()).toEqual({ error: { code: 'not-windows', message: expect.stringContaining('--dry-run') } });
    expect(hasStackTrace(run)).toBe(false);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });

  it('a missing file is not-found, exit 2', () => {
    const run = runCli(['store', 'import', pki.path('nope.pfx'), '--dry-run', '--json']);
    expect(run.code).toBe(2);
    expect(run.json().error.code).toBe('not-found');
  });
});

describe('other commands, dry run', () => {
  it('acl grant: thumbprint normalised, the hostile service name only inside the JSON', () => {
    const evil = `AMT"; Remove-Item C:\\ -Recurse; "$(calc)\`n`;
    const run = runCli(['acl', 'grant', THUMB, '--service', evil, '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const out = run.json();
    expect(out.input).toEqual({ thumbprint: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', service: evil });
    expect(out.command.join(' ')).not.toContain('Remove-Item');
  });

  it.each([
    [['service', 'list', '--all'], 'list-services.ps1', { all: true }],
    [['acl', 'show', THUMB, '--account', 'NT SERVICE\\AMTconfig'], 'acl-show.ps1', { account: 'NT SERVICE\\AMTconfig' }],
    [['verify', THUMB, '--service', 'AMTconfig', '--dns-suffix', 'corp.example.com', '--dns-suffix', 'lab.example.com'], 'verify.ps1', { service: 'AMTconfig' }],
    [['association', 'detect'], 'find-loadcert.ps1', {}],
    [['association', 'launch'], 'launch-loadcert.ps1', {}],
    [['elevation'], 'check-elevation.ps1', {}],
  ] as const)('%j', (args, script, input) => {
    const run = runCli([...args, '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const out = run.json();
    expect(out.script).toBe(join(SCRIPTS, script));
    expect(out.input).toMatchObject(input);
  });

  it('usage errors: exit 2 with a usage document', () => {
    for (const args of [['acl', 'grant', 'not-a-thumbprint', '--service', 'x'], ['acl', 'grant', THUMB], ['acl', 'grant', THUMB, '--service', 'a', '--account', 'b']]) {
      const run = runCli([...args, '--dry-run', '--json']);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.json().error.code).toBe('usage');
    }
  });

  it('off Windows every command without --dry-run is not-windows', () => {
    if (process.platform === 'win32') return;
    for (const args of [['service', 'list'], ['acl', 'show', THUMB], ['verify', THUMB], ['association', 'detect'], ['elevation']]) {
      const run = runCli([...args, '--json']);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.json().error.code).toBe('not-windows');
    }
  });
});
