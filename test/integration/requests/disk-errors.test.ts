// The table behind disk-full / not-writable (storage.ts) and the clean-up of temp files that killed writers
// left (files.ts). The real failures, on real full and read-only mounts, are in disk-full.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CertDeskError } from '../../../shared/errors';
import { removeStaleTempFiles, tempFileName, writeFileAtomic } from '../../../electron/engine/requests/files';
import { storageError } from '../../../electron/engine/requests/storage';
import { tempHome } from './support';

const work = tempHome();
afterAll(() => work.cleanup());

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('storageError', () => {
  const file = { kind: 'file', path: '/x/y.pfx', folder: '/x', existed: true } as const;
  const database = { kind: 'database', path: `${work.dir}/certdesk.db`, folder: work.dir } as const;

  it.each([
    ['ENOSPC', 'disk-full', 'No space left on the disk holding /x/y.pfx: free some space and try again. The existing /x/y.pfx was left as it was.'],
    ['EDQUOT', 'disk-full', 'Your disk quota is used up on the disk holding /x/y.pfx: free some space (or ask for a larger quota) and try again. The existing /x/y.pfx was left as it was.'],
    ['EROFS', 'not-writable', 'Cannot write /x/y.pfx: it is on a read-only file system. Remount it read-write or choose another folder. The existing /x/y.pfx was left as it was.'],
    ['EACCES', 'not-writable', 'Cannot write /x/y.pfx: permission denied. Make /x writable for this user or choose another folder. The existing /x/y.pfx was left as it was.'],
    ['EPERM', 'not-writable', 'Cannot write /x/y.pfx: permission denied. Make /x writable for this user or choose another folder. The existing /x/y.pfx was left as it was.'],
  ])('%s writing a file → %s', (code, expected, message) => {
    const error = storageError(errno(code), file);
    expect(error).toBeInstanceOf(CertDeskError);
    expect({ code: error!.code, message: error!.message }).toEqual({ code: expected, message });
  });

  it('SQLite: SQLITE_FULL is disk-full; SQLITE_READONLY is not-writable; both say nothing stored was lost', () => {
    const full = storageError(errno('SQLITE_FULL'), database)!;
    expect([full.code, full.message]).toEqual([
      'disk-full',
      `No space left on the disk holding the CertDesk database ${work.dir}/certdesk.db: free some space and try again. Nothing was saved; the requests already stored are intact.`,
    ]);
    expect(storageError(errno('SQLITE_READONLY_DBMOVED'), database)!.code).toBe('not-writable');
  });

  it('leaves everything else alone: other errors, CertDeskErrors, SQLITE_CANTOPEN in a writable folder with room', () => {
    expect(storageError(errno('EIO'), file)).toBeUndefined();
    expect(storageError(errno('SQLITE_CONSTRAINT'), database)).toBeUndefined();
    expect(storageError(new CertDeskError('usage', 'no'), file)).toBeUndefined();
    expect(storageError(errno('SQLITE_CANTOPEN'), database)).toBeUndefined();
    expect(storageError('text', file)).toBeUndefined();
  });
});

describe('temp files left by a killed writer', () => {
  /** The pid of a process that has ended. */
  function deadPid(): number {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    return Number(r.stdout);
  }

  it('are named after their target and their writer: .<name>.<pid>.<12 hex>.tmp', () => {
    expect(tempFileName('/a/b/prov.pfx', 4242)).toMatch(/^\.prov\.pfx\.4242\.[0-9a-f]{12}\.tmp$/);
  });

  it('the next write into the folder removes those of dead writers, and only those', () => {
    const dir = join(work.dir, 'stale');
    mkdirSync(dir);
    const dead = tempFileName(join(dir, 'prov.pfx'), deadPid());
    const deadOther = tempFileName(join(dir, 'other.csr'), deadPid());
    // A writer that is still running (this process, and the test runner's parent) keeps its temp file.
    const live = tempFileName(join(dir, 'prov.pfx'), process.ppid);
    const mine = tempFileName(join(dir, 'prov.pfx'));
    const lookalikes = ['.prov.pfx.tmp', '.prov.pfx.abc.0123456789ab.tmp', 'prov.pfx.1.0123456789ab.tmp', 'notes.txt'];
    for (const name of [dead, deadOther, live, mine, ...lookalikes]) writeFileSync(join(dir, name), 'partial');

    expect(removeStaleTempFiles(dir).sort()).toEqual([dead, deadOther].sort());
    writeFileSync(join(dir, dead), 'partial');
    writeFileAtomic(join(dir, 'prov.pfx'), 'new bytes');
    expect(readdirSync(dir).sort()).toEqual([live, mine, ...lookalikes, 'prov.pfx'].sort());
    expect(readFileSync(join(dir, 'prov.pfx'), 'utf8')).toBe('new bytes');
    expect(existsSync(join(dir, dead))).toBe(false);
  });

  it('a folder that cannot be listed is no reason to fail the write', () => {
    expect(removeStaleTempFiles(join(work.dir, 'missing'))).toEqual([]);
  });
});
