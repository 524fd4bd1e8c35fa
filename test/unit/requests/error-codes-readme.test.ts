// The README lists every stable error code (the list only grows), incomplete-chain included.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../shared/errors';

describe('error codes in the README', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  it.each([...errorCodes])('`%s` is listed', (code) => {
    expect(readme).toContain(`\`${code}\``);
  });
  it('incomplete-chain is a stable code', () => {
    expect(errorCodes).toContain('incomplete-chain');
  });
});
