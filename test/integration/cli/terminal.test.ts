// Issue [8] items 13–17, the CLI as a Windows admin meets it: on a real pseudo-terminal at 80 columns
// (util-linux `script` gives the CLI a TTY; `stty cols 80` sets its width) and through pipes.
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amtHierarchy, Pki } from '../../support/openssl';
import { ROOT, runCli } from '../../support/cli';

let pki: Pki;
let pfx: string;
let legacyPfx: string;
let rootSha256: string;
const PASSWORD = 'terminal pw 42';

beforeAll(() => {
  pki = new Pki();
  const h = amtHierarchy(pki);
  pfx = pki.path(pki.pfx('term', h.leaf, [h.intermediate, h.root], { password: PASSWORD, friendlyName: 'Provisioning 2027' }));
  legacyPfx = pki.path(pki.pfx('term-legacy', h.leaf, [h.intermediate, h.root], { password: PASSWORD, variant: 'legacy' }));
  rootSha256 = execFileSync('openssl', ['x509', '-in', pki.path(h.root.cert), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' })
    .split('=')[1]
    .replace(/[:\s]/g, '');
});
afterAll(() => pki.cleanup());

const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;

/**
 * Runs the CLI on an 80-column pseudo-terminal. `answers`: [prompt text to wait for, what to type] in order.
 * Output is what the terminal shows (stdout and stderr together, CRLF line ends).
 */
function onTerminal(args: string[], answers: [string, string][] = [], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = `stty cols 80 rows 40; exec node ${quote(`${ROOT}/bin/certdesk.js`)} ${args.map(quote).join(' ')}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let output = '';
    let next = 0;
    let seen = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      while (next < answers.length) {
        const at = output.indexOf(answers[next][0], seen);
        if (at < 0) break;
        seen = at + answers[next][0].length;
        child.stdin.write(answers[next][1]);
        next++;
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: output.replace(/\r\n/g, '\n') }));
    setTimeout(() => child.kill('SIGKILL'), 20_000);
  });
}

describe('prompts: Ctrl-D cancels, an empty password is refused at once, a pipe gets a hint', () => {
  it('Ctrl-D at the PFX password prompt is cancelled (exit 2), not wrong-password', async () => {
    const run = await onTerminal(['inspect', pfx], [['Password for', '\u0004']]);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/certdesk: Cancelled\. \[cancelled\]/);
    expect(run.output).not.toMatch(/wrong-password/);
  });

  it('Ctrl-D at the export password prompt cancels before the second prompt', async () => {
    const run = await onTerminal(['export-pfx', 'abcdef123456', '--out', pki.path('never.pfx')], [['PFX password:', '\u0004']], {
      CERTDESK_HOME: pki.path('home'),
    });
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/\[cancelled\]/);
    expect(run.output).not.toMatch(/Repeat the PFX password/);
  });

  it('an empty password is refused at once (no second prompt)', async () => {
    const exported = await onTerminal(['export-pfx', 'abcdef123456', '--out', pki.path('never.pfx')], [['PFX password:', '\r']], {
      CERTDESK_HOME: pki.path('home'),
    });
    expect(exported.code).toBe(2);
    expect(exported.output).toMatch(/An empty PFX password is refused.*\[usage\]/);
    expect(exported.output).not.toMatch(/Repeat the PFX password/);
    const inspected = await onTerminal(['inspect', pfx], [['Password for', '\r']]);
    expect(inspected.code).toBe(2);
    expect(inspected.output).toMatch(/No password typed: .* needs one\. \[usage\]/);
  });

  it('a password piped without --password-stdin gets the hint', () => {
    const run = runCli(['inspect', pfx], { input: `${PASSWORD}\n` });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/add --password-stdin/);
    const json = runCli(['inspect', pfx, '--json'], { input: `${PASSWORD}\n` });
    expect(json.json().error.message).toMatch(/add --password-stdin/);
    const exported = runCli(['export-pfx', 'abcdef123456', '--out', pki.path('never.pfx'), '--json'], { input: `${PASSWORD}\n`, env: { CERTDESK_HOME: pki.path('home') } });
    expect(exported.json().error.message).toMatch(/add --password-stdin/);
  });
});

describe('output a Windows admin reads at 80 columns', () => {
  it('wraps to the terminal width with a hanging indent, never inside an OID or a hash', async () => {
    const run = await onTerminal(['inspect', pfx, '--password-env', 'PW'], [], { PW: PASSWORD });
    expect(run.code).toBe(0);
    const lines = run.output.split('\n');
    for (const line of lines) {
      // A line may pass 80 only when it is one unbreakable token after its indent.
      if (line.length > 80) expect(line.trim(), line).not.toMatch(/\s/);
    }
    // The OIDs and hashes are whole on one line.
    expect(run.output).toContain('2.16.840.1.113741.1.2.3');
    expect(run.output).toMatch(/Server Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.1\)/);
    expect(run.output).toMatch(/SHA-256 +[0-9A-F]{64}\n/);
    // A continuation line starts under the value column, not at the margin.
    const eku = lines.findIndex((l) => /^\s+EKU\s/.test(l));
    const valueColumn = lines[eku].indexOf('Server');
    if (lines[eku + 1] && !/^\s*$/.test(lines[eku + 1]) && !/^\s+\S+\s{2,}/.test(lines[eku + 1])) {
      expect(lines[eku + 1].length - lines[eku + 1].trimStart().length).toBe(valueColumn);
    }
  });

  it('one date format (ISO date), PASS/WARN/FAIL and Fix:, EKU names, the PFX protection and friendly name', async () => {
    const run = await onTerminal(['check', pfx, '--password-env', 'PW'], [], { PW: PASSWORD });
    expect(run.output).toMatch(/^\s+Valid\s+\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(\d+ days left\)$/m);
    expect(run.output).not.toMatch(/\d{2}:\d{2}:\d{2}/);
    expect(run.output).toMatch(/^\s+(PASS|WARN|FAIL)\s/m);
    expect(run.output).not.toMatch(/\bfix:/);
    expect(run.output).toMatch(/^\s+Certificates\s+AES-256-CBC, PBKDF2-HMAC-SHA256, [\d,]+ iterations$/m);
    expect(run.output).toMatch(/^\s+MAC\s+HMAC-SHA-256, [\d,]+ iterations$/m);
    expect(run.output).toMatch(/^\s+Friendly name\s+Provisioning 2027$/m);
    const legacy = runCli(['inspect', legacyPfx, '--password-env', 'PW'], { env: { PW: PASSWORD } });
    expect(legacy.stdout).toMatch(/^\s+Key\s+3DES \(SHA-1 KDF\), [\d,]+ iterations$/m);
    expect(legacy.stdout).toMatch(/readable by every Windows version/);
    expect(runCli(['inspect', pfx, '--password-env', 'PW', '--json'], { env: { PW: PASSWORD } }).json().protection.needsModernWindows).toBe(true);
  });

  it('pipes get the same text, unwrapped', () => {
    const run = runCli(['inspect', pfx, '--password-env', 'PW'], { env: { PW: PASSWORD, NO_COLOR: '1' } });
    expect(run.stdout).toMatch(/^\s+EKU\s+Server Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.1\), .*2\.16\.840\.1\.113741\.1\.2\.3\)$/m);
  });
});

describe('check --strict (deployment gates)', () => {
  it('turns warnings into failures: no --dns-suffix given is exit 1 under --strict', () => {
    const base = ['check', pfx, '--password-env', 'PW', '--trust-root-hash', rootSha256];
    const env = { PW: PASSWORD };
    const lax = runCli([...base, '--json'], { env });
    expect(lax.code, lax.stdout).toBe(0);
    const strict = runCli([...base, '--strict', '--json'], { env });
    expect(strict.code).toBe(1);
    expect(strict.json().strict).toEqual({ ready: false, warnings: expect.arrayContaining(['dns-suffix']) });
    const human = runCli([...base, '--strict'], { env: { ...env, NO_COLOR: '1' } });
    expect(human.stdout.split('\n')[1]).toMatch(/^NOT READY under --strict: warnings count as failures \(.*dns-suffix.*\)\.$/);
    const suffixed = runCli([...base, '--strict', '--dns-suffix', 'corp.example.com', '--json'], { env });
    expect(suffixed.json().strict.warnings).not.toContain('dns-suffix');
  });
});

describe('messages in the CLI words, one error form, where the data is', () => {
  it('usage errors look like every other error; no internal operation names, no "(default: [])"', () => {
    const unknown = runCli(['inspect', pfx, '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe("certdesk: Unknown option '--bogus' [usage]");
    const show = runCli(['request', 'show', '1'], { env: { CERTDESK_HOME: pki.path('home') } });
    expect(show.stderr.trim()).toBe('certdesk: Invalid request id: give at least 4 characters. [usage]');
    expect(show.stderr).not.toMatch(/request\.show|Too small/);
    expect(runCli(['verify', '--help']).stdout).not.toMatch(/default: \[\]/);
  });

  it('certdesk where names the data folder; request list says it too', () => {
    const home = pki.path('home');
    const where = runCli(['where', '--json'], { env: { CERTDESK_HOME: home } }).json();
    expect(where).toMatchObject({ dataFolder: home, source: 'CERTDESK_HOME', database: `${home}/certdesk.db` });
    expect(runCli(['where'], { env: { CERTDESK_HOME: home } }).stdout).toMatch(new RegExp(`^Data folder\\s+${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(from CERTDESK_HOME\\)$`, 'm'));
    expect(runCli(['request', 'list'], { env: { CERTDESK_HOME: home } }).stdout).toMatch(/^Data folder: .*\(CERTDESK_HOME\)$/m);
  });

  it('--org help says both practices', () => {
    const help = runCli(['request', 'new', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/Intel SCS 3\.x puts the DNS context here/);
    expect(help).toMatch(/legal organisation name/);
  });
});
