// Fix 11 of issue [7]: the Windows folder (powershell.exe, taskkill.exe) comes from \\?\GLOBALROOT\SystemRoot,
// never from %SystemRoot% / %windir%, which a non-elevated user can set for the processes of their session.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SYSTEM_ROOT,
  GLOBALROOT_SYSTEMROOT,
  asDrivePath,
  powershellUnder,
  resolveSystemRoot,
  taskkillUnder,
  type SystemRootSources,
} from '../../../electron/engine/windows/system-root';

const hostile = { SystemRoot: 'C:\\Users\\mallory\\AppData\\Local\\Temp\\fake', windir: 'C:\\Users\\mallory\\AppData\\Local\\Temp\\fake' };

/** A Windows machine: what the object-namespace link resolves to (or the error it gives) and which folders exist. */
function windows(link: string | Error, env: NodeJS.ProcessEnv, folders: string[] = ['C:\\Windows\\System32', 'D:\\WINNT\\System32', hostile.windir + '\\System32']): SystemRootSources & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    platform: 'win32',
    realpath: (path) => {
      asked.push(path);
      if (path !== GLOBALROOT_SYSTEMROOT) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      if (link instanceof Error) throw link;
      return link;
    },
    exists: (path) => folders.some((folder) => folder.toLowerCase() === path.toLowerCase()),
    env,
  };
}

describe('resolveSystemRoot', () => {
  it('takes the folder \\\\?\\GLOBALROOT\\SystemRoot resolves to, and ignores a hostile SystemRoot/windir', () => {
    const sources = windows('C:\\Windows', hostile);
    expect(resolveSystemRoot(sources)).toBe('C:\\Windows');
    expect(sources.asked).toEqual([GLOBALROOT_SYSTEMROOT]);
    expect(powershellUnder(resolveSystemRoot(sources))).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(taskkillUnder(resolveSystemRoot(sources))).toBe('C:\\Windows\\System32\\taskkill.exe');
  });

  it('follows Windows where it is installed (D:\\WINNT), with the \\\\?\\ prefix libuv may leave', () => {
    expect(resolveSystemRoot(windows('\\\\?\\D:\\WINNT', { SystemRoot: 'D:\\WINNT' }))).toBe('D:\\WINNT');
    expect(resolveSystemRoot(windows('D:\\WINNT\\', hostile))).toBe('D:\\WINNT');
  });

  it('never uses a hostile environment, also when the link cannot be resolved: it refuses instead', () => {
    const denied = Object.assign(new Error('EPERM'), { code: 'EPERM' });
    for (const env of [hostile, { SystemRoot: hostile.SystemRoot }, { windir: hostile.windir }, { SystemRoot: 'C:\\Windows', windir: hostile.windir }, {}]) {
      let error: unknown;
      try {
        resolveSystemRoot(windows(denied, env));
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: 'powershell-missing', message: expect.stringContaining('GLOBALROOT') });
    }
  });

  it('falls back to C:\\Windows only when the environment agrees and it holds System32', () => {
    const denied = Object.assign(new Error('EPERM'), { code: 'EPERM' });
    expect(resolveSystemRoot(windows(denied, { SystemRoot: 'C:\\WINDOWS', windir: 'c:\\windows\\' }))).toBe(DEFAULT_SYSTEM_ROOT);
    expect(resolveSystemRoot(windows(denied, { SystemRoot: 'C:\\Windows' }))).toBe(DEFAULT_SYSTEM_ROOT);
    expect(() => resolveSystemRoot(windows(denied, { SystemRoot: 'C:\\Windows' }, []))).toThrow(expect.objectContaining({ code: 'powershell-missing' }));
  });

  it('refuses what the link resolves to when it is not a local folder with System32 (UNC, device path, relative, junk)', () => {
    for (const link of ['\\\\server\\share\\Windows', '\\\\?\\UNC\\server\\share\\Windows', '\\\\.\\pipe\\x', 'Windows', 'C:\\Windows\\..\\Users\\x', 'E:\\NoSystem32']) {
      expect(() => resolveSystemRoot(windows(link, hostile))).toThrow(expect.objectContaining({ code: 'powershell-missing' }));
    }
  });

  it('off Windows (dry runs only) shows the default layout without looking anything up', () => {
    const sources = { ...windows('Z:\\Nope', hostile), platform: 'linux' as const };
    expect(resolveSystemRoot(sources)).toBe('C:\\Windows');
    expect(sources.asked).toEqual([]);
  });

  it('asDrivePath accepts only drive-absolute paths', () => {
    expect(asDrivePath('\\\\?\\C:\\Windows')).toBe('C:\\Windows');
    expect(asDrivePath('C:/Windows')).toBeNull();
    expect(asDrivePath('C:\\Win"dows')).toBeNull();
    expect(asDrivePath('C:\\')).toBeNull();
  });
});
