// kill -9 in the middle of writes: a child process writes requests (key row + request row + audit line, one
// transaction each) in a loop and prints each id once committed; it is SIGKILLed at a random moment. The
// database must pass integrity_check, hold every id the child reported, and no half-written request.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, SCHEMA_VERSION } from '../../../electron/engine/requests/db';
import { ROOT } from '../../support/cli';
import { tempHome } from './support';

const work = tempHome();
let writer: string;

beforeAll(() => {
  const entry = join(work.dir, 'writer-entry.ts');
  writeFileSync(
    entry,
    `
import { randomBytes } from 'node:crypto';
import { audit, insertKey, insertRequest, openDatabase } from ${JSON.stringify(join(ROOT, 'electron/engine/requests/db'))};
const db = openDatabase(process.argv[2]);
let n = 0;
for (;;) {
  const id = (process.pid.toString(16) + '0000' + (n++).toString(16)).padStart(12, '0');
  const now = new Date().toISOString();
  db.transaction(() => {
    insertKey(db, { id, spki_sha256: randomBytes(32).toString('hex'), algorithm: 'RSA', key_size: 2048, vault_mode: 'keychain', nonce: randomBytes(12), sealed: randomBytes(1200), created: now });
    insertRequest(db, { id, created: now, cn: 'crash.example.com', org: 'example.com', ou: 'Intel(R) Client Setup Certificate', country: null, state: null, locality: null,
      subject: 'CN=crash.example.com', key_size: 2048, key_id: id, spki_sha256: randomBytes(32).toString('hex'), csr_pem: 'x'.repeat(1500), csr_sha256: randomBytes(32).toString('hex') });
    audit(db, 'request.new', 'ok', 'CN=crash.example.com', null);
  })();
  process.stdout.write(id + '\\n');
}
`,
  );
  writer = join(work.dir, 'writer.js');
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: writer, external: ['better-sqlite3'], nodePaths: [join(ROOT, 'node_modules')], logLevel: 'silent' });
});

afterAll(() => work.cleanup());

/**
 * Runs the writer and kills it `afterMs` after its first committed request: the clock starts once it is
 * writing, not at spawn, so a slow start (node, better-sqlite3, the schema) on a loaded machine cannot use up
 * the time and leave nothing committed to check.
 */
function runAndKill(dir: string, afterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dir], { cwd: ROOT, env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d) => {
      out += d;
      timer ??= setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`writer ended without SIGKILL: ${err}`));
      // The last line may be cut by the kill: only whole lines were committed and reported.
      resolve(out.split('\n').slice(0, -1).filter(Boolean));
    });
  });
}

describe('database under kill -9', () => {
  it('keeps every committed request and no half rows, across repeated kills', async () => {
    const dir = join(work.dir, 'home');
    mkdirSync(dir, { mode: 0o700 });
    const reported: string[] = [];
    for (let round = 0; round < 5; round++) {
      reported.push(...(await runAndKill(dir, 50 + Math.floor(Math.random() * 700))));
      const db = openDatabase(dir);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        expect(db.prepare('SELECT MAX(version) AS v FROM schema_version').get()).toEqual({ v: SCHEMA_VERSION });
        const ids = new Set((db.prepare('SELECT id FROM requests').all() as { id: string }[]).map((r) => r.id));
        const missing = reported.filter((id) => !ids.has(id));
        expect(missing).toEqual([]);
        // All three rows of each transaction, or none.
        const orphanKeys = db.prepare('SELECT COUNT(*) AS n FROM keys k LEFT JOIN requests r ON r.key_id = k.id WHERE r.id IS NULL').get();
        expect(orphanKeys).toEqual({ n: 0 });
        const counts = db.prepare("SELECT (SELECT COUNT(*) FROM requests) AS r, (SELECT COUNT(*) FROM keys) AS k, (SELECT COUNT(*) FROM audit_log WHERE action = 'request.new') AS a").get() as { r: number; k: number; a: number };
        expect(counts.k).toBe(counts.r);
        expect(counts.a).toBe(counts.r);
        expect(counts.r).toBeGreaterThanOrEqual(reported.length);
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        db.close();
      }
    }
    console.log(`db-crash: ${reported.length} requests reported committed over 5 kills`);
    expect(reported.length).toBeGreaterThan(20);
  });
});
