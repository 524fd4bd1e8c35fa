// Fix 13 of issue [7]: a PFX over ~300 KB in an error message. The redaction used to build a regular
// expression from each secret; V8 refuses a pattern that large with an error quoting the pattern, so the whole
// PFX base64 came out in the message. Now every search is a plain substring search.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redactSpaced, redactText } from '../../../electron/engine/windows/redact';
import { cleanMessage, runScript } from '../../../electron/engine/windows/runner';
import { CertDeskError } from '../../../shared/errors';
import { ok, recording } from './recording';

// 1 MB of base64 (a PFX of 750 KB) and a password.
const pfx = randomBytes(768 * 1024).toString('base64');
const password = 'Big-Pfx-Passw0rd!';

/** Any 32-character stretch of the secret in `text` (a leak of a part counts). */
function leaks(text: string, secret: string): boolean {
  for (let at = 0; at + 32 <= secret.length; at += 4096) if (text.includes(secret.slice(at, at + 32))) return true;
  return text.includes(secret.slice(-32));
}

/** The text as a console would wrap it (a line break every `width` characters). */
const wrapped = (text: string, width: number) => text.match(new RegExp(`[\\s\\S]{1,${width}}`, 'g'))!.join('\r\n');

/**
 * The lengths of the patterns given to the RegExp constructor while `fn` runs. A pattern built from the
 * secret is what made a 1 MB redaction slow, or refused by V8 with the pattern (the secret) in its message.
 */
function patternsBuilt(fn: () => void): number[] {
  const lengths: number[] = [];
  const Original = globalThis.RegExp;
  globalThis.RegExp = new Proxy(Original, {
    construct(target, args: [string | RegExp, string?], newTarget) {
      lengths.push(typeof args[0] === 'string' ? args[0].length : String(args[0]?.source ?? '').length);
      return Reflect.construct(target, args, newTarget) as object;
    },
    apply(target, self, args: [string | RegExp, string?]) {
      lengths.push(typeof args[0] === 'string' ? args[0].length : String(args[0]?.source ?? '').length);
      return Reflect.apply(target, self, args) as RegExp;
    },
  });
  try {
    fn();
  } finally {
    globalThis.RegExp = Original;
  }
  return lengths;
}

describe('secrets of a megabyte', () => {
  it('redactText and redactSpaced remove a 1 MB secret, plain and console-wrapped, without a pattern built from it', () => {
    const console120 = `before ${wrapped(pfx, 120)} after`;
    const utf16 = `x ${[...pfx.slice(0, 200_000)].join(' ')} y`;
    // No time bound (a hang hits the test timeout; speed is `npm run bench`'s): the searches are substring
    // searches, so no pattern anywhere near the secret's size is ever built.
    const built = patternsBuilt(() => {
      expect(redactText(`before ${pfx} after`, [pfx])).toBe('before *** after');
      expect(redactSpaced(console120, [pfx])).toBe('before *** after');
      // UTF-16 output read as UTF-8: a space after every character.
      expect(redactSpaced(utf16, [pfx.slice(0, 200_000)])).toBe('x *** y');
    });
    expect(Math.max(0, ...built)).toBeLessThan(1_000);
    // The counter sees a pattern built from a secret (it guards the assertion above).
    expect(patternsBuilt(() => new RegExp(pfx.slice(0, 5_000).replace(/[+/]/g, '.')))).toEqual([5_000]);
  });

  it('a script error quoting the whole PFX gives a short message without any of it', async () => {
    const stderrs = [
      `Exception calling "Import" with "3" argument(s): ${pfx}`,
      `Import-PfxCertificate : ${wrapped(pfx, 80)} ${password}`,
      `#< CLIXML\r\n<Objs Version="1.1.0.1"><S S="Error">${pfx}_x000D__x000A_</S></Objs>`,
    ];
    for (const stderr of stderrs) {
      const { logs, context } = recording(() => ({ exitCode: 1, stdout: '', stderr, timedOut: false }));
      let error: unknown;
      try {
        await runScript('import-pfx', { contentBase64: pfx, password, exportable: false }, context);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(CertDeskError);
      const failure = error as CertDeskError;
      expect(failure.code).toBe('powershell-failed');
      expect(failure.message.length).toBeLessThanOrEqual(601);
      expect(leaks(failure.message, pfx)).toBe(false);
      expect(failure.message).not.toContain(password);
      expect(leaks(JSON.stringify(logs), pfx)).toBe(false);
    }
  });

  it('the script reporting the PFX in its own error document: scrubbed too', async () => {
    const { context } = recording(() => ok({ error: { code: 'unreadable', message: `cannot read ${pfx}` } }));
    await expect(runScript('import-pfx', { contentBase64: pfx, password, exportable: false }, context)).rejects.toMatchObject({ code: 'unreadable', message: 'cannot read ***' });
  });

  it('cleanMessage of a 1 MB secret with whitespace and escapes in it', () => {
    const secret = `${pfx.slice(0, 300_000)}<&>'"`;
    const text = `a ${JSON.stringify(secret)} b ${wrapped(secret, 64)} c`;
    const cleaned = cleanMessage(text, [secret]);
    expect(leaks(cleaned, secret)).toBe(false);
    expect(cleaned).toBe('a "***" b *** c');
  });
});
