// Fix 4 / 7 of issue [7]: a server whose policy blocks or cripples unsigned scripts (AllSigned by Group Policy,
// WDAC/AppLocker ConstrainedLanguage) answers powershell-blocked with how to fix it, from recorded output.
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../shared/errors';
import { blockedReason, runScript } from '../../../electron/engine/windows/runner';
import type { ExecResult } from '../../../electron/engine/windows/executor';
import { ok, recording } from './recording';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SCRIPT = 'C:\\Program Files\\CertDesk\\resources\\app.asar.unpacked\\electron\\engine\\windows\\scripts\\import-pfx.ps1';

/** What powershell.exe -File prints when Group Policy sets AllSigned (it overrides -ExecutionPolicy Bypass). */
const allSigned: ExecResult = {
  exitCode: 1,
  stdout: '',
  stderr:
    `File ${SCRIPT} cannot be loaded. The file ${SCRIPT} is not digitally signed. You cannot run this script on the current system. ` +
    'For more information about running scripts and setting execution policy, see about_Execution_Policies at https:/go.microsoft.com/fwlink/?LinkID=135170.\r\n' +
    '    + CategoryInfo          : SecurityError: (:) [], ParentContainsErrorRecordException\r\n    + FullyQualifiedErrorId : UnauthorizedAccess\r\n',
  timedOut: false,
};

/** The same as CLIXML (stderr redirected from a host that serialises error records). */
const allSignedClixml: ExecResult = {
  exitCode: 1,
  stdout: '',
  stderr: `#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">File ${SCRIPT} cannot be loaded. The file ${SCRIPT} is not digitally signed. You cannot run this script on the current system._x000D__x000A_</S></Objs>`,
  timedOut: false,
};

/** A machine policy of Restricted. */
const disabled: ExecResult = {
  exitCode: 1,
  stdout: '',
  stderr: `File ${SCRIPT} cannot be loaded because running scripts is disabled on this system. For more information, see about_Execution_Policies.`,
  timedOut: false,
};

/** WDAC/AppLocker: the script runs in ConstrainedLanguage mode and its first .NET call fails. */
const constrained: ExecResult = {
  exitCode: 1,
  stdout: '',
  stderr:
    'Cannot invoke method. Method invocation is supported only on core types in this language mode.\r\nAt C:\\...\\CertDesk.Common.ps1:12 char:5\r\n' +
    '    + CategoryInfo          : InvalidOperation: (:) [], RuntimeException\r\n    + FullyQualifiedErrorId : MethodInvocationNotSupportedInConstrainedLanguage\r\n',
  timedOut: false,
};

/** ... or the script catches it and reports it in its own error document. */
const constrainedReported = ok({ error: { code: 'internal', message: 'CertDesk scripts cannot run in ConstrainedLanguage mode (language mode: ConstrainedLanguage).' } });
const dotSource = { exitCode: 1, stdout: '', stderr: 'Cannot dot-source this command because it was defined in a different language mode. To invoke this command without dot-sourcing it, type the command name.', timedOut: false };

describe('powershell-blocked', () => {
  it('is a stable error code, listed in the README', () => {
    expect(errorCodes).toContain('powershell-blocked');
    expect(readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8')).toContain('`powershell-blocked`');
  });

  it.each([
    ['AllSigned', allSigned, /trusted publisher/],
    ['AllSigned (CLIXML)', allSignedClixml, /trusted publisher/],
    ['Restricted', disabled, /disabled on this server/],
    ['ConstrainedLanguage', constrained, /ConstrainedLanguage mode/],
    ['ConstrainedLanguage, reported by the script', constrainedReported, /ConstrainedLanguage mode/],
    ['ConstrainedLanguage, dot-sourcing', dotSource, /ConstrainedLanguage mode/],
  ])('%s → powershell-blocked with the fix', async (_name, answer, what) => {
    const { context } = recording(() => answer);
    const error = await runScript('import-pfx', { contentBase64: 'AAAA', password: 'pw' }, context).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'powershell-blocked' });
    const message = (error as Error).message;
    expect(message).toMatch(what);
    expect(message).toMatch(/signed scripts and trust its publisher/);
    expect(message).toMatch(/WDAC\/AppLocker rule, or the RemoteSigned policy/);
    expect(message).toContain('import-pfx.ps1');
    expect(message.length).toBeLessThanOrEqual(601);
  });

  it('other failures keep their codes', async () => {
    for (const [answer, code] of [
      [{ exitCode: 1, stdout: '', stderr: 'Exception calling "Import": The specified network password is not correct.', timedOut: false }, 'powershell-failed'],
      [ok({ error: { code: 'wrong-password', message: 'The password is wrong.' } }), 'wrong-password'],
      [ok({ error: { code: 'internal', message: 'module CertDesk.Common.ps1 did not load' } }), 'powershell-failed'],
    ] as const) {
      const { context } = recording(() => answer);
      await expect(runScript('import-pfx', { contentBase64: 'AAAA', password: 'pw' }, context)).rejects.toMatchObject({ code });
    }
    expect(blockedReason('FullLanguage')).toBeNull();
  });
});
