// Unit tests of issue [10] items 2 and 4: calendar alarms 60/30/1, fleet expiry warnings, rule helpers.
import { describe, expect, it } from 'vitest';
import { expiringCalendar } from '../../../electron/engine/requests/ics';
import { csvCell } from '../../../shared/fleet-csv';
import { expiryWarning } from '../../../electron/engine/fleet';
import { shortFix } from '../../../shared/fleet-rows';
import { meshCentralMatchName } from '../../../electron/engine/provisioning/meshcentral';
import { defaultDomainSuffix } from '../../../electron/engine/provisioning/export';
import { defaultName, verdict } from '../../../electron/engine/provisioning/rules';

const cert = {
  subject: 'CN=prov.corp.example.com',
  issuer: 'CN=CA',
  notAfter: '2027-06-01T00:00:00.000Z',
  notBefore: '2026-06-01T00:00:00.000Z',
  sha1: 'AA',
  sha256: 'BB',
  role: 'leaf',
  requestIds: [],
  daysLeft: 100,
} as unknown as Parameters<typeof expiringCalendar>[0][number];

describe('expiring --ics alarms', () => {
  it('three alarms by default: 60, 30 and 1 day before expiry', () => {
    const ics = expiringCalendar([cert], { now: new Date('2027-01-01T00:00:00Z') });
    expect(ics.match(/TRIGGER;RELATED=END:-P(\d+)D/g)).toEqual(['TRIGGER;RELATED=END:-P60D', 'TRIGGER;RELATED=END:-P30D', 'TRIGGER;RELATED=END:-P1D']);
    expect(ics.split('BEGIN:VALARM').length - 1).toBe(3);
  });
  it('--alarm-days gives one alarm', () => {
    const ics = expiringCalendar([cert], { now: new Date('2027-01-01T00:00:00Z'), alarmDays: 7 });
    expect(ics.match(/TRIGGER[^\r]*/g)).toEqual(['TRIGGER;RELATED=END:-P7D']);
  });
});

describe('fleet', () => {
  it('expiry warnings at 60/30/1 days', () => {
    expect([-1, 0, 1, 2, 30, 31, 60, 61, null].map((d) => expiryWarning(d))).toEqual([
      'expired', '1-day', '1-day', '30-days', '30-days', '60-days', '60-days', null, null,
    ]);
  });
  it('a short fix is the first sentence, bounded', () => {
    expect(shortFix('Add the root. Then export again.')).toBe('Add the root.');
    // A colon or semicolon does not end the sentence: the words after it are often the fix itself.
    expect(shortFix('Add the OU: "Intel(R) Client Setup Certificate". Then request again.')).toBe('Add the OU: "Intel(R) Client Setup Certificate".');
    expect(shortFix('11.0 MiB; certificate files over 10 MiB are refused.')).toBe('11.0 MiB; certificate files over 10 MiB are refused.');
    expect(shortFix('x'.repeat(300)).length).toBe(100);
  });
  it('CSV cells: quoted when needed, formulas defused', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('-2000')).toBe('-2000');
    expect(csvCell('-2000+A1')).toBe("'-2000+A1");
    expect(csvCell('-A1')).toBe("'-A1");
  });
});

describe('provisioning rule helpers', () => {
  it("MeshCentral's match name follows its per-TLD depth table", () => {
    expect(meshCentralMatchName('prov.corp.example.com')).toBe('example.com');
    expect(meshCentralMatchName('prov.corp.example.co.uk')).toBe('example.co.uk');
    expect(meshCentralMatchName('prov.corp.example.io')).toBe('prov.corp.example.io');
  });
  it('defaults: rps domain suffix from the CN, names in rps characters', () => {
    expect(defaultDomainSuffix('prov1.corp.example.com')).toBe('corp.example.com');
    expect(defaultDomainSuffix('example.com')).toBe('example.com');
    expect(defaultName('*.corp.example.com')).toBe('wildcard-corp-example-com');
  });
  it('the verdict names the first failing rule', () => {
    const v = verdict('rps', [
      { id: 'a', status: 'pass', message: 'ok', source: 's' },
      { id: 'b', status: 'fail', message: 'first.', source: 's' },
      { id: 'c', status: 'fail', message: 'second.', source: 's' },
    ]);
    expect(v).toMatchObject({ accepted: false, refusedBy: 'b' });
    expect(v.summary).toContain('first.');
    expect(v.summary).toContain('1 more rule');
  });
});
