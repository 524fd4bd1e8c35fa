import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_PEMS } from '../../../electron/engine/amt/roots-pem';
import { ROOT_ROWS } from '../../../electron/engine/amt/roots-data';
import {
  catalogueCertificates,
  catalogueRootDers,
  findCatalogueEntry,
  isTrustedRootHash,
  normalizeHash,
  parseRootHash,
  rootCatalogue,
} from '../../../electron/engine/amt/roots';
import { summarize } from '../../../electron/engine/pki/summary';
import { openssl, tempDir } from '../../support/openssl';

// The reference list in ../shared beside the repository (as test/integration/corpus.test.ts finds its corpus): CI
// always has it and must; a bare clone may not, and then the comparison says so instead of passing silently.
const REFERENCE = join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'amt-roots.tsv');
const referenceRows = existsSync(REFERENCE)
  ? readFileSync(REFERENCE, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#') && !l.startsWith('sha256\t'))
      .map((l) => l.split('\t'))
  : [];

describe('root catalogue rows', () => {
  it('every row is well-formed and unique', () => {
    const seen = new Set<string>();
    for (const row of rootCatalogue()) {
      expect(row.name.trim()).not.toBe('');
      expect(row.sha256).toMatch(/^[0-9A-F]{64}$/);
      if (row.sha1 !== undefined) expect(row.sha1).toMatch(/^[0-9A-F]{40}$/);
      expect(row.source.length).toBeGreaterThan(20);
      expect(row.source).toMatch(/seen/);
      expect(['computed', 'reference', 'firmware-label', 'unidentified']).toContain(row.status);
      expect(row.amtVersions).toBeTruthy();
      expect(seen.has(row.sha256)).toBe(false);
      seen.add(row.sha256);
    }
  });

  it.runIf(referenceRows.length === 0)('the reference list is beside the repository', () => {
    if (process.env.CI) throw new Error(`CI must have ../shared/reference/amt-roots.tsv (looked in ${REFERENCE})`);
    console.warn(`reference root list not found at ${REFERENCE}: the comparison with it is skipped outside CI`);
  });

  it.runIf(referenceRows.length > 0)('has exactly the rows of the reference list, none dropped or added', () => {
    expect(rootCatalogue()).toHaveLength(referenceRows.length);
    const ours = new Map(rootCatalogue().map((r) => [r.sha256, r]));
    for (const [sha256, , sha1, status] of referenceRows) {
      const row = ours.get(sha256.toUpperCase());
      expect(row, sha256).toBeDefined();
      if (status === 'COMPUTED' && /^[0-9a-f]{40}$/.test(sha1)) expect(row!.sha1).toBe(sha1.toUpperCase());
      // A hash the reference could not resolve is named only from a certificate recomputed here (with its source)
      // or from the firmware's own label; otherwise it stays unidentified.
      if (status === 'UNRESOLVED') {
        expect(['computed', 'firmware-label', 'unidentified']).toContain(row!.status);
        if (row!.status === 'computed') expect(row!.certificateSource, row!.name).toBeTruthy();
      }
    }
  });

  it('keeps hashes without a certificate (firmware label or unidentified) without a made-up SHA-1', () => {
    const uncertified = rootCatalogue().filter((r) => r.status === 'unidentified' || r.status === 'firmware-label');
    expect(uncertified).toHaveLength(3);
    for (const r of uncertified) expect(r.sha1).toBeUndefined();
  });

  it('returns copies, so callers cannot change the catalogue', () => {
    const first = rootCatalogue();
    first[0].name = 'changed';
    expect(rootCatalogue()[0].name).not.toBe('changed');
  });
});

describe('embedded root certificates', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('embeds the 17 roots Debian ships, each keyed by its real SHA-256', () => {
    expect(Object.keys(ROOT_PEMS)).toHaveLength(17);
    for (const sha256 of Object.keys(ROOT_PEMS)) expect(ROOT_ROWS.find((r) => r.sha256 === sha256)?.status).toBe('computed');
  });

  it('openssl computes for every embedded PEM the SHA-256 and SHA-1 of its catalogue row', () => {
    for (const [sha256, pem] of Object.entries(ROOT_PEMS)) {
      const file = join(dir, `${sha256}.pem`);
      writeFileSync(file, pem);
      const fp = (alg: string) =>
        openssl(['x509', '-in', file, '-noout', '-fingerprint', `-${alg}`]).toString().split('=')[1].trim().replace(/:/g, '');
      const row = ROOT_ROWS.find((r) => r.sha256 === sha256)!;
      expect(fp('sha256')).toBe(sha256);
      expect(fp('sha1')).toBe(row.sha1);
      const der = openssl(['x509', '-in', file, '-outform', 'DER']);
      expect(catalogueRootDers().some((d) => d.equals(der))).toBe(true);
    }
  });

  it('decodes the embedded roots as self-signed CA certificates', () => {
    const certs = catalogueCertificates();
    expect(certs).toHaveLength(17);
    for (const c of certs) {
      const s = summarize(c);
      expect(s.selfSigned).toBe(true);
      expect(findCatalogueEntry(s.sha256)?.sha1).toBe(s.sha1);
    }
  });

  it.runIf(existsSync('/etc/ssl/certs'))('embeds every catalogue root present in /etc/ssl/certs', () => {
    const store = new Set<string>();
    for (const f of readdirSync('/etc/ssl/certs').filter((n) => n.endsWith('.pem'))) {
      try {
        store.add(new X509Certificate(readFileSync(join('/etc/ssl/certs', f))).fingerprint256.replace(/:/g, ''));
      } catch {
        // not a certificate
      }
    }
    for (const row of ROOT_ROWS) expect(!!ROOT_PEMS[row.sha256], row.name).toBe(store.has(row.sha256));
  });
});

describe('isTrustedRootHash', () => {
  const g2 = ROOT_ROWS.find((r) => r.name === 'DigiCert Global Root G2')!;

  it('accepts SHA-256 or SHA-1, any case, with colons or spaces', () => {
    expect(isTrustedRootHash(g2.sha256, [])).toBe(true);
    expect(isTrustedRootHash(g2.sha256.toLowerCase().match(/../g)!.join(':'), [])).toBe(true);
    expect(isTrustedRootHash(g2.sha1!.match(/..../g)!.join(' '), [])).toBe(true);
    expect(isTrustedRootHash(g2.sha1!.toLowerCase(), [])).toBe(true);
  });

  it('trusts unidentified firmware hashes too', () => {
    expect(isTrustedRootHash('68ad50909b04363c605ef13581a939ff2c96372e3f12325b0a6861e1d59f6603', [])).toBe(true);
  });

  it('trusts custom roots given as extra hashes, and nothing else', () => {
    const custom = 'ab'.repeat(32);
    expect(isTrustedRootHash(custom, [])).toBe(false);
    expect(isTrustedRootHash(custom.toUpperCase(), [custom.match(/../g)!.join(':')])).toBe(true);
    expect(isTrustedRootHash('not a hash', [])).toBe(false);
    expect(isTrustedRootHash('ABCD', ['ABCD'])).toBe(false);
  });

  it('normalises and validates typed hashes', () => {
    expect(normalizeHash(' de:ad:be:ef '.repeat(1) + '00'.repeat(16))).toBe('DEADBEEF' + '00'.repeat(16));
    expect(normalizeHash('xyz')).toBeNull();
    expect(() => parseRootHash('12345')).toThrow(expect.objectContaining({ code: 'usage' }));
  });
});
