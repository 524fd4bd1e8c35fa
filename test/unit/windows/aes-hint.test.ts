// Fix 1 of issue [7]: Windows before build 16299 (Server 2016) cannot decrypt an AES/PBES2 PFX and calls it a
// wrong password. The engine has already opened the PFX with that password, so when the script says
// wrong-password for an AES file on such a build, the message says what is really wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWindowsHandlers, windowsBuild } from '../../../electron/operations/handlers/windows';
import { makeTestPfx, type TestPfx } from './pfx-fixture';
import { ok, recording } from './recording';

const PASSWORD = 'aes-or-3des';
const scriptSaysWrongPassword = () => ok({ error: { code: 'wrong-password', message: 'The PFX password is wrong.' } });
let aes: TestPfx;
let legacy: TestPfx;

beforeAll(() => {
  aes = makeTestPfx(PASSWORD, 'aes');
  legacy = makeTestPfx(PASSWORD, 'legacy');
});
afterAll(() => {
  aes?.cleanup();
  legacy?.cleanup();
});

async function importOn(build: number | null, pfx: TestPfx) {
  const { context } = recording(scriptSaysWrongPassword);
  const handlers = createWindowsHandlers({ ...context, windowsBuild: () => build }, () => undefined);
  return handlers['store.import']({ contentBase64: pfx.base64, password: PASSWORD }).then(
    () => {
      throw new Error('expected wrong-password');
    },
    (error: { code: string; message: string }) => error,
  );
}

describe('wrong-password from Windows for an AES PFX', () => {
  it('before build 16299 (Server 2016 is 14393): the message adds "or the PFX is AES-encrypted: export it with --legacy"', async () => {
    const error = await importOn(14393, aes);
    expect(error.code).toBe('wrong-password');
    expect(error.message).toMatch(/^The PFX password is wrong, or the PFX is AES-encrypted: export it with --legacy/);
    expect(error.message).toContain('build 14393');
    expect(error.message).not.toContain(PASSWORD);
  });

  it('build unknown: the hint too (it may be an old Windows)', async () => {
    expect((await importOn(null, aes)).message).toContain('AES-encrypted: export it with --legacy');
  });

  it('from build 16299 on (Windows reads AES), or for a 3DES PFX: the script\'s message as it is', async () => {
    expect((await importOn(16299, aes)).message).toBe('The PFX password is wrong.');
    expect((await importOn(20348, aes)).message).toBe('The PFX password is wrong.');
    expect((await importOn(14393, legacy)).message).toBe('The PFX password is wrong.');
  });

  it('a script that already gives the hint (it knows the build too) is not repeated', async () => {
    const said = 'The PFX password is not correct, or the PFX is AES-encrypted, which this Windows (build 14393) cannot read: export with --legacy (3DES).';
    const { context } = recording(() => ok({ error: { code: 'wrong-password', message: said } }));
    const handlers = createWindowsHandlers({ ...context, windowsBuild: () => 14393 }, () => undefined);
    await expect(handlers['store.import']({ contentBase64: aes.base64, password: PASSWORD })).rejects.toMatchObject({ code: 'wrong-password', message: said });
  });

  it('windowsBuild reads os.release() on Windows only', () => {
    expect(windowsBuild('win32', '10.0.14393')).toBe(14393);
    expect(windowsBuild('win32', '10.0.20348')).toBe(20348);
    expect(windowsBuild('win32', 'garbage')).toBeNull();
    expect(windowsBuild('linux', '6.8.0-45-generic')).toBeNull();
  });
});
