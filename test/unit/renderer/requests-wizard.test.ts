// Pure pieces of the Request wizard, Export PFX dialog and Install wizard: subject preview, CN-under-suffix,
// password hints, planned store placement.
import { describe, expect, it } from 'vitest';
import type { CertSummary } from '../../../shared/dto';
import { plannedPlacement } from '../../../renderer/src/views/install/placement';
import { passwordPairProblem, passwordStrength } from '../../../renderer/src/lib/password';
import {
  AMT_SETUP_OU,
  cnUnderSuffix,
  countryProblem,
  escapeRfc4514,
  formatRfc4514,
  formatSlashed,
  fqdnProblem,
  organizationProblem,
  subjectAttributes,
} from '../../../renderer/src/views/requests/subject';
import { shortUtc } from '../../../renderer/src/views/requests/RequestsListView';

describe('subject preview', () => {
  it('uses the ASCII (R) OU and the O, OU, CN order (DER), most specific first in RFC 4514', () => {
    expect(AMT_SETUP_OU).toBe('Intel(R) Client Setup Certificate');
    expect(AMT_SETUP_OU).not.toContain('®');
    const attrs = subjectAttributes({ org: ' corp.example.com ', cn: 'Prov.Corp.Example.com.' });
    expect(attrs.map((a) => a.type)).toEqual(['O', 'OU', 'CN']);
    expect(formatRfc4514(attrs)).toBe('CN=prov.corp.example.com,OU=Intel(R) Client Setup Certificate,O=corp.example.com');
    expect(formatSlashed(attrs)).toBe('/O=corp.example.com/OU=Intel(R) Client Setup Certificate/CN=prov.corp.example.com');
  });

  it('puts optional C, ST, L first in DER order and upper-cases the country', () => {
    const attrs = subjectAttributes({ org: 'corp.example.com', cn: 'prov.corp.example.com', country: 'de', state: 'Bayern', locality: ' München ' });
    expect(attrs.map((a) => `${a.type}=${a.value}`)).toEqual(['C=DE', 'ST=Bayern', 'L=München', 'O=corp.example.com', `OU=${AMT_SETUP_OU}`, 'CN=prov.corp.example.com']);
    expect(formatRfc4514(attrs).startsWith('CN=prov.corp.example.com,OU=')).toBe(true);
    expect(formatRfc4514(attrs).endsWith(',C=DE')).toBe(true);
  });

  it('escapes RFC 4514 specials', () => {
    expect(escapeRfc4514('Example, Inc.')).toBe('Example\\, Inc.');
    expect(escapeRfc4514('#x')).toBe('\\#x');
    expect(escapeRfc4514(' a ')).toBe('\\ a\\ ');
    expect(escapeRfc4514('a+b;c"d<e>f\\g=h')).toBe('a\\+b\\;c\\"d\\<e\\>f\\\\g\\=h');
  });
});

describe('FQDN and field checks', () => {
  it.each([
    ['prov.corp.example.com', null],
    ['PROV.corp.example.com.', null],
    ['', /fully qualified/],
    ['prov', /Not fully qualified/],
    ['*.corp.example.com', /wildcard/],
    ['-bad.example.com', /Labels/],
    ['bad..example.com', /Labels/],
    ['10.0.0.1', /IP address/],
    ['prövision.example.com', /ASCII/],
    [`${'a'.repeat(60)}.example.com`, /at most 64/],
  ])('fqdnProblem(%j)', (name, expected) => {
    const problem = fqdnProblem(name);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it('organization and country', () => {
    expect(organizationProblem('')).toMatch(/DNS context/);
    expect(organizationProblem('corp.example.com')).toBeNull();
    expect(organizationProblem('x'.repeat(65))).toMatch(/64/);
    expect(countryProblem('')).toBeNull();
    expect(countryProblem('us')).toBeNull();
    expect(countryProblem('USA')).toMatch(/two-letter/);
  });
});

describe('CN under the DHCP option 15 suffix', () => {
  it('matches the suffix itself and names under it, not look-alikes', () => {
    expect(cnUnderSuffix('prov.corp.example.com', 'corp.example.com')).toEqual({ state: 'match', suffix: 'corp.example.com' });
    expect(cnUnderSuffix('PROV.Corp.Example.COM.', '.corp.example.com.')).toEqual({ state: 'match', suffix: 'corp.example.com' });
    expect(cnUnderSuffix('corp.example.com', 'corp.example.com').state).toBe('match');
    expect(cnUnderSuffix('prov.xcorp.example.com', 'corp.example.com')).toEqual({ state: 'no-match', suffix: 'corp.example.com' });
    expect(cnUnderSuffix('prov.lab.example.com', 'corp.example.com').state).toBe('no-match');
  });

  it('says when there is nothing to check or the input is malformed', () => {
    expect(cnUnderSuffix('prov.corp.example.com', '  ')).toEqual({ state: 'no-suffix' });
    expect(cnUnderSuffix('prov', 'corp.example.com').state).toBe('invalid');
    expect(cnUnderSuffix('prov.corp.example.com', 'bad_suffix.com').state).toBe('invalid');
  });
});

describe('PFX password hint', () => {
  it('grades empty, weak, fair, strong', () => {
    expect(passwordStrength('').strength).toBe('empty');
    expect(passwordStrength('secret').strength).toBe('weak');
    expect(passwordStrength('abcdefghij').strength).toBe('weak');
    expect(passwordStrength('abcdefghijk12').strength).toBe('fair');
    expect(passwordStrength('Abcdef1!x').strength).toBe('fair');
    expect(passwordStrength('Abcdefgh12!x').strength).toBe('strong');
    expect(passwordStrength('correct horse battery').strength).toBe('strong');
  });

  it('needs both boxes equal and non-empty', () => {
    expect(passwordPairProblem('', '')).toBe('empty');
    expect(passwordPairProblem('a', 'b')).toBe('mismatch');
    expect(passwordPairProblem('same', 'same')).toBeNull();
  });
});

describe('planned store placement (dry run)', () => {
  const cert = (over: Partial<CertSummary>): CertSummary => ({
    subject: 'CN=x', issuer: 'CN=y', subjectAttributes: [], serialNumber: '01', notBefore: '', notAfter: '', sha1: 'aa', sha256: 'bb',
    keyAlgorithm: 'RSA', keySize: 2048, signatureHash: 'SHA-256', isCA: false, selfSigned: false, extendedKeyUsage: [], dnsNames: [], ...over,
  });
  it('key → My, self-signed CA → Root, other CA → CA', () => {
    const rows = plannedPlacement(
      [cert({ sha1: 'a1', subject: 'CN=leaf' }), cert({ sha1: 'b2', isCA: true }), cert({ sha1: 'c3', isCA: true, selfSigned: true })],
      [],
      'A1',
    );
    expect(rows.map((r) => [r.thumbprint, r.store, r.hasPrivateKey])).toEqual([
      ['A1', 'LocalMachine\\My', true],
      ['B2', 'LocalMachine\\CA', false],
      ['C3', 'LocalMachine\\Root', false],
    ]);
  });
});

describe('dates', () => {
  it('shortUtc', () => {
    expect(shortUtc('2026-05-01T14:03:22.123Z')).toBe('2026-05-01 14:03 UTC');
    expect(shortUtc('garbage')).toBe('garbage');
  });
});
