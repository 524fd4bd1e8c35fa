// The hidden password prompt, on a real pseudo-terminal (util-linux `script` gives the CLI a TTY).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { amtHierarchy, Pki } from '../../support/openssl';
import { ROOT } from '../../support/cli';

let pki: Pki;
let pfx: string;
const PASSWORD = 'tty-pässword';

beforeAll(() => {
  pki = new Pki();
  const h = amtHierarchy(pki);
  pfx = pki.path(pki.pfx('tty', h.leaf, [h.intermediate, h.root], { password: PASSWORD }));
});
afterAll(() => pki.cleanup());

/** Runs the CLI on a pseudo-terminal; types `typed` once the prompt has been printed. */
function onTerminal(args: string[], typed: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = ['node', `${ROOT}/bin/certdesk.js`, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    let typedYet = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!typedYet && output.includes('Password for')) {
        typedYet = true;
        child.stdin.write(typed);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    setTimeout(() => child.kill('SIGKILL'), 20_000);
  });
}

test('asks on the terminal when the PFX needs a password and none was given; the password is not echoed', async () => {
  const run = await onTerminal(['inspect', pfx, '--json'], `${PASSWORD}\r`);
  expect(run.code).toBe(0);
  expect(run.output).toContain(`Password for ${pfx}:`);
  expect(run.output).not.toContain(PASSWORD);
  expect(run.output).toContain('"format": "pkcs12"');
});

test('a wrong password typed at the prompt is wrong-password, exit 2', async () => {
  const run = await onTerminal(['inspect', pfx, '--json'], 'nope\r');
  expect(run.code).toBe(2);
  expect(run.output).toContain('"code": "wrong-password"');
});
