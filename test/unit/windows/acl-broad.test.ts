// Fix 12 of issue [7]: `acl grant` to a group that holds (almost) everyone is refused unless forced.
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/operations/dispatch';
import { createWindowsHandlers } from '../../../electron/operations/handlers/windows';
import { broadGroupName } from '../../../electron/engine/windows/broad-accounts';
import { isDryRun } from '../../../shared/contract/windows';
import { windowsOperations } from '../../../shared/contract/windows';
import { runCli } from '../../support/cli';
import { ok, recording } from './recording';

const THUMB = '0123456789ABCDEF0123456789ABCDEF01234567';
const grantAnswer = { key: {}, account: { name: 'x', sid: 'S-1-5-80-1', canRead: true }, before: [], after: [], changed: true, verified: true };

const broad = [
  'Everyone', 'everyone', ' EVERYONE ', 'World', 'S-1-1-0', 's-1-1-0',
  'Users', 'BUILTIN\\Users', 'builtin\\users', 'S-1-5-32-545',
  'Authenticated Users', 'NT AUTHORITY\\Authenticated Users', 'nt authority\\authenticated  users', 'S-1-5-11',
  'Domain Users', 'CORP\\Domain Users', 'corp\\DOMAIN USERS', 'domain users@corp.example.com', 'S-1-5-21-1004336348-1177238915-682003330-513',
  'INTERACTIVE', 'NT AUTHORITY\\INTERACTIVE', 'S-1-5-4', 'ANONYMOUS LOGON', 'NT AUTHORITY\\ANONYMOUS LOGON', 'S-1-5-7',
  'Guests', 'BUILTIN\\Guests', 'S-1-5-32-546', 'Guest', '.\\Guest', 'S-1-5-21-1-2-3-501',
  'NETWORK', 'SERVICE', 'NT AUTHORITY\\SERVICE', 'Remote Desktop Users', 'Domain Computers', 'CORP\\Domain Guests', 'This Organization',
  'ALL APPLICATION PACKAGES', 'S-1-15-2-1', 'Local account', 'S-1-5-113',
];
const specific = [
  'NT SERVICE\\AMTConfig', 'CORP\\svc-scs', 'CORP\\svc-scs$', '.\\provisioning', 'LocalSystem', 'NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\NETWORK SERVICE',
  'S-1-5-18', 'S-1-5-20', 'S-1-5-80-3457589735-1197370467-1451244838-2004366014-1428963826', 'S-1-5-21-1004336348-1177238915-682003330-1105',
  'Users-Admins', 'CORP\\Everyone-Provisioning', 'Administrators',
];

describe('broadGroupName', () => {
  it.each(broad)('%j is a broad group', (name) => expect(broadGroupName(name)).not.toBeNull());
  it.each(specific)('%j is not', (name) => expect(broadGroupName(name)).toBeNull());
});

describe('acl.grant to a broad group', () => {
  it('is refused with forbidden and a clear message, before any script runs (also in a dry run)', async () => {
    const { calls, context } = recording(() => ok(grantAnswer));
    const handlers = createWindowsHandlers(context, () => undefined);
    for (const account of ['Everyone', 'BUILTIN\\Users', 'S-1-5-11', 'CORP\\Domain Users']) {
      for (const dryRun of [false, true]) {
        const input = windowsOperations['acl.grant'].input.parse({ thumbprint: THUMB, account, dryRun });
        await expect(handlers['acl.grant'](input)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/broad group.*--service.*--force/s) });
      }
    }
    expect(calls).toHaveLength(0);
  });

  it('goes ahead with force, and a specific account never needs it', async () => {
    const { calls, context } = recording(() => ok(grantAnswer));
    const handlers = createWindowsHandlers(context, () => undefined);
    await handlers['acl.grant'](windowsOperations['acl.grant'].input.parse({ thumbprint: THUMB, account: 'Everyone', force: true }));
    await handlers['acl.grant'](windowsOperations['acl.grant'].input.parse({ thumbprint: THUMB, account: 'NT SERVICE\\AMTConfig' }));
    expect(calls).toHaveLength(2);
    expect(JSON.parse(calls[0].stdin)).toEqual({ thumbprint: THUMB, account: 'Everyone' });
  });

  it('through dispatch (the app and the preview): forbidden; force must be a boolean', async () => {
    const refused = await dispatch('acl.grant', { thumbprint: THUMB, account: 'Authenticated Users', dryRun: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const forced = await dispatch('acl.grant', { thumbprint: THUMB, account: 'Authenticated Users', force: true, dryRun: true });
    expect(forced.ok && isDryRun(forced.result)).toBe(true);
    expect(await dispatch('acl.grant', { thumbprint: THUMB, account: 'Everyone', force: 'yes' })).toMatchObject({ ok: false, error: { code: 'usage' } });
  });

  it('the CLI: refused without --force (exit 2, the message), a dry run with it', () => {
    const refused = runCli(['acl', 'grant', THUMB, '--account', 'NT AUTHORITY\\Authenticated Users', '--dry-run', '--json']);
    expect(refused.code).toBe(2);
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('--force') } });
    const forced = runCli(['acl', 'grant', THUMB, '--account', 'Everyone', '--force', '--dry-run', '--json']);
    expect(forced.code).toBe(0);
    expect(forced.json()).toMatchObject({ dryRun: true, input: { thumbprint: THUMB, account: 'Everyone' } });
  });
});
