import { describe, expect, it } from 'vitest';
import { planCertificates } from '../../../electron/engine/amt/plan';

const OU = 'Intel(R) Client Setup Certificate';

describe('planCertificates', () => {
  it('one server certificate serves its own suffix and, by the .com rule, a sibling suffix', () => {
    const plan = planCertificates({ suffixes: ['corp.example.com', 'lab.example.com'], servers: ['scs1.corp.example.com'] });
    expect(plan.certificates).toEqual([
      {
        commonName: 'scs1.corp.example.com',
        organization: 'example.com',
        organizationalUnit: OU,
        serves: [
          { suffix: 'corp.example.com', rule: 'suffix' },
          { suffix: 'lab.example.com', rule: 'second-level-domain' },
        ],
        server: 'scs1.corp.example.com',
      },
    ]);
    expect(plan.notes[0]).toBe('1 certificate needed for 2 suffixes.');
    expect(plan.notes.join('\n')).toContain('Intel SCS 3.x holds one certificate per provisioning server');
    expect(plan.notes.join('\n')).toContain("lab.example.com is served only by AMT's second-level-domain rule");
  });

  it('proposes provisioning.<suffix> when no server is given, grouping suffixes of one registrable domain (co.uk depth 3)', () => {
    const plan = planCertificates({ suffixes: ['a.example.co.uk', 'b.example.co.uk', 'other.co.uk'] });
    expect(plan.certificates.map((c) => [c.commonName, c.organization, c.serves.map((s) => `${s.suffix}/${s.rule}`)])).toEqual([
      ['provisioning.a.example.co.uk', 'example.co.uk', ['a.example.co.uk/suffix', 'b.example.co.uk/second-level-domain']],
      ['provisioning.other.co.uk', 'other.co.uk', ['other.co.uk/suffix']],
    ]);
    expect(plan.notes.filter((n) => n.includes('is a proposal'))).toHaveLength(2);
  });

  it('needs one certificate per suffix for TLDs without a depth entry (.local)', () => {
    const plan = planCertificates({ suffixes: ['corp.local', 'lab.local'] });
    expect(plan.certificates.map((c) => c.commonName)).toEqual(['provisioning.corp.local', 'provisioning.lab.local']);
    expect(plan.certificates.map((c) => c.organization)).toEqual(['corp.local', 'lab.local']);
  });

  it('a deeper suffix certificate also serves its parent suffix', () => {
    const plan = planCertificates({ suffixes: ['corp.local', 'site1.corp.local'] });
    expect(plan.certificates).toHaveLength(1);
    expect(plan.certificates[0].commonName).toBe('provisioning.site1.corp.local');
    expect(plan.certificates[0].serves.map((s) => s.suffix).sort()).toEqual(['corp.local', 'site1.corp.local']);
  });

  it('gives each provisioning server its own certificate and notes servers that serve nothing', () => {
    const plan = planCertificates({
      suffixes: ['corp.example.com'],
      servers: ['scs1.corp.example.com', 'SCS2.corp.example.com.', 'rcs.other.org'],
      organization: 'Example Corp',
    });
    expect(plan.certificates.map((c) => [c.commonName, c.server, c.organization])).toEqual([
      ['scs1.corp.example.com', 'scs1.corp.example.com', 'Example Corp'],
      ['scs2.corp.example.com', 'scs2.corp.example.com', 'Example Corp'],
    ]);
    const notes = plan.notes.join('\n');
    expect(notes).toContain('rcs.other.org is not under any of the suffixes');
    expect(notes).toContain('corp.example.com is served by 2 certificates');
  });

  it('refuses bad input as usage errors', () => {
    const usage = expect.objectContaining({ code: 'usage' });
    expect(() => planCertificates({ suffixes: [] })).toThrow(usage);
    expect(() => planCertificates({ suffixes: ['bad..suffix'] })).toThrow(usage);
    expect(() => planCertificates({ suffixes: ['corp.example.com'], servers: ['scs1'] })).toThrow(usage);
    expect(() => planCertificates({ suffixes: ['corp.example.com'], servers: ['*.corp.example.com'] })).toThrow(usage);
    expect(() => planCertificates({ suffixes: ['corp.example.com'], organization: '  ' })).toThrow(usage);
    expect(() => planCertificates({ suffixes: 'corp.example.com' as unknown as string[] })).toThrow(usage);
  });
});
