// Pure helpers of the renderer: base64, PEM, the Details "Show:" filter, DNS suffix parsing, expiry colours.
import { describe, expect, it } from 'vitest';
import type { DetailRow } from '../../../shared/dto';
import { base64ToBytes, bytesToBase64 } from '../../../renderer/src/lib/base64';
import { filterDetails, showFilters } from '../../../renderer/src/lib/details';
import { expiryLevel, expiryText } from '../../../renderer/src/lib/expiry';
import { deliverFile, safeFileName } from '../../../renderer/src/lib/download';
import { derBase64ToPem } from '../../../renderer/src/lib/pem';
import { parseSuffixList } from '../../../renderer/src/lib/suffixes';
import { toUiError } from '../../../renderer/src/lib/errors';

describe('base64', () => {
  it('round-trips any bytes, including more than one chunk', () => {
    const bytes = new Uint8Array(100_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    const b64 = bytesToBase64(bytes);
    expect(b64).toBe(Buffer.from(bytes).toString('base64'));
    expect(Buffer.from(base64ToBytes(b64)).equals(Buffer.from(bytes))).toBe(true);
    expect(bytesToBase64(new Uint8Array())).toBe('');
  });
});

describe('PEM', () => {
  it('writes 64-character lines between the armour lines, CRLF', () => {
    const der = Buffer.alloc(200, 0xab).toString('base64');
    const pem = derBase64ToPem(der);
    const lines = pem.split('\r\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-2)).toBe('-----END CERTIFICATE-----');
    expect(lines.at(-1)).toBe('');
    const body = lines.slice(1, -2);
    expect(body.slice(0, -1).every((l) => l.length === 64)).toBe(true);
    expect(body.at(-1)!.length).toBeLessThanOrEqual(64);
    expect(body.join('')).toBe(der);
  });
});

describe('Details Show: filter', () => {
  const row = (field: string, kind: DetailRow['kind'], v1: boolean, critical = false): DetailRow => ({ field, value: field, detail: field, kind, v1, critical });
  const rows = [
    row('Version', 'field', true),
    row('Serial number', 'field', true),
    row('Public key', 'field', true),
    row('Key Usage', 'extension', false, true),
    row('Enhanced Key Usage', 'extension', false),
    row('Basic Constraints', 'extension', false, true),
    row('Thumbprint', 'property', false),
  ];

  it('offers exactly the Windows options, in order', () => {
    expect(showFilters.map((f) => f.label)).toEqual(['<All>', 'Version 1 Fields Only', 'Extensions Only', 'Critical Extensions Only', 'Properties Only']);
  });

  it('filters by v1 / kind / critical and keeps the order', () => {
    expect(filterDetails(rows, 'all').map((r) => r.field)).toEqual(rows.map((r) => r.field));
    expect(filterDetails(rows, 'v1').map((r) => r.field)).toEqual(['Version', 'Serial number', 'Public key']);
    expect(filterDetails(rows, 'extensions').map((r) => r.field)).toEqual(['Key Usage', 'Enhanced Key Usage', 'Basic Constraints']);
    expect(filterDetails(rows, 'critical').map((r) => r.field)).toEqual(['Key Usage', 'Basic Constraints']);
    expect(filterDetails(rows, 'properties').map((r) => r.field)).toEqual(['Thumbprint']);
  });
});

describe('DNS suffixes (the engine rule of shared/dns-suffix.ts)', () => {
  it('splits on commas, semicolons and spaces, lowercases, drops one trailing dot, dedups', () => {
    expect(parseSuffixList('corp.example.com')).toEqual({ ok: true, suffixes: ['corp.example.com'] });
    expect(parseSuffixList(' Corp.Example.com, lab.example.com  vpn.example.com. ;corp.example.com')).toEqual({
      ok: true,
      suffixes: ['corp.example.com', 'lab.example.com', 'vpn.example.com'],
    });
    expect(parseSuffixList(' , ')).toEqual({ ok: true, suffixes: [] });
  });

  it('refuses a leading dot (never silently rewritten) and names the refused suffix', () => {
    expect(parseSuffixList('lab.example.com .corp.example.com')).toEqual({
      ok: false,
      input: '.corp.example.com',
      message: '".corp.example.com" is not a DNS suffix: it starts with a dot.',
    });
    expect(parseSuffixList('corp..example.com')).toMatchObject({ ok: false, message: expect.stringContaining('empty label') });
  });
});

describe('expiry', () => {
  it('is green above 90 days, amber at 90 and below, red at 30 and below or expired', () => {
    expect(expiryLevel(365)).toBe('ok');
    expect(expiryLevel(91)).toBe('ok');
    expect(expiryLevel(90)).toBe('soon');
    expect(expiryLevel(31)).toBe('soon');
    expect(expiryLevel(30)).toBe('urgent');
    expect(expiryLevel(0)).toBe('urgent');
    expect(expiryLevel(-5)).toBe('urgent');
  });

  it('words the count', () => {
    expect(expiryText(1)).toBe('1 day left');
    expect(expiryText(200)).toBe('200 days left');
    expect(expiryText(0)).toBe('Expires today');
    expect(expiryText(-1)).toBe('Expired 1 day ago');
    expect(expiryText(-10)).toBe('Expired 10 days ago');
  });
});

describe('misc', () => {
  it('makes safe file names', () => {
    expect(safeFileName('prov.corp.example.com')).toBe('prov.corp.example.com');
    expect(safeFileName('Intel® Client / Setup')).toBe('Intel_Client_Setup');
    expect(safeFileName('../..')).toBe('certificate');
  });

  it('turns whatever the bridge throws into { code, message }', () => {
    expect(toUiError({ name: 'CertDeskError', code: 'wrong-password', message: 'Wrong' })).toEqual({ code: 'wrong-password', message: 'Wrong' });
    expect(toUiError(Object.assign(new Error('x'), { code: 'unreadable' }))).toEqual({ code: 'unreadable', message: 'x' });
    expect(toUiError(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(toUiError('str')).toEqual({ code: 'internal', message: 'str' });
    // A code the contract (shared/errors.ts) does not list is not shown as if it were one.
    expect(toUiError(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toEqual({ code: 'internal', message: 'no such file' });
  });
});

describe('deliverFile (a PFX never comes to the page)', () => {
  it('Electron: main saved it; the page only says where', () => {
    expect(deliverFile({ saved: { path: 'C:\\Users\\admin\\prov.pfx' } })).toBe('Saved to C:\\Users\\admin\\prov.pfx');
  });

  it('preview: clicks a hidden <a download> on the one-time URL (a navigation, not a fetch)', () => {
    const clicked: Array<{ href: string; download: string }> = [];
    const anchor = { href: '', download: '', rel: '', style: { display: '' }, click: () => clicked.push({ href: anchor.href, download: anchor.download }), remove: () => undefined };
    const fake = { createElement: () => anchor, body: { appendChild: () => undefined } };
    const saved = (globalThis as { document?: unknown }).document;
    (globalThis as { document?: unknown }).document = fake;
    try {
      expect(deliverFile({ download: { url: '/download/AbC-_123', fileName: 'prov.pfx' } })).toBe('Saved prov.pfx');
      expect(clicked).toEqual([{ href: '/download/AbC-_123', download: 'prov.pfx' }]);
    } finally {
      (globalThis as { document?: unknown }).document = saved;
    }
  });

  it('refuses any other address, and an answer with neither', () => {
    for (const url of ['https://evil.example.com/download/x', '//evil.example.com/download/x', '/api/export.pfx', '/download/../api', 'javascript:alert(1)']) {
      expect(() => deliverFile({ download: { url, fileName: 'x.pfx' } }), url).toThrow(/unexpected download address/);
    }
    expect(() => deliverFile({})).toThrow(/did not deliver/);
  });
});
