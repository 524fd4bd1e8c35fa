// The runner, driven through a recording executor: what would be spawned, what goes on stdin, and how
// every kind of failure maps to an error code. No PowerShell is needed (or available) here.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CertDeskError } from '../../../shared/errors';
import { isDryRun } from '../../../shared/contract/windows';
import { POWERSHELL_ARGS, cleanMessage, meaningfulStderr, runScript, stdinJson } from '../../../electron/engine/windows/runner';
import { redact, redactText } from '../../../electron/engine/windows/redact';
import { scriptNames, scripts, scriptsDirCandidates, resolveScriptsDir, unpackedPath } from '../../../electron/engine/windows/scripts';
import type { ExecResult } from '../../../electron/engine/windows/executor';
import { POWERSHELL, SCRIPTS_DIR, ok, recording } from './recording';

const EXPECTED_ARGS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File'];

async function failure(promise: Promise<unknown>): Promise<CertDeskError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CertDeskError);
    return error as CertDeskError;
  }
  throw new Error('expected a failure');
}

const hostile = [
  `"; Remove-Item -Recurse C:\\ ; "`,
  "'; Stop-Computer; '",
  '`$(Stop-Computer)`',
  '$(Invoke-Expression "calc")',
  '$env:USERPROFILE',
  'a; b | c & d && e || f',
  'line1\nline2\r\nline3\u2028line4',
  '-File evil.ps1 -Command Stop-Computer',
  'NT SERVICE\\AMT"Config',
  'ÄÖÜ ñ 漢字 emoji 😀 \u200e rtl \u202e',
  '\u0000nul\u0007bell\u001b[31mred',
  'x'.repeat(10_000),
  '%PATH% !var! ^& <redirect> >out.txt',
];

describe('command line', () => {
  it('is constant: the same executable and arguments for every call, only the script path is chosen by name', async () => {
    const { calls, context } = recording();
    for (const name of scriptNames) {
      for (const value of hostile.slice(0, 4)) await runScript(name, { account: value, service: value, thumbprint: value }, context);
    }
    expect(POWERSHELL_ARGS).toEqual(EXPECTED_ARGS);
    for (const call of calls) {
      expect(call.file).toBe(POWERSHELL);
      expect(call.args.slice(0, -1)).toEqual(EXPECTED_ARGS);
      expect(Object.values(scripts).map((s) => join(SCRIPTS_DIR, s.file))).toContain(call.args.at(-1));
    }
    // Per script, the whole argv is identical whatever the input.
    const byScript = new Map<string, Set<string>>();
    for (const call of calls) {
      const key = call.args.at(-1)!;
      byScript.set(key, (byScript.get(key) ?? new Set()).add(JSON.stringify([call.file, call.args])));
    }
    expect([...byScript.values()].every((set) => set.size === 1)).toBe(true);
    expect(byScript.size).toBe(scriptNames.length);
  });

  it('uses Windows PowerShell by absolute path, never a name looked up on PATH', async () => {
    const { defaultPowerShellPath } = await import('../../../electron/engine/windows/executor');
    expect(defaultPowerShellPath()).toMatch(/^[A-Za-z]:\\.*\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe$/);
  });
});

describe('stdin JSON', () => {
  it.each(hostile.map((h, i) => [i, h]))('hostile input %i travels only inside the JSON and round-trips exactly', async (_i, value) => {
    const { calls, context } = recording();
    const input = { account: value, service: value, thumbprint: value, nested: { list: [value, { deeper: value }] } };
    await runScript('acl-grant', input, context);
    const [call] = calls;
    expect(JSON.parse(call.stdin)).toEqual(input);
    for (const arg of [call.file, ...call.args]) {
      expect(arg).not.toContain(value.slice(0, 20));
    }
    // ASCII only: the console code page cannot change what PowerShell reads.
    expect(call.stdin).toMatch(/^[\x20-\x7e]*$/);
  });

  it('stdinJson escapes every non-ASCII code unit and JSON.parse undoes it', () => {
    const value = { s: 'é😀\u007f\u0080\uffff' };
    expect(stdinJson(value)).toBe('{"s":"\\u00e9\\ud83d\\ude00\\u007f\\u0080\\uffff"}');
    expect(JSON.parse(stdinJson(value))).toEqual(value);
  });
});

describe('secrets', () => {
  const password = 'Pa$$w0rd-`"\'-secret';
  const pfx = Buffer.from('not really a pfx but secret bytes').toString('base64');
  const input = { contentBase64: pfx, password, exportable: false };

  it('go to the script on stdin, and nowhere else: not argv, not the log, not the dry run', async () => {
    const { calls, logs, context } = recording(() => ok({ certificates: [] }));
    await runScript('import-pfx', input, context);
    const dry = await runScript('import-pfx', input, context, { dryRun: true });
    expect(JSON.parse(calls[0].stdin)).toEqual(input);
    const visible = JSON.stringify({ argv: [calls[0].file, ...calls[0].args], logs, dry });
    expect(visible).not.toContain(password);
    expect(visible).not.toContain(pfx);
    expect(isDryRun(dry) && dry.input).toEqual({ contentBase64: '***', password: '***', exportable: false });
  });

  it('are scrubbed from error messages, whether from the script, stderr or garbage output', async () => {
    const answers: ExecResult[] = [
      ok({ error: { code: 'wrong-password', message: `bad password ${password}` } }),
      { exitCode: 1, stdout: '', stderr: `At line:1 char:1 ${password}`, timedOut: false },
      { exitCode: 0, stdout: `garbage ${password}`, stderr: '', timedOut: false },
      { exitCode: 0, stdout: `${password}\nb`, stderr: '', timedOut: false },
    ];
    for (const answer of answers) {
      const { logs, context } = recording(() => answer);
      const error = await failure(runScript('import-pfx', input, context));
      expect(error.message).not.toContain(password);
      expect(error.message).toContain('***');
      expect(JSON.stringify(logs)).not.toContain(password);
    }
  });

  it('redact() replaces secret fields at any depth, case-insensitively, and leaves the input alone', () => {
    const value = { Password: 'a', keep: 'b', nested: [{ password: 'c' }], contentbase64: 'd' };
    expect(redact(value, ['password', 'contentBase64'])).toEqual({ Password: '***', keep: 'b', nested: [{ password: '***' }], contentbase64: '***' });
    expect(value.Password).toBe('a');
    expect(redactText('xx secret yy secretive', ['secret', 'secretive'])).toBe('xx *** yy ***');
  });

  it('a password that comes back escaped (JSON, PowerShell 5.1 JSON, CLIXML on stderr) is scrubbed too', () => {
    const password = `Pa&ss<wo>rd"'\\1`;
    const psJson = JSON.stringify({ message: password }).replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const clixml = `#< CLIXML\r\n<Objs><S S="Error">Bad password ${password.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}_x000D__x000A_</S></Objs>`;
    for (const text of [JSON.stringify({ message: password }), psJson, clixml]) {
      const cleaned = cleanMessage(text, [password]);
      expect(cleaned).toContain('***');
      for (const fragment of ['Pa&', 'Pa\\u0026', 'Pa&amp;', 'ss&lt;wo', 'ss<wo']) expect(cleaned).not.toContain(fragment);
    }
  });
});

describe('failures map to error codes', () => {
  const cases: [string, ExecResult, string, RegExp][] = [
    ['powershell.exe missing', { exitCode: null, stdout: '', stderr: '', timedOut: false, spawnError: { code: 'ENOENT', message: 'spawn ENOENT' } }, 'powershell-missing', /not found/],
    ['cannot start', { exitCode: null, stdout: '', stderr: '', timedOut: false, spawnError: { code: 'EACCES', message: 'denied' } }, 'powershell-failed', /could not be started/],
    ['timeout', { exitCode: null, stdout: '', stderr: '', timedOut: true }, 'powershell-timeout', /did not finish within/],
    ['non-zero exit with stderr', { exitCode: 1, stdout: '', stderr: 'The term Get-Foo is not recognized\r\n   at line 3', timedOut: false }, 'powershell-failed', /exited with code 1: The term Get-Foo is not recognized at line 3/],
    ['killed', { exitCode: null, stdout: '', stderr: '', timedOut: false }, 'powershell-failed', /was stopped/],
    ['stderr with exit 0', { exitCode: 0, stdout: '{"a":1}', stderr: 'WARNING: something', timedOut: false }, 'powershell-failed', /error stream: WARNING: something/],
    ['no output', { exitCode: 0, stdout: '\r\n', stderr: '', timedOut: false }, 'powershell-failed', /printed nothing/],
    ['garbage', { exitCode: 0, stdout: 'Hello from a profile', stderr: '', timedOut: false }, 'powershell-failed', /did not print a JSON object: Hello/],
    ['JSON but not an object', { exitCode: 0, stdout: '[1,2]', stderr: '', timedOut: false }, 'powershell-failed', /did not print a JSON object/],
    ['multi-line', { exitCode: 0, stdout: '{"a":1}\n{"b":2}\n', stderr: '', timedOut: false }, 'powershell-failed', /printed 2 lines/],
    ['script error, our code', ok({ error: { code: 'not-found', message: 'No certificate with thumbprint X.' } }), 'not-found', /^No certificate with thumbprint X\.$/],
    ['script error, unknown code', ok({ error: { code: 'EvilCode', message: 'boom' } }), 'powershell-failed', /EvilCode.*boom/],
    ['script error, no message', ok({ error: { code: 'forbidden' } }), 'forbidden', /reported an error/],
    ['script error with non-zero exit', { exitCode: 3, stdout: '{"error":{"code":"wrong-password","message":"The PFX password is not correct."}}', stderr: '', timedOut: false }, 'wrong-password', /password is not correct/],
  ];
  it.each(cases)('%s', async (_label, answer, code, message) => {
    const { context, logs } = recording(() => answer);
    const error = await failure(runScript('list-services', { all: true }, context));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(logs.at(-1)).toMatchObject({ outcome: 'error', code });
  });

  it('not-elevated carries the exact instruction', async () => {
    const { context } = recording(() => ok({ error: { code: 'not-elevated', message: 'Importing into the Local Computer certificate store needs administrator rights, and this PowerShell is not elevated.' } }));
    const error = await failure(runScript('import-pfx', { contentBase64: 'AA==', password: 'p' }, context));
    expect(error.code).toBe('not-elevated');
    expect(error.message).toContain('Run CertDesk as administrator');
    expect(error.message).toContain('Run as administrator');
    expect(error.message).toContain('certdesk store import');
  });

  it('passes each script its own timeout, and kills on expiry (the executor reports timedOut)', async () => {
    const { calls, context } = recording();
    await runScript('import-pfx', {}, context);
    await runScript('find-loadcert', {}, context);
    expect(calls.map((c) => c.timeoutMs)).toEqual([scripts['import-pfx'].timeoutMs, scripts['find-loadcert'].timeoutMs]);
  });

  it('ignores Windows PowerShell progress CLIXML on stderr, but not real errors in CLIXML', () => {
    const progress = '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T></TN><MS><I64 N="SourceId">1</I64><PR N="Record"><AV>Preparing modules for first use.</AV></PR></MS></Obj></Objs>';
    expect(meaningfulStderr(progress)).toBe('');
    const error = '#< CLIXML\r\n<Objs Version="1.1.0.1"><Obj S="progress" RefId="0"></Obj><S S="Error">Access is denied</S></Objs>';
    expect(meaningfulStderr(error)).toBe('Access is denied');
  });

  it('accepts a BOM, CRLF and surrounding blank lines around the one line of JSON', async () => {
    const { context } = recording(() => ({ exitCode: 0, stdout: '\uFEFF\r\n{"services":[]}\r\n\r\n', stderr: '', timedOut: false }));
    await expect(runScript('list-services', {}, context)).resolves.toEqual({ services: [] });
  });

  it('messages are one line, bounded, without control characters', () => {
    const text = cleanMessage(`a\u001b[31m\nb\u0000c ${'x'.repeat(5000)}`, []);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\x00-\x1f]/);
    expect(text.length).toBeLessThanOrEqual(601);
  });
});

describe('off Windows and dry run', () => {
  it('refuses to run off Windows with not-windows, without calling the executor', async () => {
    const { calls, context } = recording();
    const error = await failure(runScript('list-services', {}, { ...context, platform: 'linux' }));
    expect(error.code).toBe('not-windows');
    expect(calls).toHaveLength(0);
  });

  it('dry run on any OS: the script path and text, the constant command, the redacted input; nothing runs', async () => {
    const { calls, logs, context } = recording();
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const dry = await runScript('import-pfx', { contentBase64: 'QUJD', password: 'pw', exportable: true }, { ...context, platform }, { dryRun: true });
      expect(isDryRun(dry)).toBe(true);
      if (!isDryRun(dry)) return;
      expect(dry.script).toBe(join(SCRIPTS_DIR, 'import-pfx.ps1'));
      expect(dry.scriptText).toBe(readFileSync(join(SCRIPTS_DIR, 'import-pfx.ps1'), 'utf8'));
      expect(dry.modules).toEqual(scripts['import-pfx'].modules.map((file) => ({ path: join(SCRIPTS_DIR, file), text: readFileSync(join(SCRIPTS_DIR, file), 'utf8') })));
      expect(dry.command).toEqual([POWERSHELL, ...EXPECTED_ARGS, dry.script]);
      expect(dry.input).toEqual({ contentBase64: '***', password: '***', exportable: true });
      expect(dry.needsElevation).toBe(true);
    }
    expect(calls).toHaveLength(0);
    expect(logs.every((l) => l.outcome === 'dry-run')).toBe(true);
  });
});

describe('dry run: the shared modules a script dot-sources', () => {
  it.each(scriptNames)('%s: the script and every module of its table entry, in load order, with their text', async (name) => {
    const { context } = recording();
    const dry = await runScript(name, {}, context, { dryRun: true });
    if (!isDryRun(dry)) throw new Error('expected a dry run');
    expect(dry.modules.map((m) => m.path)).toEqual(scripts[name].modules.map((file) => join(SCRIPTS_DIR, file)));
    expect(dry.modules[0]?.path).toBe(join(SCRIPTS_DIR, 'CertDesk.Common.ps1'));
    for (const module of dry.modules) {
      expect(module.text).toBe(readFileSync(module.path, 'utf8'));
      // The script names each module it loads: what the dry run lists is what would run.
      expect(dry.scriptText).toContain(`. (Join-Path -Path $PSScriptRoot -ChildPath '${module.path.slice(SCRIPTS_DIR.length + 1)}')`);
    }
  });

  it('a missing module is an internal error, like a missing script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certdesk-scripts-'));
    try {
      copyFileSync(join(SCRIPTS_DIR, 'verify.ps1'), join(dir, 'verify.ps1'));
      copyFileSync(join(SCRIPTS_DIR, 'CertDesk.Common.ps1'), join(dir, 'CertDesk.Common.ps1'));
      copyFileSync(join(SCRIPTS_DIR, 'CertDesk.Platform.ps1'), join(dir, 'CertDesk.Platform.ps1'));
      const { context } = recording();
      const error = await failure(runScript('verify', { thumbprint: 'A'.repeat(40) }, { ...context, scriptsDir: () => dir }, { dryRun: true }));
      expect(error.code).toBe('internal');
      expect(error.message).toMatch(/CertDesk\.Accounts\.ps1 is missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scripts directory', () => {
  const project = join(__dirname, '..', '..', '..');
  it('resolves from the sources', () => {
    expect(resolveScriptsDir({ baseDir: join(project, 'electron', 'engine', 'windows'), resourcesPath: undefined })).toBe(SCRIPTS_DIR);
  });

  it('resolves from dist/ by walking up to the project (tsc does not copy .ps1)', () => {
    expect(resolveScriptsDir({ baseDir: join(project, 'dist', 'electron', 'engine', 'windows'), resourcesPath: undefined })).toBe(SCRIPTS_DIR);
  });

  it('in a packaged app, uses resources/app.asar.unpacked/electron/engine/windows/scripts', () => {
    const resources = join('/opt', 'CertDesk', 'resources');
    const expected = join(resources, 'app.asar.unpacked', 'electron', 'engine', 'windows', 'scripts');
    const seen: string[] = [];
    const dir = resolveScriptsDir({
      baseDir: join(resources, 'app.asar', 'dist', 'electron', 'engine', 'windows'),
      resourcesPath: resources,
      exists: (path) => (seen.push(path), path.startsWith(expected)),
    });
    expect(dir).toBe(expected);
    // Never a path inside the archive: powershell.exe cannot read it.
    expect(scriptsDirCandidates({ baseDir: join(resources, 'app.asar', 'dist', 'electron', 'engine', 'windows'), resourcesPath: resources }).some((c) => /app\.asar[\\/]/.test(c))).toBe(false);
    expect(unpackedPath('C:\\Program Files\\CertDesk\\resources\\app.asar\\electron\\x.ps1')).toBe('C:\\Program Files\\CertDesk\\resources\\app.asar.unpacked\\electron\\x.ps1');
  });

  it('says where it looked when the scripts are missing', () => {
    expect(() => resolveScriptsDir({ baseDir: '/nowhere/at/all', resourcesPath: undefined, exists: () => false })).toThrow(/not found \(looked in/);
  });
});
