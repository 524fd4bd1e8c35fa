// The interactive prompts of the requests CLI, on a real pseudo-terminal (util-linux `script` gives the CLI a
// TTY): export-pfx asks for the PFX password twice (hidden), request delete asks before destroying a key.
// Needs the OS keychain: scripts/with-keyring.sh npx vitest run test/integration/requests/prompts.test.ts
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, ROOT, runCli } from '../../support/cli';
import { closeDatabase } from '../../../electron/engine/requests/service';
import { openDatabase } from '../../../electron/engine/requests/db';
import { forgetKeychainKey, vaultId } from '../../../electron/engine/requests/vault';
import { TestCa, requireKeyring, tempHome } from './support';

const ORG = 'corp.example.com';
const PASSWORD = 'Tty pässword 7!';

let home: ReturnType<typeof tempHome>;
let ca: TestCa;

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const run = runCli(args, { env: { CERTDESK_HOME: home.dir, ...env }, timeoutMs: 60_000 });
  expect(hasStackTrace(run), run.stderr).toBe(false);
  return run;
};

/** A completed request (key in the vault, certificate + chain stored): its id. */
function completedRequest(cn: string): string {
  const created = cli(['request', 'new', '--cn', cn, '--org', ORG, '--json']);
  expect(created.code, created.stdout + created.stderr).toBe(0);
  const { id, csrPem } = created.json();
  const cert = ca.sign(csrPem, cn.replace(/\W/g, '-'), { dns: cn });
  const done = cli(['request', 'complete', ca.reply(cert, 'p7b'), '--json']);
  expect(done.code, done.stdout + done.stderr).toBe(0);
  expect(done.json().request.id).toBe(id);
  return id;
}

const requestIds = () => (cli(['request', 'list', '--json']).json().requests as { id: string }[]).map((r) => r.id);

interface Step {
  /** Type once this text has been printed (after the previous step's text). */
  after: string;
  typed: string;
}

/**
 * Runs the CLI on a pseudo-terminal and answers its prompts in order. Output is the terminal's (stdout and
 * stderr together, plus whatever the terminal echoed).
 */
function onTerminal(args: string[], steps: Step[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = ['node', `${ROOT}/bin/certdesk.js`, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '1', CERTDESK_HOME: home.dir } });
    let output = '';
    let from = 0;
    let next = 0;
    let waiting = false;
    const answer = () => {
      if (waiting || next >= steps.length) return;
      const at = output.indexOf(steps[next].after, from);
      if (at < 0) return;
      from = at + steps[next].after.length;
      const { typed } = steps[next++];
      // A moment for the CLI to switch the terminal to raw mode after printing the prompt.
      waiting = true;
      setTimeout(() => {
        waiting = false;
        child.stdin.write(typed);
        answer();
      }, 150);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      answer();
    });
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const openssl = (pfx: string, password: string) =>
  execFileSync('sh', ['-c', `openssl pkcs12 -info -noout -in "${pfx}" -passin env:PFXPW 2>&1`], { env: { ...process.env, PFXPW: password }, encoding: 'utf8' });

beforeAll(() => {
  requireKeyring();
  home = tempHome();
  ca = new TestCa();
});

afterAll(async () => {
  // Leave no CertDesk entry behind in the keychain (matters when run under a real desktop keyring).
  if (home && existsSync(join(home.dir, 'certdesk.db'))) {
    const db = openDatabase(home.dir);
    await forgetKeychainKey(vaultId(db)).catch(() => undefined);
    db.close();
  }
  closeDatabase();
  home?.cleanup();
  ca?.cleanup();
});

describe('certdesk export-pfx on a terminal without --password-env/--password-stdin', () => {
  let id: string;
  beforeAll(() => {
    id = completedRequest('tty.corp.example.com');
  });

  it('asks for the password twice, hidden; the PFX it writes opens with the typed password', async () => {
    const out = join(ca.pki.dir, 'typed.pfx');
    const run = await onTerminal(['export-pfx', id, '--out', out], [
      { after: 'PFX password: ', typed: `${PASSWORD}\r` },
      { after: 'Repeat the PFX password: ', typed: `${PASSWORD}\r` },
    ]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/^PFX password: \r?\nRepeat the PFX password: \r?\n/);
    expect(run.output).not.toContain(PASSWORD);
    expect(run.output).not.toContain('Tty');
    expect(run.output).toContain(`Wrote ${out}`);
    expect(openssl(out, PASSWORD)).toMatch(/MAC: sha256/);
    // The password really is the typed one (not empty, not with the Enter key).
    expect(() => openssl(out, `${PASSWORD}\r`)).toThrow();
    expect(() => openssl(out, '')).toThrow();
  });

  it('refuses two different passwords: usage error, exit 2, no file written', async () => {
    const out = join(ca.pki.dir, 'mismatch.pfx');
    const run = await onTerminal(['export-pfx', id, '--out', out], [
      { after: 'PFX password: ', typed: `${PASSWORD}\r` },
      { after: 'Repeat the PFX password: ', typed: `${PASSWORD}x\r` },
    ]);
    expect(run.code, run.output).toBe(2);
    expect(run.output).toMatch(/certdesk: The two passwords differ; nothing was written\. \[usage\]/);
    expect(run.output).not.toContain(PASSWORD);
    expect(existsSync(out)).toBe(false);
  });
});

describe('certdesk request delete on a terminal without --yes', () => {
  let id: string;
  beforeAll(() => {
    id = completedRequest('delete.corp.example.com');
  });

  it('asks first; "n", a bare "y" (the prompt asks for "yes") or Ctrl-D keeps the request, exit 2', async () => {
    // A wrong answer is "Not deleted."; Ctrl-D cancels the prompt itself ("Cancelled; not deleted."): both `cancelled`.
    const answers: [string, RegExp][] = [
      ['n\r', /certdesk: Not deleted\. \[cancelled\]/],
      ['y\r', /certdesk: Not deleted\. \[cancelled\]/],
      ['\u0004', /certdesk: Cancelled; not deleted\. \[cancelled\]/],
    ];
    for (const [typed, refusal] of answers) {
      const run = await onTerminal(['request', 'delete', id], [{ after: 'Type "yes" to delete: ', typed }]);
      expect(run.code, run.output).toBe(2);
      expect(run.output).toContain(`Request ${id}  CN=delete.corp.example.com`);
      expect(run.output).toContain('Its private key will be destroyed');
      expect(run.output).toMatch(refusal);
      expect(requestIds()).toContain(id);
    }
    // The key is still there: the request still exports.
    const out = join(ca.pki.dir, 'kept.pfx');
    const kept = cli(['export-pfx', id, '--out', out, '--password-env', 'PFXPW', '--json'], { PFXPW: PASSWORD });
    expect(kept.code, kept.stdout + kept.stderr).toBe(0);
  });

  it('"yes" deletes the request and its key: a later export-pfx of that id is not-found', async () => {
    const run = await onTerminal(['request', 'delete', id], [{ after: 'Type "yes" to delete: ', typed: 'yes\r' }]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`Deleted request ${id} and its private key`);
    expect(requestIds()).not.toContain(id);
    const out = join(ca.pki.dir, 'gone.pfx');
    const gone = cli(['export-pfx', id, '--out', out, '--password-env', 'PFXPW', '--json'], { PFXPW: PASSWORD });
    expect(gone.code).toBe(2);
    expect(gone.json().error.code).toBe('not-found');
    expect(existsSync(out)).toBe(false);
  });
});
