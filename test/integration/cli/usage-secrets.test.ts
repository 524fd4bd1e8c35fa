// A mistyped password option must not echo the password: commander quotes unknown options as typed.
import { describe, expect, it } from 'vitest';
import { redactOptionValues } from '../../../electron/cli/main';
import { hasStackTrace, runCli } from '../../support/cli';

const SECRET = 'Typo-Secret-4c1d9e';

describe('usage errors never echo an option value', () => {
  const cases: [string, string[]][] = [
    ['--password=… on export-pfx (which only takes --password-env/--password-stdin)', ['export-pfx', 'abc', '--out', 'x.pfx', `--password=${SECRET}`]],
    ['a misspelt --pasword=…', ['inspect', 'x.pfx', `--pasword=${SECRET}`]],
    ['a short option with the value attached', ['check', 'x.pfx', `-p${SECRET}`]],
  ];
  for (const [what, args] of cases) {
    for (const json of [false, true]) {
      it(`${what}${json ? ' (--json)' : ''}`, () => {
        const run = runCli(json ? [...args, '--json'] : args);
        expect(run.code).toBe(2);
        expect(run.stdout + run.stderr).not.toContain(SECRET);
        expect(hasStackTrace(run)).toBe(false);
        if (json) expect(run.json().error.code).toBe('usage');
        else expect(run.stderr).toMatch(/^certdesk: Unknown option '-.*\[usage\]$/m);
      });
    }
  }

  it('keeps the option name so the user sees what was wrong', () => {
    expect(redactOptionValues("error: unknown option '--password=hunter2'")).toBe("error: unknown option '--password=***'");
    expect(redactOptionValues("error: unknown option '-phunter2'")).toBe("error: unknown option '-p***'");
    expect(redactOptionValues("error: unknown option '--frobnicate'")).toBe("error: unknown option '--frobnicate'");
    expect(redactOptionValues("error: unknown option '-x'")).toBe("error: unknown option '-x'");
  });
});
