// buildViews: General tab (purposes, status texts), Certification Path (order, per-node status), one view per
// certificate, with openssl-made chains.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildViews, type BuildViewsInput } from '../../../../electron/engine/pki/view';
import { generalStatusTexts } from '../../../../electron/engine/pki/view/general';
import { pathStatusTexts } from '../../../../electron/engine/pki/view/path';
import type { Certificate } from '../../../../electron/engine/pki/x509';
import { AMT_OID, amtHierarchy, Pki, type Issued } from '../../../support/openssl';
import { expectedShortUtc, links, load } from './fixtures';

process.env.TZ = 'UTC';

let pki: Pki;
let root: Certificate;
let inter: Certificate;
let leaf: Certificate;
let expiredLeaf: Certificate;
let policyLeaf: Certificate;
let selfSigned: Certificate;
let leafIssued: Issued;
// Set after the fixtures are made: openssl's notBefore is the signing second.
let NOW: Date;

beforeAll(() => {
  pki = new Pki();
  const h = amtHierarchy(pki);
  leafIssued = h.leaf;
  root = load(pki, h.root);
  inter = load(pki, h.intermediate);
  leaf = load(pki, h.leaf);
  expiredLeaf = load(
    pki,
    pki.issue('expired', h.intermediate, { subject: '/CN=old.corp.example.com', profile: 'amt', notBefore: '20200101000000Z', notAfter: '20210101000000Z' }),
  );
  policyLeaf = load(
    pki,
    pki.issue('policy', h.intermediate, {
      subject: '/CN=policy.corp.example.com',
      extensions: `extendedKeyUsage = serverAuth, clientAuth, codeSigning, ${AMT_OID}\ncertificatePolicies = 2.5.29.32.0, 1.3.6.1.4.1.99999.7`,
    }),
  );
  selfSigned = load(pki, pki.root('selfsigned', { subject: '/O=Somebody/CN=Self Signed Test' }));
  NOW = new Date(Date.now() + 60_000);
});

afterAll(() => pki?.cleanup());

function input(overrides: Partial<BuildViewsInput>): BuildViewsInput {
  return {
    chain: links([leaf, inter, root]),
    others: [],
    friendlyNames: {},
    isTrustedRoot: (cert) => cert.sha256 === root.sha256,
    now: NOW,
    ...overrides,
  };
}

describe('buildViews', () => {
  it('one view per certificate: chain first in chain order, then others; each with its DER', () => {
    const views = buildViews(input({ others: [selfSigned] }));
    expect(views.map((v) => v.sha256)).toEqual([leaf.sha256, inter.sha256, root.sha256, selfSigned.sha256]);
    expect(views[0].derBase64).toBe(pki.der(leafIssued.cert).toString('base64'));
    expect(views[0].details.length).toBeGreaterThan(10);
  });

  it('trusted chain: no status line, AMT purposes, names, short dates, path root → leaf all OK', () => {
    const [view] = buildViews(input({}));
    const facts = pki.facts(leafIssued.cert);
    expect(view.general).toEqual({
      statusText: null,
      purposes: ['Ensures the identity of a remote computer', AMT_OID],
      issuedTo: 'prov.corp.example.com',
      issuedBy: 'CertDesk Test Issuing CA',
      validFrom: expectedShortUtc(facts.notBefore),
      validTo: expectedShortUtc(facts.notAfter),
      hasPrivateKey: false,
      expired: false,
    });
    expect(view.path).toEqual([
      { displayName: 'CertDesk Test Root', sha256: root.sha256, status: 'This certificate is OK.', ok: true },
      { displayName: 'CertDesk Test Issuing CA', sha256: inter.sha256, status: 'This certificate is OK.', ok: true },
      { displayName: 'prov.corp.example.com', sha256: leaf.sha256, status: 'This certificate is OK.', ok: true },
    ]);
  });

  it("each chain certificate's path is its own sub-chain", () => {
    const views = buildViews(input({}));
    expect(views[1].path.map((n) => n.sha256)).toEqual([root.sha256, inter.sha256]);
    expect(views[2].path.map((n) => n.sha256)).toEqual([root.sha256]);
    // No EKU on the CA certificates: "All application policies".
    expect(views[1].general.purposes).toEqual(['All application policies']);
    expect(views[2].general.issuedTo).toBe('CertDesk Test Root');
    expect(views[2].general.issuedBy).toBe('CertDesk Test Root');
  });

  it('purposes: one bullet per EKU description (Code Signing gives two), then issuance policies', () => {
    const [view] = buildViews(input({ chain: links([policyLeaf, inter, root]) }));
    expect(view.general.purposes).toEqual([
      'Ensures the identity of a remote computer',
      'Proves your identity to a remote computer',
      'Ensures software came from software publisher',
      'Protects software from alteration after publication',
      AMT_OID,
      'All issuance policies',
      '1.3.6.1.4.1.99999.7',
    ]);
  });

  it('untrusted root: leaf says "cannot be verified", the root itself "This CA Root certificate is not trusted…"', () => {
    const views = buildViews(input({ isTrustedRoot: () => false }));
    expect(views[0].general.statusText).toBe('This certificate cannot be verified up to a trusted certification authority.');
    expect(views[1].general.statusText).toBe(generalStatusTexts.untrustedRoot);
    expect(views[2].general.statusText).toBe(
      'This CA Root certificate is not trusted. To enable trust, install this certificate in the Trusted Root Certification Authorities store.',
    );
    expect(views[0].path.map((n) => [n.status, n.ok])).toEqual([
      ['This CA Root certificate is not trusted because it is not in the Trusted Root Certification Authorities store.', false],
      ['This certificate is OK.', true],
      ['This certificate is OK.', true],
    ]);
  });

  it('a self-signed certificate outside the chain: its own path, root status', () => {
    const views = buildViews(input({ others: [selfSigned] }));
    const view = views[3];
    expect(view.general.statusText).toBe(generalStatusTexts.selfSignedUntrusted);
    expect(view.path).toEqual([{ displayName: 'Self Signed Test', sha256: selfSigned.sha256, status: pathStatusTexts.untrustedRoot, ok: false }]);
    const trusted = buildViews(input({ chain: [], others: [selfSigned], isTrustedRoot: () => true }))[0];
    expect(trusted.general.statusText).toBeNull();
    expect(trusted.path[0].status).toBe('This certificate is OK.');
  });

  it('issuer missing: partial chain and a lone leaf', () => {
    const partial = buildViews(input({ chain: links([leaf, inter]) }));
    expect(partial[0].general.statusText).toBe('Windows does not have enough information to verify this certificate.');
    expect(partial[0].path.map((n) => n.status)).toEqual(['The issuer of this certificate could not be found.', 'This certificate is OK.']);
    expect(partial[0].path[0].ok).toBe(false);
    const lone = buildViews(input({ chain: [], others: [leaf] }))[0];
    expect(lone.general.statusText).toBe(generalStatusTexts.issuerMissing);
    expect(lone.path).toEqual([{ displayName: 'prov.corp.example.com', sha256: leaf.sha256, status: pathStatusTexts.issuerMissing, ok: false }]);
  });

  it('expired leaf under a trusted root', () => {
    const [view] = buildViews(input({ chain: links([expiredLeaf, inter, root]) }));
    expect(view.general.statusText).toBe('This certificate has expired or is not yet valid.');
    expect(view.general.expired).toBe(true);
    expect(view.general.validFrom).toBe('1/1/2020');
    expect(view.general.validTo).toBe('1/1/2021');
    expect(view.path.at(-1)).toMatchObject({ status: 'This certificate has expired or is not yet valid.', ok: false });
    expect(view.path[0].ok).toBe(true);
    expect(view.daysLeft).toBe(Math.floor((Date.UTC(2021, 0, 1) - NOW.getTime()) / 86_400_000));
    expect(view.daysLeft).toBeLessThan(0);
  });

  it('untrusted root wins over expiry (base chain policy order)', () => {
    const [view] = buildViews(input({ chain: links([expiredLeaf, inter, root]), isTrustedRoot: () => false }));
    expect(view.general.statusText).toBe(generalStatusTexts.untrustedRoot);
    expect(view.path.at(-1)?.status).toBe(pathStatusTexts.time);
  });

  it('not yet valid counts as expired', () => {
    const [view] = buildViews(input({ now: new Date(leaf.notBefore.getTime() - 86_400_000) }));
    expect(view.general.statusText).toBe(generalStatusTexts.time);
    expect(view.general.expired).toBe(true);
  });

  it('a bad signature is reported first', () => {
    const chain = links([leaf, inter, root]);
    chain[0] = { ...chain[0], signatureValid: false };
    const [view] = buildViews(input({ chain }));
    expect(view.general.statusText).toBe(generalStatusTexts.signature);
    expect(view.path.at(-1)).toMatchObject({ status: 'This certificate has an invalid signature.', ok: false });
  });

  it('daysLeft, private key and friendly names (case-insensitive sha256 keys)', () => {
    const now = new Date(leaf.notAfter.getTime() - 10.5 * 86_400_000);
    const views = buildViews(
      input({
        now,
        hasPrivateKeyFor: leaf.sha256.toLowerCase(),
        friendlyNames: { [leaf.sha256.toLowerCase()]: 'AMT provisioning', [root.sha256]: 'Our Root' },
      }),
    );
    expect(views[0].daysLeft).toBe(10);
    expect(views[0].general.hasPrivateKey).toBe(true);
    expect(views[1].general.hasPrivateKey).toBe(false);
    expect(views[0].path.map((n) => n.displayName)).toEqual(['Our Root', 'CertDesk Test Issuing CA', 'AMT provisioning']);
    expect(views[0].details.at(-1)).toMatchObject({ field: 'Friendly name', value: 'AMT provisioning', kind: 'property' });
    // The General tab keeps the simple display name.
    expect(views[0].general.issuedTo).toBe('prov.corp.example.com');
  });
});
