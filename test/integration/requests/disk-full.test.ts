// Disk full and read-only, for real: tiny tmpfs mounts in a private mount namespace (mounts.ts), the real CLI
// (node bin/certdesk.js, built), the real keychain (scripts/with-keyring.sh: its D-Bus socket is in /tmp,
// which stays visible because the mounts go on mkdtemp folders), SQLite and openssl as the oracle. The
// errors must be `disk-full` / `not-writable` with what happened, where and what to do, exit 2 and no stack;
// nothing stored may be lost, a PFX that cannot be written leaves the old one and no temp file; and once
// space is freed everything works again. EACCES is tested as the unprivileged user `nobody` (root ignores
// permissions, see eacces-nobody.test.ts); dispatch (the IPC/preview path) passes the codes on.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/engine/requests/db';
import { forgetKeychainKey, vaultId } from '../../../electron/engine/requests/vault';
import { toBridgeError } from '../../../electron/desktop/renderer-bridge';
import { ROOT, runCli } from '../../support/cli';
import { MountScript, type StepResult, mountNamespacesWork } from './mounts';
import { type KnownRequest, checkDataFolder, opensslReadPfx } from './safety-checks';
import { TestCa, requireKeyring, tempHome } from './support';

const ORG = 'corp.example.com';
const work = tempHome();
/** The data folder prepared on the host: one completed request (exported), one pending with its CA reply. */
const home = join(work.dir, 'home');
const known = new Map<string, KnownRequest>();
let ca: TestCa;
let completedId: string;
let pendingReply: string;
let pendingId: string;
const goodPfx = join(work.dir, 'good.pfx');
const PW = { PW1: 'first password 1!', PW2: 'second password 2!', PW3: 'third password 3!' };
const scripts: MountScript[] = [];
const mountPoints: string[] = [];

const hostCli = (args: string[]) => {
  const run = runCli(args.includes('--json') ? args : [...args, '--json'], { env: { CERTDESK_HOME: home, ...PW }, timeoutMs: 60_000 });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return run.json();
};

function newScript(): MountScript {
  const script = new MountScript();
  scripts.push(script);
  return script;
}

/** An empty folder to mount on (host side it stays empty: the mount lives in the namespace only). */
function mountPoint(): string {
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-mnt-'));
  mountPoints.push(dir);
  return dir;
}

/** A failed step: exit 2, one JSON error with `code`, no stack; returns the message. */
function expectError(step: StepResult | undefined, code: string): string {
  expect(step, 'step ran').toBeDefined();
  const text = step!.stdout + step!.stderr;
  expect(step!.code, text).toBe(2);
  expect(/^\s+at [^\s]|node:internal/m.test(text), text).toBe(false);
  const body = step!.json();
  expect(Object.keys(body), text).toEqual(['error']);
  expect(body.error.code, text).toBe(code);
  return body.error.message as string;
}

function expectOk(step: StepResult | undefined): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(step, 'step ran').toBeDefined();
  expect(step!.code, step!.stdout + step!.stderr).toBe(0);
  return step!.json();
}

const requestNew = (cn: string, extra: string[] = []) => ['request', 'new', '--cn', cn, '--org', ORG, ...extra, '--json'];

beforeAll(() => {
  requireKeyring();
  if (!mountNamespacesWork()) return;
  ca = new TestCa();
  mkdirSync(home, { mode: 0o700 });
  const done = hostCli(requestNew(`done.${ORG}`));
  hostCli(['request', 'complete', ca.reply(ca.sign(done.csrPem, 'done'), 'p7b'), '--json']);
  completedId = done.id;
  const pending = hostCli(requestNew(`pending.${ORG}`));
  pendingId = pending.id;
  pendingReply = ca.reply(ca.sign(pending.csrPem, 'pending'), 'p7b');
  hostCli(['export-pfx', completedId, '--out', goodPfx, '--password-env', 'PW1']);
  for (const r of [done, pending]) known.set(r.id, { id: r.id, spkiSha256: r.spkiSha256 });
});

afterAll(async () => {
  for (const s of scripts) s.cleanup();
  for (const dir of mountPoints) rmSync(dir, { recursive: true, force: true });
  if (existsSync(join(home, 'certdesk.db'))) {
    const db = openDatabase(home);
    await forgetKeychainKey(vaultId(db)).catch(() => undefined);
    db.close();
  }
  ca?.cleanup();
  work.cleanup();
});

describe.skipIf(!mountNamespacesWork())('a full disk', () => {
  it('request new fails with disk-full at every fill level (also inside the transaction), keeps what was stored, and works once space is freed', async () => {
    const m = mountPoint();
    const data = join(m, 'home');
    const env = { CERTDESK_HOME: data };
    const s = newScript().tmpfs(m, 384).copy(home, data).cli('new-ok', requestNew(`ok.${ORG}`), env);
    // From completely full to enough room: the failure moves from opening the database to the middle of
    // the transaction's WAL writes (measured: SQLITE_FULL on the WAL write with 36 to 80 KiB left).
    const levels = [0, 8, 24, 40, 48, 56, 64, 72, 80, 96, 128];
    for (const kib of levels) s.fill(m, kib).cli(`new-${kib}`, requestNew(`fill${kib}.${ORG}`), env);
    s.fill(m, 0)
      .cli('complete-full', ['request', 'complete', pendingReply, '--json'], env)
      .cli('human-full', ['request', 'new', '--cn', `human.${ORG}`, '--org', ORG], env)
      .unfill(m)
      .cli('list-after', ['request', 'list', '--json'], env)
      .cli('complete-after', ['request', 'complete', pendingReply, '--json'], env)
      .cli('new-after', requestNew(`after.${ORG}`), env)
      .copy(data, join(s.out, 'home'));
    const steps = s.run();

    const reported = new Map(known);
    const add = (r: { id: string; spkiSha256: string }) => reported.set(r.id, { id: r.id, spkiSha256: r.spkiSha256 });
    add(expectOk(steps.get('new-ok')));
    let full = 0;
    for (const kib of levels) {
      const step = steps.get(`new-${kib}`)!;
      if (step.code === 0) {
        add(step.json());
        continue;
      }
      full++;
      expect(expectError(step, 'disk-full')).toBe(
        `No space left on the disk holding the CertDesk database ${data}/certdesk.db: free some space and try again. Nothing was saved; the requests already stored are intact.`,
      );
    }
    expect(full, 'fill levels that ran out of space').toBeGreaterThanOrEqual(5);
    expect(expectError(steps.get('complete-full'), 'disk-full')).toMatch(/^No space left on the disk holding the CertDesk database /);
    // Without --json: one line on stderr with the code, nothing on stdout, no stack.
    const human = steps.get('human-full')!;
    expect([human.code, human.stdout]).toEqual([2, '']);
    expect(human.stderr).toMatch(/^certdesk: No space left on the disk holding the CertDesk database .*certdesk\.db: free some space and try again\..* \[disk-full\]\n$/);

    const completed = expectOk(steps.get('complete-after'));
    expect(completed.request.id).toBe(pendingId);
    reported.set(pendingId, { ...reported.get(pendingId)!, leafSha256: completed.leaf.sha256 });
    add(expectOk(steps.get('new-after')));
    const listed = (expectOk(steps.get('list-after')).requests as { id: string }[]).map((r) => r.id);
    // list-after ran before new-after and complete-after: everything reported until then.
    for (const id of reported.keys()) if (id !== steps.get('new-after')!.json().id) expect(listed).toContain(id);

    const state = await checkDataFolder(join(s.out, 'home'), reported.values(), 'after the disk was full');
    expect(state.requests.length).toBe(reported.size);
  });

  it('export-pfx and the CSR file: disk-full, the old PFX untouched, no temp file, no half file', () => {
    const m = mountPoint();
    const target = join(m, 'prov.pfx');
    const env = { CERTDESK_HOME: home, ...PW };
    const exportPfx = (out: string, pwVar: string, extra: string[] = ['--json']) => ['export-pfx', completedId, '--out', out, '--password-env', pwVar, '--force', ...extra];
    const s = newScript().tmpfs(m, 96);
    s.cli('export-1', exportPfx(target, 'PW1'), env)
      .copy(target, join(s.out, 'before.pfx'))
      .fill(m, 0)
      .cli('export-full', exportPfx(target, 'PW2'), env)
      // 4 KiB left: the PFX (about 5 KiB) is half written when the disk fills up.
      .fill(m, 4)
      .cli('export-half', exportPfx(target, 'PW2'), env)
      .fill(m, 0)
      .cli('export-new', exportPfx(join(m, 'other.pfx'), 'PW2'), env)
      .cli('export-human', exportPfx(target, 'PW2', []), env)
      .cli('csr-full', requestNew(`csr.${ORG}`, ['--out', join(m, 'csr.csr')]), env)
      .step('listing-full', ['ls', '-A', m])
      .copy(target, join(s.out, 'after.pfx'))
      .unfill(m)
      .cli('export-after', exportPfx(target, 'PW3'), env)
      .copy(target, join(s.out, 'final.pfx'))
      .step('listing-after', ['ls', '-A', m]);
    const steps = s.run();

    expectOk(steps.get('export-1'));
    for (const name of ['export-full', 'export-half', 'export-human']) {
      const step = steps.get(name)!;
      const message = name === 'export-human' ? /^certdesk: (.*) \[disk-full\]\n$/.exec(step.stderr)![1] : expectError(step, 'disk-full');
      expect(step.code).toBe(2);
      expect(message, name).toBe(`No space left on the disk holding ${target}: free some space and try again. The existing ${target} was left as it was.`);
    }
    expect(expectError(steps.get('export-new'), 'disk-full')).toBe(
      `No space left on the disk holding ${join(m, 'other.pfx')}: free some space and try again. Nothing was written.`,
    );
    // The request was made before its CSR file could be written: the error says so and how to get the CSR.
    const csrMessage = expectError(steps.get('csr-full'), 'disk-full');
    const saved = /Request ([0-9a-f]{12}) was saved: `certdesk request show \1` prints its CSR\.$/.exec(csrMessage);
    expect(saved, csrMessage).not.toBeNull();
    expect(csrMessage.startsWith(`No space left on the disk holding ${join(m, 'csr.csr')}: free some space and try again.`)).toBe(true);
    expect(hostCli(['request', 'show', saved![1]]).id).toBe(saved![1]);

    // No temp file, no half file, no new file; the old PFX byte for byte, still opened by openssl.
    expect(expectOkText(steps.get('listing-full'))).toEqual(['.filler', 'prov.pfx']);
    const before = readFileSync(join(s.out, 'before.pfx'));
    expect(readFileSync(join(s.out, 'after.pfx')).equals(before)).toBe(true);
    const spki = known.get(completedId)!.spkiSha256;
    expect(opensslReadPfx(join(s.out, 'after.pfx'), PW.PW1)).toEqual({ spkiSha256: spki, certificates: 3 });
    // Space freed: the export works again.
    expectOk(steps.get('export-after'));
    expect(opensslReadPfx(join(s.out, 'final.pfx'), PW.PW3)).toEqual({ spkiSha256: spki, certificates: 3 });
    expect(expectOkText(steps.get('listing-after'))).toEqual(['prov.pfx']);
  });

  it('through dispatch (the IPC and preview path): the code and message pass unchanged, also through the renderer bridge', () => {
    const m = mountPoint();
    const data = join(m, 'home');
    const code = `require(${JSON.stringify(join(ROOT, 'dist/electron/operations/dispatch.js'))}).dispatch('request.new', { cn: 'ipc.${ORG}', org: '${ORG}' }).then((r) => process.stdout.write(JSON.stringify(r)))`;
    const s = newScript().tmpfs(m, 256).copy(home, data).fill(m, 0).step('dispatch', [process.execPath, '-e', code], { CERTDESK_HOME: data });
    const out = expectOk(s.run().get('dispatch'));
    expect(out).toEqual({
      ok: false,
      error: {
        code: 'disk-full',
        message: `No space left on the disk holding the CertDesk database ${data}/certdesk.db: free some space and try again. Nothing was saved; the requests already stored are intact.`,
      },
    });
    expect(toBridgeError(out.error)).toEqual({ name: 'CertDeskError', ...out.error });
  });
});

describe.skipIf(!mountNamespacesWork())('a read-only disk', () => {
  it('not-writable for the database, the data folder and the PFX; nothing changes', async () => {
    const m = mountPoint();
    const data = join(m, 'home');
    const pfx = join(m, 'pfx', 'prov.pfx');
    const env = { CERTDESK_HOME: data, ...PW };
    const s = newScript().tmpfs(m, 512).copy(home, data).sh(`mkdir ${JSON.stringify(join(m, 'pfx'))}`).copy(goodPfx, pfx).readOnly(m);
    s.cli('new', requestNew(`ro.${ORG}`), env)
      .cli('complete', ['request', 'complete', pendingReply, '--json'], env)
      .cli('list', ['request', 'list', '--json'], env)
      .cli('expiring', ['expiring', '--days', '3650', '--json'], env)
      .cli('export', ['export-pfx', completedId, '--out', pfx, '--password-env', 'PW2', '--force', '--json'], { ...env, CERTDESK_HOME: home })
      .cli('fresh', ['request', 'list', '--json'], { CERTDESK_HOME: join(m, 'fresh', 'home') })
      .step('listing', ['ls', '-A', join(m, 'pfx')])
      .copy(data, join(s.out, 'home'))
      .copy(pfx, join(s.out, 'ro.pfx'));
    const steps = s.run();

    expect(expectError(steps.get('new'), 'not-writable')).toBe(
      `Cannot write the CertDesk database ${data}/certdesk.db: it is on a read-only file system. Remount it read-write or set CERTDESK_HOME to a folder on another disk. Nothing was saved; the requests already stored are intact.`,
    );
    expect(expectError(steps.get('complete'), 'not-writable')).toMatch(/^Cannot write the CertDesk database .*: it is on a read-only file system\./);
    expect(expectError(steps.get('export'), 'not-writable')).toBe(
      `Cannot write ${pfx}: it is on a read-only file system. Remount it read-write or choose another folder. The existing ${pfx} was left as it was.`,
    );
    expect(expectError(steps.get('fresh'), 'not-writable')).toBe(
      `Cannot write the CertDesk data folder ${join(m, 'fresh', 'home')}: it is on a read-only file system. Remount it read-write or set CERTDESK_HOME to a folder on another disk.`,
    );
    // Reading still works on a read-only disk: the list comes from a read-only snapshot of the database.
    const listed = expectOk(steps.get('list')) as { requests: { id: string; status: string }[] };
    expect(listed.requests.map((r) => r.id)).toContain(completedId);
    expect(expectOk(steps.get('expiring')).certificates.length).toBeGreaterThan(0);
    expect(expectOkText(steps.get('listing'))).toEqual(['prov.pfx']);
    expect(readFileSync(join(s.out, 'ro.pfx')).equals(readFileSync(goodPfx))).toBe(true);
    await checkDataFolder(join(s.out, 'home'), known.values(), 'the read-only copy');
  });
});

describe.skipIf(!mountNamespacesWork())('a read-only disk whose WAL still holds commits', () => {
  it('reads them (SQLite reads the WAL through its -shm file), never an older state', () => {
    // A copy taken while another process has the database open: the newest commit is only in the -wal file.
    const live = join(work.dir, 'live');
    const copyDir = join(work.dir, 'live-copy');
    mkdirSync(copyDir, { mode: 0o700 });
    const made = runCli(requestNew(`wal.${ORG}`), { env: { CERTDESK_HOME: live, CERTDESK_VAULT: 'passphrase', CERTDESK_PASSPHRASE: 'passphrase for the WAL test' } });
    expect(made.code, made.stdout + made.stderr).toBe(0);
    const db = openDatabase(live);
    try {
      db.prepare('UPDATE requests SET name = ? WHERE id = ?').run('only in the WAL', made.json().id);
      for (const file of readdirSync(live)) cpSync(join(live, file), join(copyDir, file));
    } finally {
      db.close();
    }
    expect(statSync(join(copyDir, 'certdesk.db-wal')).size).toBeGreaterThan(0);
    const m = mountPoint();
    const data = join(m, 'home');
    const s = newScript().tmpfs(m, 512).copy(copyDir, data).readOnly(m);
    s.cli('list', ['request', 'list', '--json'], { CERTDESK_HOME: data });
    const listed = expectOk(s.run().get('list')) as { requests: { id: string; name: string | null }[] };
    expect(listed.requests.map((r) => [r.id, r.name])).toEqual([[made.json().id, 'only in the WAL']]);
  });
});

// EACCES as the unprivileged user nobody: test/integration/requests/eacces-nobody.test.ts (needs no keychain).

/** The lines a successful `ls -A` step printed. */
function expectOkText(step: StepResult | undefined): string[] {
  expect(step?.code, step?.stderr).toBe(0);
  return step!.stdout.split('\n').filter(Boolean);
}
