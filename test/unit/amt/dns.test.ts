import { describe, expect, it } from 'vitest';
import { matchSuffix, registrableDomain, servableSuffixes, validateSuffix } from '../../../electron/engine/amt/dns';

describe('matchSuffix', () => {
  const table: [string[], string, boolean, ('suffix' | 'second-level-domain')?, string?][] = [
    // exact label-boundary suffix
    [['prov.corp.example.com'], 'corp.example.com', true, 'suffix', 'prov.corp.example.com'],
    [['prov.corp.example.com'], 'example.com', true, 'suffix'],
    [['corp.example.com'], 'corp.example.com', true, 'suffix'],
    // label boundary: example.com is not a suffix of badexample.com (and the .com rule does not rescue it)
    [['prov.badexample.com'], 'example.com', false],
    [['badexample.com'], 'example.com', false],
    // case and trailing dots are ignored
    [['Prov.Corp.EXAMPLE.com.'], 'CORP.example.COM.', true, 'suffix'],
    // wildcard CN: *.x serves x and suffixes that end x
    [['*.corp.example.com'], 'corp.example.com', true, 'suffix'],
    [['*.corp.example.com'], 'example.com', true, 'suffix'],
    [['*.example.com'], 'corp.example.com', true, 'second-level-domain'],
    [['*.corp.example.de'], 'corp.example.de', true, 'suffix'],
    // AMT's .com rule: csa.ftl.intel.com can configure dev.intel.com (Intel SDK example)
    [['csa.ftl.intel.com'], 'dev.intel.com', true, 'second-level-domain', 'csa.ftl.intel.com'],
    [['prov.example.net'], 'lab.other.net', false],
    // depth 3 for .uk: example.co.uk is the registrable domain, co.uk is not
    [['prov.corp.example.co.uk'], 'lab.example.co.uk', true, 'second-level-domain'],
    [['prov.example.co.uk'], 'other.co.uk', false],
    [['prov.a.example.co.uk'], 'example.co.uk', true, 'suffix'],
    // TLDs without a depth entry get no second-level exception
    [['prov.corp.local'], 'lab.local', false],
    [['prov.corp.local'], 'corp.local', true, 'suffix'],
    // SAN DNS names count like the CN; the first plain match wins over a .com-rule match
    [['server.other.org', 'prov.corp.example.com'], 'corp.example.com', true, 'suffix', 'prov.corp.example.com'],
    [['prov.example.com', 'x.lab.example.com'], 'lab.example.com', true, 'suffix', 'x.lab.example.com'],
    // a CN that is not a DNS name never matches
    [['Intel AMT Provisioning'], 'example.com', false],
  ];
  for (const [names, suffix, match, rule, name] of table) {
    it(`${names.join(',')} vs ${suffix} → ${match ? rule : 'no match'}`, () => {
      const r = matchSuffix(names, suffix);
      expect(r.match).toBe(match);
      if (rule) expect(r.rule).toBe(rule);
      if (name) expect(r.name).toBe(name);
    });
  }

  it('refuses a malformed suffix with a usage error', () => {
    for (const bad of ['', 'corp..example.com', '-corp.example.com', '*.example.com', 'corp_example.com', 'exämple.com', '.corp.com', 'a'.repeat(64) + '.com']) {
      expect(() => matchSuffix(['prov.example.com'], bad), bad).toThrow(expect.objectContaining({ code: 'usage' }));
    }
  });
});

describe('helpers', () => {
  it('normalises suffixes', () => {
    expect(validateSuffix(' Corp.Example.COM. ')).toBe('corp.example.com');
  });

  it('computes registrable domains from the per-TLD depth table', () => {
    expect(registrableDomain('a.b.intel.com')).toBe('intel.com');
    expect(registrableDomain('a.b.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('x.example.de')).toBe('example.de');
    expect(registrableDomain('x.y.example.fr')).toBe('y.example.fr');
    expect(registrableDomain('corp.local')).toBeNull();
    expect(registrableDomain('co.uk')).toBeNull();
  });

  it('lists the suffixes a certificate can serve', () => {
    expect(servableSuffixes(['prov.corp.example.com'])).toEqual([
      { suffix: 'corp.example.com', rule: 'suffix', name: 'prov.corp.example.com' },
      { suffix: 'example.com', rule: 'suffix', name: 'prov.corp.example.com' },
      { suffix: 'example.com', rule: 'second-level-domain', name: 'prov.corp.example.com' },
    ]);
    expect(servableSuffixes(['*.lab.example.co.uk']).map((s) => s.suffix)).toEqual(['lab.example.co.uk', 'example.co.uk', 'example.co.uk']);
    expect(servableSuffixes(['prov.corp.local']).map((s) => `${s.rule}:${s.suffix}`)).toEqual(['suffix:corp.local']);
    expect(servableSuffixes(['Not A Host Name'])).toEqual([]);
  });
});
