// kill -9 of the real CLI (node bin/certdesk.js, built) at random moments of `request new`, `request complete`
// and `export-pfx --force` over a good PFX, with the real keychain (scripts/with-keyring.sh), SQLite on disk
// and openssl as the oracle. Kill times are spread over the whole run of each command (its duration is
// measured first) from a seeded PRNG: the seed is printed, and CERTDESK_CRASH_SEED=<seed> replays a run.
// After every kill: the database opens through the app's code and passes integrity_check and
// foreign_key_check, each request is whole or absent, nothing a successful command reported is lost,
// `request list --json` works, and the PFX on disk is the old good one or the complete new one.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type FSWatcher, existsSync, mkdirSync, readFileSync, readdirSync, watch } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/engine/requests/db';
import { forgetKeychainKey, vaultId } from '../../../electron/engine/requests/vault';
import { ROOT, hasStackTrace, runCli } from '../../support/cli';
import { openssl } from '../../support/openssl';
import { type KnownRequest, checkDataFolder, opensslReadPfx } from './safety-checks';
import { TestCa, requireKeyring, scanDataDir, tempHome } from './support';
import { seededRandom } from '../../support/prng';

const SEED = Number(process.env.CERTDESK_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ORG = 'corp.example.com';
const PW_VAR = 'CERTDESK_CRASH_PFX_PW';

const random = seededRandom(SEED);

interface Outcome {
  killed: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * When to kill: after `atMs`; the moment a temp file appears in `onTempIn` (between its write and its
 * rename); or the moment the process first writes to the database's WAL in `onWalWriteIn` (inside the commit
 * of its transaction, or just after it: a few milliseconds that random times seldom hit).
 */
type KillPlan = { atMs: number } | { onTempIn: string } | { onWalWriteIn: string } | undefined;

function runCertdesk(home: string, args: string[], plan: KillPlan, env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'certdesk.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', CERTDESK_HOME: home, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timer: NodeJS.Timeout | undefined;
    let watcher: FSWatcher | undefined;
    if (plan && 'atMs' in plan) timer = setTimeout(() => child.kill('SIGKILL'), plan.atMs);
    if (plan && 'onTempIn' in plan) {
      watcher = watch(plan.onTempIn, (_event, name) => {
        if (name?.endsWith('.tmp')) child.kill('SIGKILL');
      });
    }
    if (plan && 'onWalWriteIn' in plan) {
      watcher = watch(plan.onWalWriteIn, (_event, name) => {
        if (name === 'certdesk.db-wal') child.kill('SIGKILL');
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      watcher?.close();
      resolve({ killed: signal === 'SIGKILL', code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** The longest wall time of `runs` unkilled runs (each must succeed); the outcomes for the caller. */
async function measure(runs: (() => Promise<Outcome>)[]): Promise<{ ms: number; outcomes: Outcome[] }> {
  const outcomes: Outcome[] = [];
  for (const run of runs) {
    const o = await run();
    expect(o.code, o.stdout + o.stderr).toBe(0);
    outcomes.push(o);
  }
  // The longest: key generation time varies a lot, and the kills must cover the slow runs to their end.
  return { ms: Math.max(...outcomes.map((o) => o.ms)), outcomes };
}

/** A kill moment spread over the whole run (past its end too: some runs must get to finish). */
const killAt = (durationMs: number): number => Math.round(random() * durationMs * 1.25);

/** Iteration i's kill: every fourth on the first WAL write (the commit), the others at a random moment. */
const planFor = (i: number, durationMs: number): KillPlan => (i % 4 === 1 ? { onWalWriteIn: home } : { atMs: killAt(durationMs) });
const planText = (plan: KillPlan): string => (plan && 'atMs' in plan ? `killed at ${plan.atMs} ms` : `killed ${JSON.stringify(plan)}`);

function listIds(home: string): string[] {
  const run = runCli(['request', 'list', '--json'], { env: { CERTDESK_HOME: home } });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(hasStackTrace(run)).toBe(false);
  return (run.json().requests as { id: string }[]).map((r) => r.id).sort();
}

/** The request a successful `request new --json` reported. */
function reportedBy(o: Outcome): KnownRequest {
  const j = JSON.parse(o.stdout) as { id: string; spkiSha256: string };
  return { id: j.id, spkiSha256: j.spkiSha256 };
}

const tempFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

const work = tempHome();
const home = join(work.dir, 'home');
const files = join(work.dir, 'files');
const known = new Map<string, KnownRequest>();
const stats: Record<string, number | string> = { seed: SEED };
let ca: TestCa;

/** The checks after a run of `what`; returns the requests now stored. */
async function afterRun(what: string, dataDir = home, reported: Iterable<KnownRequest> = known.values()) {
  const state = await checkDataFolder(dataDir, reported, what);
  expect(listIds(dataDir), `${what}: request list --json`).toEqual(state.requests.map((r) => r.id).sort());
  return state;
}

beforeAll(() => {
  requireKeyring();
  console.log(`crash-safety: seed ${SEED} (replay with CERTDESK_CRASH_SEED=${SEED})`);
  mkdirSync(files, { mode: 0o700 });
  ca = new TestCa();
});

afterAll(async () => {
  console.log(`crash-safety: ${JSON.stringify(stats)}`);
  for (const dir of [home, join(work.dir, 'fresh')]) {
    if (!existsSync(join(dir, 'certdesk.db'))) continue;
    const db = openDatabase(dir);
    await forgetKeychainKey(vaultId(db)).catch(() => undefined);
    db.close();
  }
  ca?.cleanup();
  work.cleanup();
});

// Each test runs the CLI some 25-50 times (plus openssl and the checks after every kill): 20-40 s on an idle
// machine, several times that under load. The kill moments scale with the measured run time; only vitest's
// 60 s default did not, so the tests get 10 minutes (what they check is unchanged).
describe('kill -9 of the CLI at random moments', { timeout: 600_000 }, () => {
  it('while a new data folder makes its vault (keychain entry, verifier): the next run still opens it', async () => {
    const fresh = join(work.dir, 'fresh');
    const args = (i: number) => ['request', 'new', '--cn', `first${i}.${ORG}`, '--org', ORG, '--json'];
    // How long a first run takes (a throw-away folder: vault creation included).
    const probe = join(work.dir, 'probe');
    const first = await measure([() => runCertdesk(probe, args(0), undefined)]);
    const db = openDatabase(probe);
    await forgetKeychainKey(vaultId(db));
    db.close();
    const reported: KnownRequest[] = [];
    let kills = 0;
    for (let i = 1; i <= 6; i++) {
      const at = killAt(first.ms);
      const o = await runCertdesk(fresh, args(i), { atMs: at });
      if (o.killed) kills++;
      else {
        expect(o.code, o.stdout + o.stderr).toBe(0);
        reported.push(reportedBy(o));
      }
      if (existsSync(join(fresh, 'certdesk.db'))) await afterRun(`first runs #${i} (${o.killed ? `killed at ${at} ms` : 'finished'})`, fresh, reported);
    }
    // Whatever the kills left (a keychain entry without a verifier, a vault id alone …), the folder works.
    const last = await runCertdesk(fresh, args(7), undefined);
    expect(last.code, last.stdout + last.stderr).toBe(0);
    reported.push(reportedBy(last));
    await afterRun('first runs, then one to the end', fresh, reported);
    stats.vaultCreationKills = kills;
  });

  it('request new (key generation, the transaction, the CSR file): whole requests or none', async () => {
    const args = (i: number) => ['request', 'new', '--cn', `host${i}.${ORG}`, '--org', ORG, '--out', join(files, `req-${i}.csr`), '--json'];
    const report = (o: Outcome) => {
      const r = reportedBy(o);
      known.set(r.id, r);
    };
    const { ms, outcomes } = await measure([0, 1, 2].map((i) => () => runCertdesk(home, args(i), undefined)));
    outcomes.forEach(report);
    stats.requestNewMs = Math.round(ms);
    let killed = 0;
    let committedUnreported = 0;
    const before = () => (existsSync(join(home, 'certdesk.db')) ? listIds(home).length : 0);
    for (let i = 3; i < 27; i++) {
      const plan = planFor(i, ms);
      const count = before();
      const o = await runCertdesk(home, args(i), plan);
      const what = `request new #${i} (${o.killed ? planText(plan) : 'finished'})`;
      if (o.killed) killed++;
      else {
        expect(o.code, o.stdout + o.stderr).toBe(0);
        report(o);
      }
      const state = await afterRun(what);
      if (o.killed && state.requests.length > count) committedUnreported++;
      // The CSR file is absent or a whole, valid CSR of a stored request.
      const csr = join(files, `req-${i}.csr`);
      if (!o.killed) expect(existsSync(csr), what).toBe(true);
      if (existsSync(csr)) {
        openssl(['req', '-in', csr, '-noout', '-verify']);
        expect(state.requests.map((r) => r.csr_pem), what).toContain(readFileSync(csr, 'utf8'));
      }
    }
    const state = await afterRun('request new, at the end');
    expect(scanDataDir(home, state.keys)).toEqual([]);
    expect(scanDataDir(files, state.keys)).toEqual([]);
    Object.assign(stats, { requestNewKilled: killed, requestNewCommittedThenKilled: committedUnreported, requests: state.requests.length });
    expect(killed, 'some runs were killed').toBeGreaterThan(5);
  });

  it('request complete (one transaction: leaf, chain, status, audit): completed or still pending', async () => {
    const replies = new Map<string, string>();
    const replyFor = (id: string, csrPem: string) => {
      if (!replies.has(id)) replies.set(id, ca.reply(ca.sign(csrPem, `r-${id}`), 'p7b'));
      return replies.get(id)!;
    };
    const pending = async () => (await checkDataFolder(home, known.values(), 'pending requests')).requests.filter((r) => r.status === 'pending');
    const complete = async (plan: KillPlan) => {
      let [row] = await pending();
      if (!row) {
        // Kills and completions used up the pending requests: one more, to the end.
        const made = runCli(['request', 'new', '--cn', `more${known.size}.${ORG}`, '--org', ORG, '--json'], { env: { CERTDESK_HOME: home } });
        expect(made.code, made.stdout + made.stderr).toBe(0);
        known.set(made.json().id, { id: made.json().id, spkiSha256: made.json().spkiSha256 });
        [row] = await pending();
      }
      const o = await runCertdesk(home, ['request', 'complete', replyFor(row.id, row.csr_pem), '--json'], plan);
      if (!o.killed) {
        expect(o.code, o.stdout + o.stderr).toBe(0);
        const j = JSON.parse(o.stdout);
        expect(j.request.id).toBe(row.id);
        known.set(row.id, { id: row.id, spkiSha256: j.request.spkiSha256, leafSha256: j.leaf.sha256 });
      }
      return o;
    };
    const { ms } = await measure([() => complete(undefined), () => complete(undefined)]);
    stats.requestCompleteMs = Math.round(ms);
    let killed = 0;
    for (let i = 0; i < 20; i++) {
      const plan = planFor(i, ms);
      const o = await complete(plan);
      if (o.killed) killed++;
      await afterRun(`request complete #${i} (${o.killed ? planText(plan) : 'finished'})`);
    }
    const state = await afterRun('request complete, at the end');
    expect(scanDataDir(home, state.keys)).toEqual([]);
    Object.assign(stats, { requestCompleteKilled: killed, completed: state.requests.filter((r) => r.status === 'completed').length });
    expect(killed, 'some runs were killed').toBeGreaterThan(3);
  });

  it('export-pfx --force over a good PFX: the old file or the whole new one, never half; temp files hold no key and are cleaned up', async () => {
    const request = [...known.values()].find((k) => k.leafSha256)!;
    const target = join(files, 'prov.pfx');
    const exportTo = (password: string, plan: KillPlan) =>
      runCertdesk(home, ['export-pfx', request.id, '--out', target, '--password-env', PW_VAR, '--force', '--json'], plan, { [PW_VAR]: password });
    const readsAs = (password: string) => {
      const read = opensslReadPfx(target, password);
      expect(read).toEqual({ spkiSha256: request.spkiSha256, certificates: 3 });
    };

    let good = { password: `good-${randomBytes(4).toString('hex')}`, bytes: Buffer.alloc(0) };
    const { ms } = await measure([0, 1].map(() => () => exportTo(good.password, undefined)));
    good.bytes = readFileSync(target);
    readsAs(good.password);
    stats.exportMs = Math.round(ms);

    const key = (await checkDataFolder(home, known.values(), 'export key')).keys;
    let killed = 0;
    let kept = 0;
    let replaced = 0;
    let tempsLeft = 0;
    let successes = 2;
    for (let i = 0; i < 20; i++) {
      const password = `pw-${i}-${randomBytes(4).toString('hex')}`;
      // Every fourth run is killed the moment its temp file appears (before the rename), every fourth on its
      // audit line (the first WAL write); the others at random.
      const plan: KillPlan = i % 4 === 3 ? { onTempIn: files } : planFor(i, ms);
      const o = await exportTo(password, plan);
      const what = `export-pfx #${i} (${o.killed ? planText(plan) : 'finished'})`;
      const now = readFileSync(target);
      if (o.killed) killed++;
      else {
        expect(o.code, `${what}: ${o.stdout}${o.stderr}`).toBe(0);
        successes++;
        expect(now.equals(good.bytes), `${what}: the new file replaced the old one`).toBe(false);
        // This write removed the temp files earlier kills left, and its own was renamed.
        expect(tempFiles(files), what).toEqual([]);
      }
      if (now.equals(good.bytes)) {
        kept++;
        readsAs(good.password);
      } else {
        if (o.killed) replaced++;
        readsAs(password);
        good = { password, bytes: now };
      }
      // A temp file a kill left behind is PFX bytes (encrypted under the PFX password), never a bare key.
      const temps = tempFiles(files);
      tempsLeft += temps.length;
      expect(scanDataDir(files, key), what).toEqual([]);
      await afterRun(what);
    }
    // One more export cleans up whatever the last kills left.
    const last = await exportTo(good.password, undefined);
    expect(last.code, last.stdout + last.stderr).toBe(0);
    expect(tempFiles(files)).toEqual([]);
    readsAs(good.password);
    const db = openDatabase(home);
    const audits = (db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.pfx'").get() as { n: number }).n;
    db.close();
    expect(audits).toBeGreaterThanOrEqual(successes + 1);
    Object.assign(stats, { exportKilled: killed, exportKeptOld: kept, exportKilledAfterRename: replaced, exportTempFilesLeftByKills: tempsLeft });
    expect(killed, 'some runs were killed').toBeGreaterThan(6);
    // The kills on temp-file creation must have left some temp files, or the clean-up was never exercised.
    expect(tempsLeft, 'temp files left by kills (and removed by the next write)').toBeGreaterThan(0);
  });
});
