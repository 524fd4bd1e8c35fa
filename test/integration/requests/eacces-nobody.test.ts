// EACCES for real, as the unprivileged user `nobody` (root ignores permissions): the CLI answers not-writable
// for a data folder, a database and a file it cannot write, with the folder to fix. `nobody` must be able to
// read the CLI: when the project was cloned into a folder others cannot enter (root's home, a private
// `mktemp -d`), the test runs a world-readable copy of what the CLI needs (test/support/readable-copy.ts).
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/cli';
import { asNobody as runAsNobody, readableCli } from '../../support/readable-copy';

describe('permission denied (EACCES), as the unprivileged user nobody', () => {
  const asRoot = process.getuid?.() === 0;
  it.skipIf(!asRoot)('not-writable for the data folder, the database and a file, with the folder to fix', () => {
    const base = mkdtempSync(join(tmpdir(), 'certdesk-eacces-'));
    // A clone in root's home or a private mktemp -d folder cannot be entered by nobody: run a readable copy then.
    const cliCopy = readableCli(ROOT);
    const CLI_ROOT = cliCopy.root;
    try {
      chmodSync(base, 0o755);
      const lockedHome = join(base, 'home');
      mkdirSync(lockedHome, { mode: 0o700 });
      const locked = join(base, 'locked');
      mkdirSync(locked, { mode: 0o755 });
      const asNobody = (args: string[], env: NodeJS.ProcessEnv) => runAsNobody(args, { cwd: CLI_ROOT, env });
      const cli = (env: NodeJS.ProcessEnv) => asNobody([join(CLI_ROOT, 'bin', 'certdesk.js'), 'request', 'list', '--json'], env);
      const message = (r: ReturnType<typeof asNobody>, code: string) => {
        expect(r.status, r.stdout + r.stderr).toBe(2);
        expect(r.stderr).toBe('');
        const body = JSON.parse(r.stdout);
        expect(body.error.code).toBe(code);
        return body.error.message as string;
      };
      // A data folder that exists but belongs to root (0700): the database cannot be created in it.
      expect(message(cli({ CERTDESK_HOME: lockedHome }), 'not-writable')).toBe(
        `Cannot write the CertDesk database ${lockedHome}/certdesk.db: permission denied. Make ${lockedHome} writable for this user or set CERTDESK_HOME to a folder on another disk. Nothing was saved; the requests already stored are intact.`,
      );
      // A data folder to create inside a folder nobody may write.
      expect(message(cli({ CERTDESK_HOME: join(locked, 'new') }), 'not-writable')).toBe(
        `Cannot write the CertDesk data folder ${join(locked, 'new')}: permission denied. Make it writable for this user or set CERTDESK_HOME to a folder on another disk.`,
      );
      // A file (PFX, CSR, calendar) into such a folder, through the atomic writer.
      const files = join(CLI_ROOT, 'dist/electron/engine/requests/files.js');
      const write = asNobody(
        ['-e', `try { require(${JSON.stringify(files)}).writeFileAtomic(process.argv[1], 'x'); } catch (e) { process.stdout.write(JSON.stringify({ code: e.code, message: e.message })); }`, join(locked, 'x.pfx')],
        {},
      );
      expect(JSON.parse(write.stdout)).toEqual({
        code: 'not-writable',
        message: `Cannot write ${join(locked, 'x.pfx')}: permission denied. Make ${locked} writable for this user or choose another folder. Nothing was written.`,
      });
    } finally {
      rmSync(base, { recursive: true, force: true });
      cliCopy.cleanup();
    }
  });
});
