// The request's friendly name as the contract takes it (RequestNewInput.name): trimmed, 1–64 printable
// characters; the same rule the Request wizard shows live (requestNameProblem).
import { describe, expect, it } from 'vitest';
import { REQUEST_NAME_MAX, RequestNewInput, requestNameProblem } from '../../../shared/contract/requests';

const base = { cn: 'prov.corp.example.com', org: 'corp.example.com' };

describe('RequestNewInput.name', () => {
  it('is optional and trimmed', () => {
    expect(RequestNewInput.parse(base)).not.toHaveProperty('name');
    expect(RequestNewInput.parse({ ...base, name: '  Provisioning server 2026 \t' }).name).toBe('Provisioning server 2026');
  });

  it.each([
    ['letters, digits, punctuation', 'AMT prov (2026) — corp/eu #1'],
    ['non-Latin scripts', 'Сертификат 証明書'],
    ['64 code points, 96 UTF-16 units', 'é'.repeat(32) + '😀'.repeat(32)],
    ['one character', 'x'],
  ])('accepts %s', (_what, name) => {
    expect(requestNameProblem(name)).toBeNull();
    expect(RequestNewInput.parse({ ...base, name }).name).toBe(name);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['65 characters', 'x'.repeat(REQUEST_NAME_MAX + 1)],
    ['a NUL', 'a\u0000b'],
    ['a bell', 'a\u0007b'],
    ['an inner newline', 'line\nbreak'],
    ['an inner tab', 'tab\there'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u009bb'],
    ['a bidi override', 'evil\u202etxt.exe'],
    ['a zero-width space', 'zero\u200bwidth'],
    ['a line separator', 'a\u2028b'],
    ['a lone surrogate', 'a\ud800b'],
  ])('refuses %s', (_what, name) => {
    expect(requestNameProblem(name)).toEqual(expect.any(String));
    const parsed = RequestNewInput.safeParse({ ...base, name });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(['name']);
  });

  it('counts characters after trimming', () => {
    expect(RequestNewInput.parse({ ...base, name: `  ${'x'.repeat(REQUEST_NAME_MAX)}  ` }).name).toHaveLength(REQUEST_NAME_MAX);
    expect(requestNameProblem('x'.repeat(65))).toMatch(/65 characters; at most 64/);
  });
});
