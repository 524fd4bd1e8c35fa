// Windows operations that change the machine leave one audit line per real run (never for a dry run),
// with the outcome and never a secret; the default sink writes to the real SQLite audit log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWindowsHandlers, recordInAuditLog, type AuditedOperation } from '../../../electron/operations/handlers/windows';
import { makeTestPfx, type TestPfx } from './pfx-fixture';
import { ok, recording } from './recording';

const THUMB = '0123456789ABCDEF0123456789ABCDEF01234567';
const PASSWORD = 'correct horse battery staple';

type Line = [AuditedOperation, string, string | null, string | null];

function sink(): { lines: Line[]; record: (...line: Line) => void } {
  const lines: Line[] = [];
  return { lines, record: (...line) => lines.push(line) };
}

describe('audit of Windows operations', () => {
  let fixture: TestPfx;
  beforeAll(() => {
    fixture = makeTestPfx(PASSWORD);
  });
  afterAll(() => fixture?.cleanup());

  it('store.import: ok with the key thumbprint; nothing for a dry run; never the password or the PFX', async () => {
    const { context } = recording(() => ok({ exportable: false, certificates: [], keyThumbprint: THUMB }));
    const { lines, record } = sink();
    const handlers = createWindowsHandlers(context, record);
    await handlers['store.import']({ fileName: 'prov.pfx', contentBase64: fixture.base64, password: PASSWORD });
    await handlers['store.import']({ fileName: 'prov.pfx', contentBase64: fixture.base64, password: PASSWORD, dryRun: true });
    expect(lines).toEqual([['store.import', 'ok', 'prov.pfx', THUMB]]);
    expect(JSON.stringify(lines)).not.toContain(PASSWORD);
    expect(JSON.stringify(lines)).not.toContain(fixture.base64.slice(0, 64));
  });

  it('acl.grant: a failure is recorded with its error code, for the account and thumbprint', async () => {
    const { context } = recording(() => ok({ error: { code: 'not-elevated', message: 'not elevated' } }));
    const { lines, record } = sink();
    await expect(createWindowsHandlers(context, record)['acl.grant']({ thumbprint: THUMB, account: 'NT SERVICE\\AMTconfig' })).rejects.toMatchObject({ code: 'not-elevated' });
    expect(lines).toEqual([['acl.grant', 'error: not-elevated', 'NT SERVICE\\AMTconfig', THUMB]]);
  });

  it('read-only operations are not audited', async () => {
    const { context } = recording(() => ok({ all: false, patterns: [], services: [] }));
    const { lines, record } = sink();
    await createWindowsHandlers(context, record)['service.list']({});
    expect(lines).toEqual([]);
  });
});

describe('the default sink writes to the audit log table', () => {
  let home: string;
  const saved = process.env.CERTDESK_HOME;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'certdesk-audit-'));
    process.env.CERTDESK_HOME = home;
  });
  afterAll(async () => {
    (await import('../../../electron/engine/requests/service')).closeDatabase();
    if (saved === undefined) delete process.env.CERTDESK_HOME;
    else process.env.CERTDESK_HOME = saved;
    rmSync(home, { recursive: true, force: true });
  });

  it('one row per call, in the data folder', () => {
    recordInAuditLog('acl.grant', 'ok', 'NT SERVICE\\AMTconfig', THUMB);
    const db = new Database(join(home, 'certdesk.db'), { readonly: true });
    const rows = db.prepare("SELECT action, subject, thumbprint, result FROM audit_log WHERE action LIKE 'windows.%'").all();
    db.close();
    expect(rows).toEqual([{ action: 'windows.acl.grant', subject: 'NT SERVICE\\AMTconfig', thumbprint: THUMB, result: 'ok' }]);
  });
});
