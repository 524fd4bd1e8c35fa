// Settings kept in the data folder (settings.json): the operations settings.get / settings.set through the real
// dispatch (schema, handler, service), on real files in a throw-away CERTDESK_HOME.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CertDeskSettings } from '../../shared/contract/settings';
import { dispatch, type DispatchResult } from '../../electron/operations/dispatch';
import { hasStackTrace, runCli } from '../support/cli';

const ROOT_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const ROOT_A_UPPER = ROOT_A.toUpperCase();
const ROOT_B_SHA1 = '0123456789ABCDEF0123456789ABCDEF01234567';

let home: string;
const originalHome = process.env.CERTDESK_HOME;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'certdesk-settings-'));
  process.env.CERTDESK_HOME = join(home, 'data');
});

afterEach(() => {
  process.env.CERTDESK_HOME = originalHome;
  rmSync(home, { recursive: true, force: true });
});

const file = () => join(home, 'data', 'settings.json');

async function ok(name: string, input: unknown): Promise<CertDeskSettings> {
  const answer: DispatchResult = await dispatch(name, input);
  if (!answer.ok) throw new Error(`${name} failed: ${answer.error.code} ${answer.error.message}`);
  return answer.result as CertDeskSettings;
}

async function fails(name: string, input: unknown): Promise<{ code: string; message: string }> {
  const answer = await dispatch(name, input);
  if (answer.ok) throw new Error(`${name} succeeded: ${JSON.stringify(answer.result).slice(0, 200)}`);
  return answer.error;
}

describe('settings.get', () => {
  it('answers the defaults when nothing was saved, and writes nothing', async () => {
    const settings = await ok('settings.get', {});
    expect(settings).toEqual({ trustedRoots: [], deviceHashLists: [], activeDeviceHashList: null, file: file() });
    expect(existsSync(join(home, 'data'))).toBe(false);
  });

  it('refuses any input field (strict schema)', async () => {
    expect((await fails('settings.get', { path: '/etc/passwd' })).code).toBe('usage');
  });
});

describe('settings.set: trusted roots', () => {
  it('keeps a hash typed with colons and lower case as uppercase hex, in an owner-only file, and reads it back', async () => {
    const typed = ROOT_A.match(/../g)!.join(':');
    const saved = await ok('settings.set', { trustedRoots: [{ hash: typed, name: 'Lab Root CA' }] });
    expect(saved.trustedRoots).toHaveLength(1);
    expect(saved.trustedRoots[0]).toMatchObject({ hash: ROOT_A_UPPER, name: 'Lab Root CA' });
    expect(Number.isNaN(Date.parse(saved.trustedRoots[0].addedAt))).toBe(false);

    const onDisk = JSON.parse(readFileSync(file(), 'utf8'));
    expect(onDisk.version).toBe(1);
    expect(onDisk.trustedRoots[0].hash).toBe(ROOT_A_UPPER);
    if (process.platform !== 'win32') expect(statSync(file()).mode & 0o777).toBe(0o600);
    // No temp file left beside it.
    expect(readdirSync(join(home, 'data')).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    expect((await ok('settings.get', {})).trustedRoots).toEqual(saved.trustedRoots);
  });

  it('one entry per hash; the date a root was first trusted is kept when the list is saved again', async () => {
    const first = await ok('settings.set', { trustedRoots: [{ hash: ROOT_A }] });
    const again = await ok('settings.set', { trustedRoots: [{ hash: ROOT_A_UPPER, name: 'renamed' }, { hash: ROOT_B_SHA1 }, { hash: ROOT_A }] });
    expect(again.trustedRoots.map((r) => r.hash)).toEqual([ROOT_B_SHA1, ROOT_A_UPPER]);
    expect(again.trustedRoots.find((r) => r.hash === ROOT_A_UPPER)!.addedAt).toBe(first.trustedRoots[0].addedAt);
  });

  it('refuses what is not a SHA-256 or SHA-1, and leaves the stored settings as they were', async () => {
    await ok('settings.set', { trustedRoots: [{ hash: ROOT_A }] });
    const before = readFileSync(file(), 'utf8');
    for (const hash of ['1234', 'zz'.repeat(32), `${ROOT_A}00`, '']) {
      const error = await fails('settings.set', { trustedRoots: [{ hash }] });
      expect(error.code).toBe('usage');
      expect(error.message).toMatch(/SHA-256/);
    }
    expect((await fails('settings.set', { trustedRoots: [{ hash: ROOT_A, name: 'bad\u202Ename' }] })).code).toBe('usage');
    expect((await fails('settings.set', { trustedRoots: [{ hash: ROOT_A, extra: 1 }] })).code).toBe('usage');
    expect(readFileSync(file(), 'utf8')).toBe(before);
  });

  it('caps the list: 64 trusted roots at most', async () => {
    const many = Array.from({ length: 65 }, (_, i) => ({ hash: i.toString(16).padStart(64, '0') }));
    expect((await fails('settings.set', { trustedRoots: many })).code).toBe('usage');
    expect((await ok('settings.set', { trustedRoots: many.slice(0, 64) })).trustedRoots).toHaveLength(64);
  });

  it('saving one field keeps the others', async () => {
    await ok('settings.set', { trustedRoots: [{ hash: ROOT_A }] });
    await ok('settings.set', { deviceHashLists: [{ fileName: 'lab.txt', text: `${ROOT_A}\n` }], activeDeviceHashList: 'lab.txt' });
    const both = await ok('settings.get', {});
    expect(both.trustedRoots.map((r) => r.hash)).toEqual([ROOT_A_UPPER]);
    expect(both.activeDeviceHashList).toBe('lab.txt');
    const cleared = await ok('settings.set', { trustedRoots: [] });
    expect(cleared.trustedRoots).toEqual([]);
    expect(cleared.deviceHashLists.map((l) => l.fileName)).toEqual(['lab.txt']);
  });
});

describe('settings.set: device hash lists', () => {
  const plain = `# lab fleet, read with MEBx\n${ROOT_A}  # Lab Root CA\n${ROOT_B_SHA1}\n`;

  it('keeps a list read by the engine (source, active count) and puts it in force', async () => {
    const saved = await ok('settings.set', { deviceHashLists: [{ fileName: 'lab-hashes.txt', text: plain }], activeDeviceHashList: 'lab-hashes.txt' });
    expect(saved.deviceHashLists).toHaveLength(1);
    expect(saved.deviceHashLists[0]).toMatchObject({ fileName: 'lab-hashes.txt', text: plain, source: 'plain list', active: 2 });
    expect(saved.activeDeviceHashList).toBe('lab-hashes.txt');
  });

  it('an rpc amtinfo --cert --json list counts only the active hashes', async () => {
    const rpc = JSON.stringify({
      certificateHashes: {
        'Lab Root': { name: 'Lab Root', hash: ROOT_A, algorithm: 'SHA256', isActive: true, isDefault: false },
        Old: { name: 'Old', hash: 'cd'.repeat(32), algorithm: 'SHA256', isActive: false, isDefault: true },
      },
    });
    const saved = await ok('settings.set', { deviceHashLists: [{ fileName: 'amtinfo.json', text: rpc }] });
    expect(saved.deviceHashLists[0].active).toBe(1);
    expect(saved.deviceHashLists[0].source).toMatch(/rpc/);
  });

  it('refuses a file that is not a hash list with the engine\'s message; nothing is saved', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const error = await fails('settings.set', { deviceHashLists: [{ fileName: 'root.pem', text: pem }] });
    expect(error.code).toBe('usage');
    expect(error.message).toContain('root.pem');
    const garbage = await fails('settings.set', { deviceHashLists: [{ fileName: 'notes.txt', text: 'hello world\n' }] });
    expect(garbage.code).toBe('unreadable');
    expect(garbage.message).toContain('notes.txt, line 1');
    expect(existsSync(file())).toBe(false);
  });

  it('the list in force must be a saved list; forgetting it clears it', async () => {
    expect((await fails('settings.set', { activeDeviceHashList: 'nope.txt' })).message).toContain('No saved device hash list is named "nope.txt"');
    await ok('settings.set', { deviceHashLists: [{ fileName: 'a.txt', text: plain }, { fileName: 'b.txt', text: `${ROOT_A}\n` }], activeDeviceHashList: 'a.txt' });
    const switched = await ok('settings.set', { activeDeviceHashList: 'b.txt' });
    expect(switched.activeDeviceHashList).toBe('b.txt');
    const forgotten = await ok('settings.set', { deviceHashLists: [{ fileName: 'a.txt', text: plain }] });
    expect(forgotten.activeDeviceHashList).toBeNull();
    expect(forgotten.deviceHashLists.map((l) => l.fileName)).toEqual(['a.txt']);
    expect((await ok('settings.set', { activeDeviceHashList: null })).activeDeviceHashList).toBeNull();
  });

  it('caps the sizes: 8 lists, 1 MiB per list', async () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ fileName: `l${i}.txt`, text: `${ROOT_A}\n` }));
    expect((await fails('settings.set', { deviceHashLists: nine })).code).toBe('usage');
    const huge = `${ROOT_A}\n`.repeat(Math.ceil((1024 * 1024) / 65) + 1);
    expect((await fails('settings.set', { deviceHashLists: [{ fileName: 'huge.txt', text: huge }] })).code).toBe('usage');
  });
});

describe('a settings file that cannot be read', () => {
  it('is never replaced silently: get and set say what is wrong and name the file; the file is left as it is', async () => {
    mkdirSync(join(home, 'data'), { recursive: true });
    for (const content of ['{ not json', JSON.stringify({ version: 1, trustedRoots: 'x', deviceHashLists: [], activeDeviceHashList: null }), JSON.stringify({ version: 2 })]) {
      writeFileSync(file(), content);
      const got = await fails('settings.get', {});
      expect(got.code).toBe('unreadable');
      expect(got.message).toContain(file());
      expect(got.message).toContain('Fix it or delete it');
      const set = await fails('settings.set', { trustedRoots: [{ hash: ROOT_A }] });
      expect(set.code).toBe('unreadable');
      expect(readFileSync(file(), 'utf8')).toBe(content);
    }
  });

  it('a hand-edited file with a lower-case hash is refused (only what CertDesk writes is read)', async () => {
    mkdirSync(join(home, 'data'), { recursive: true });
    writeFileSync(file(), JSON.stringify({ version: 1, trustedRoots: [{ hash: ROOT_A, addedAt: '2026-01-01T00:00:00.000Z' }], deviceHashLists: [], activeDeviceHashList: null }));
    expect((await fails('settings.get', {})).message).toContain('trustedRoots.0.hash');
  });
});

// A data folder that cannot be written: /sys refuses new folders even to root (EPERM, or EROFS where it is
// mounted read-only). Where it does not (an unusual machine), the test cannot fail and is skipped saying why.
const sysRefuses = (() => {
  try {
    mkdirSync('/sys/certdesk-settings-probe');
    rmSync('/sys/certdesk-settings-probe', { recursive: true, force: true });
    return false;
  } catch (error) {
    return ['EPERM', 'EROFS', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '');
  }
})();

describe('a data folder that cannot be written', () => {
  it.skipIf(!sysRefuses)('answers not-writable naming the data folder; get still answers the defaults (/sys refuses folders)', async () => {
    process.env.CERTDESK_HOME = '/sys/certdesk-settings-test';
    const error = await fails('settings.set', { trustedRoots: [{ hash: ROOT_A }] });
    expect(error.code).toBe('not-writable');
    expect(error.message).toContain('/sys/certdesk-settings-test');
    expect((await ok('settings.get', {})).trustedRoots).toEqual([]);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('a read-only settings folder answers not-writable and keeps the old file (not as root: root writes anyway)', async () => {
    await ok('settings.set', { trustedRoots: [{ hash: ROOT_A }] });
    const before = readFileSync(file(), 'utf8');
    chmodSync(join(home, 'data'), 0o500);
    try {
      const error = await fails('settings.set', { trustedRoots: [] });
      expect(error.code).toBe('not-writable');
      expect(error.message).toContain('was left as it was');
    } finally {
      chmodSync(join(home, 'data'), 0o700);
    }
    expect(readFileSync(file(), 'utf8')).toBe(before);
  });
});

describe('certdesk settings show (the built CLI)', () => {
  it('prints what the app saved, as text and as one JSON document; an unreadable file is exit 2 with the code', async () => {
    const env = { CERTDESK_HOME: join(home, 'data') };
    const empty = runCli(['settings', 'show', '--json'], { env });
    expect(empty.code).toBe(0);
    expect(empty.json()).toEqual({ trustedRoots: [], deviceHashLists: [], activeDeviceHashList: null, file: file() });

    await ok('settings.set', { trustedRoots: [{ hash: ROOT_A, name: 'Lab Root CA' }], deviceHashLists: [{ fileName: 'lab.txt', text: `${ROOT_A}\n` }], activeDeviceHashList: 'lab.txt' });
    const text = runCli(['settings', 'show'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Settings file: ${file()}`);
    expect(text.stdout).toContain(`${ROOT_A_UPPER}  Lab Root CA, since `);
    expect(text.stdout).toContain('lab.txt: plain list, 1 active, saved ');
    expect(text.stdout).toContain('[in force]');
    expect(runCli(['settings', 'show', '--json'], { env }).json().trustedRoots[0].hash).toBe(ROOT_A_UPPER);

    writeFileSync(file(), '{ broken');
    const broken = runCli(['settings', 'show', '--json'], { env });
    expect(broken.code).toBe(2);
    expect(broken.json().error.code).toBe('unreadable');
    expect(hasStackTrace(broken)).toBe(false);
  });
});
