// `certdesk store import --request ID`: a completed request goes to the Local Computer store without a
// PFX file — the engine exports it in-process, under a one-time password, straight into the script's stdin.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../../support/cli';
import { openDatabase } from '../../../electron/engine/requests/db';
import { forgetKeychainKey, vaultId } from '../../../electron/engine/requests/vault';
import { TestCa, requireKeyring, tempHome } from './support';

let home: ReturnType<typeof tempHome>;
let ca: TestCa;
let id: string;

const cli = (args: string[]) => {
  const run = runCli(args, { env: { CERTDESK_HOME: home.dir }, timeoutMs: 60_000 });
  expect(hasStackTrace(run), run.stderr).toBe(false);
  return run;
};

beforeAll(() => {
  requireKeyring();
  home = tempHome();
  ca = new TestCa();
  const created = cli(['request', 'new', '--cn', 'prov.corp.example.com', '--org', 'corp.example.com', '--json']);
  expect(created.code, created.stdout + created.stderr).toBe(0);
  id = created.json().id;
  const cert = ca.sign(created.json().csrPem, 'prov', { dns: 'prov.corp.example.com' });
  expect(cli(['request', 'complete', ca.reply(cert, 'p7b'), '--json']).code).toBe(0);
});

afterAll(async () => {
  if (home && existsSync(join(home.dir, 'certdesk.db'))) {
    const db = openDatabase(home.dir);
    await forgetKeychainKey(vaultId(db)).catch(() => undefined);
    db.close();
  }
  home?.cleanup();
});

it('dry run: the import script, with the PFX and its one-time password redacted', () => {
  const run = cli(['store', 'import', '--request', id, '--dry-run', '--json']);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const dry = run.json();
  expect(dry.dryRun).toBe(true);
  expect(dry.script).toMatch(/import-pfx\.ps1$/);
  expect(dry.input).toMatchObject({ contentBase64: '***', password: '***', exportable: false });
});

it('off Windows without --dry-run: not-windows, exit 2', () => {
  const run = cli(['store', 'import', '--request', id, '--json']);
  expect(run.code).toBe(2);
  expect(run.json().error.code).toBe('not-windows');
});

it('a file and --request together, neither, or --legacy with a file: usage errors', () => {
  for (const args of [['store', 'import', 'x.pfx', '--request', id], ['store', 'import'], ['store', 'import', 'x.pfx', '--legacy']]) {
    const run = cli([...args, '--json']);
    expect(run.code, args.join(' ')).toBe(2);
    expect(run.json().error.code).toBe('usage');
  }
});

it('an unknown request: not-found', () => {
  const run = cli(['store', 'import', '--request', 'ffffffffffff', '--dry-run', '--json']);
  expect(run.code).toBe(2);
  expect(run.json().error.code).toBe('not-found');
});
