// renderer/src/lib/dates.ts: the one date format of the app (M/d/yyyy), and the rewrite of ISO dates inside the
// engine's sentences (readiness messages and fixes) that the Requests list and inAppWords apply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONE_DATE_FORMAT, formatDate, formatDatesIn } from '../../../renderer/src/lib/dates';
import { inAppWords } from '../../../renderer/src/lib/appWords';

// West of Greenwich, where reading a bare day as UTC midnight would print the day before.
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/Los_Angeles';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('formatDate', () => {
  it('an instant: its local day, M/d/yyyy', () => {
    expect(formatDate('2027-11-25T20:00:00.000Z')).toBe('11/25/2027');
    // 03:00 UTC is still the 24th in Los Angeles.
    expect(formatDate('2027-11-25T03:00:00Z')).toBe('11/24/2027');
    expect(formatDate('2026-01-05T12:00:00Z')).toBe('1/5/2026');
  });

  it('a bare calendar day: that day, not shifted by the offset', () => {
    expect(formatDate('2027-11-25')).toBe('11/25/2027');
    expect(formatDate('2026-01-01')).toBe('1/1/2026');
  });

  it('what is not a date passes unchanged', () => {
    expect(formatDate('garbage')).toBe('garbage');
    expect(formatDate('')).toBe('');
  });

  it('every output is the one format', () => {
    for (const iso of ['2027-11-25', '2026-01-05T12:00:00Z', '1999-12-31T23:59:59.999Z']) expect(formatDate(iso)).toMatch(ONE_DATE_FORMAT);
    expect('2027-11-25').not.toMatch(ONE_DATE_FORMAT);
    expect('Nov 25, 2027').not.toMatch(ONE_DATE_FORMAT);
  });
});

describe('formatDatesIn', () => {
  it('rewrites the ISO days and instants of a sentence, and nothing else', () => {
    expect(formatDatesIn('"prov.corp.example.com" expires on 2027-11-25 (20 days left)')).toBe('"prov.corp.example.com" expires on 11/25/2027 (20 days left)');
    expect(formatDatesIn('not valid until 2026-01-05T12:00:00.000Z.')).toBe('not valid until 1/5/2026.');
    expect(formatDatesIn('between 2026-01-01 and 2027-11-25')).toBe('between 1/1/2026 and 11/25/2027');
    for (const untouched of ['OID 2.16.840.1.113741.1.2.3', 'serial 2027-11-25-01', 'x2027-11-25', 'SHA-256 AB12CD34', 'AMT 11.8.50']) {
      expect(formatDatesIn(untouched)).toBe(untouched);
    }
  });

  it('inAppWords applies it along with the app words', () => {
    expect(inAppWords('Renew it before 2027-11-25 (certdesk request new, or the Request wizard).')).toBe('Renew it before 11/25/2027 (the Request wizard).');
  });
});
