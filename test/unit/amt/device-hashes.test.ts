// Device root-hash lists (--device-hashes): every format in the shape its tool prints (see the sources cited in
// electron/engine/amt/device-hashes.ts), hostile and broken inputs, limits. Sample values are catalogue hashes.
import { describe, expect, it } from 'vitest';
import { DEVICE_HASH_LIMITS, parseDeviceHashes } from '../../../electron/engine/amt/device-hashes';
import { CertDeskError } from '../../../shared/errors';

const G2 = 'CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F'; // DigiCert Global Root G2
const GODADDY = 'C3846BF24B9E93CA64274C0EC67C1ECC5E024FFCACD2D74019350E81FE546AE4'; // Go Daddy Class 2
const NP_RSA = '67540A47AA5B9F34570A99723CFEFA96A96EE3F0D9B8BF4DEF9440B8065D665D'; // "GlobalSign NP RSA CA 2018"
const G2_SHA1 = 'DF3C24F9BFD666761B268073FE06D1CC8D4F82A4';
// A custom root's SHA-384 (any 48 bytes: the parser checks shape, not meaning).
const CUSTOM_384 = 'A1'.repeat(48);

function error(fn: () => unknown): CertDeskError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CertDeskError) return e;
    throw e;
  }
  throw new Error('expected a CertDeskError');
}

describe('rpc amtinfo --cert --json (rpc-go InfoResult, json.MarshalIndent)', () => {
  // Go marshals the map keys sorted and CertHashEntry without JSON tags (Go field names); hashes lower-case.
  const sample = `{
  "amt": "16.1.27",
  "buildNumber": "2225",
  "sku": "16392",
  "features": "AMT Pro Corporate",
  "uuid": "4c4c4544-0035-4610-8042-c6c04f303332",
  "controlMode": "pre-provisioning state",
  "provisioningState": "pre-provisioning",
  "dnsSuffix": "corp.example.com",
  "certificateHashes": {
    "Custom Root": {
      "Hash": "${CUSTOM_384.toLowerCase()}",
      "Name": "Custom Root",
      "Algorithm": "SHA384",
      "IsActive": true,
      "IsDefault": false
    },
    "DigiCert Global Root G2": {
      "Hash": "${G2.toLowerCase()}",
      "Name": "DigiCert Global Root G2",
      "Algorithm": "SHA256",
      "IsActive": true,
      "IsDefault": true
    },
    "Go Daddy Class 2 Certification Authority": {
      "Hash": "${GODADDY.toLowerCase()}",
      "Name": "Go Daddy Class 2 Certification Authority",
      "Algorithm": "SHA256",
      "IsActive": false,
      "IsDefault": true
    }
  }
}
`;

  it('reads every entry with its algorithm, name and flags; inactive ones are kept and marked', () => {
    const list = parseDeviceHashes(sample, 'device.json');
    expect(list.source).toBe('rpc amtinfo --cert --json');
    expect(list.fileName).toBe('device.json');
    expect(list.hashes).toEqual([
      { hash: CUSTOM_384, algorithm: 'SHA-384', name: 'Custom Root', active: true, isDefault: false },
      { hash: G2, algorithm: 'SHA-256', name: 'DigiCert Global Root G2', active: true, isDefault: true },
      { hash: GODADDY, algorithm: 'SHA-256', name: 'Go Daddy Class 2 Certification Authority', active: false, isDefault: true },
    ]);
    expect(list.skipped).toBeUndefined();
  });

  it('sets aside entries rpc-go labels MD5 or UNKNOWN (empty hash) instead of refusing the file', () => {
    const text = JSON.stringify({
      certificateHashes: {
        Old: { Hash: 'ab'.repeat(16), Name: 'Old', Algorithm: 'MD5', IsActive: true, IsDefault: false },
        Odd: { Hash: '', Name: 'Odd', Algorithm: 'UNKNOWN', IsActive: false, IsDefault: false },
        'DigiCert Global Root G2': { Hash: G2.toLowerCase(), Name: 'DigiCert Global Root G2', Algorithm: 'SHA256', IsActive: true, IsDefault: true },
      },
    });
    const list = parseDeviceHashes(text, 'd.json');
    expect(list.hashes.map((h) => h.hash)).toEqual([G2]);
    expect(list.skipped?.map((s) => s.name)).toEqual(['Old', 'Odd']);
  });

  it('refuses amtinfo output run without --cert, saying which command gives the hashes', () => {
    const e = error(() => parseDeviceHashes('{\n  "amt": "16.1.27",\n  "buildNumber": "2225"\n}\n', 'info.json'));
    expect(e.code).toBe('usage');
    expect(e.message).toContain('info.json');
    expect(e.message).toContain('rpc amtinfo --cert --json');
  });

  it('refuses a SHA-256 entry of the wrong length with the line it is on', () => {
    const bad = sample.replace(G2.toLowerCase(), G2.toLowerCase().slice(0, 62));
    const e = error(() => parseDeviceHashes(bad, 'device.json'));
    expect(e.code).toBe('unreadable');
    const line = bad.split('\n').findIndex((l) => l.includes(G2.toLowerCase().slice(0, 62))) + 1;
    expect(e.message).toContain(`device.json, line ${line}:`);
    expect(e.message).toMatch(/"DigiCert Global Root G2" has 62 hex digits; a SHA-256 has 64/);
  });
});

describe('MeshCentral / meshcmd amthashes', () => {
  // meshcmd amthashes --json: JSON.stringify(array, null, 2) of amt-mei getCertHashEntry results (hex lower-case,
  // flags as numbers). Entry 3 is how amt-mei.js reports a SHA-384 slot: labelled "SHA512", 64 bytes read.
  const json = JSON.stringify(
    [
      { isDefault: 1, isActive: 1, hashAlgorithm: 2, hashAlgorithmStr: 'SHA256', hashAlgorithmSize: 32, certificateHash: GODADDY.toLowerCase(), name: 'Go Daddy Class 2 Certification Authority' },
      { isDefault: 1, isActive: 0, hashAlgorithm: 2, hashAlgorithmStr: 'SHA256', hashAlgorithmSize: 32, certificateHash: G2.toLowerCase(), name: 'DigiCert Global Root G2' },
      { isDefault: 0, isActive: 1, hashAlgorithm: 3, hashAlgorithmStr: 'SHA512', hashAlgorithmSize: 64, certificateHash: CUSTOM_384.toLowerCase() + '00'.repeat(16), name: 'Custom Root' },
      { isDefault: 0, isActive: 1, hashAlgorithm: 1, hashAlgorithmStr: 'SHA1', hashAlgorithmSize: 20, certificateHash: G2_SHA1.toLowerCase(), name: 'G2 by SHA-1' },
    ],
    null,
    2,
  );

  it('reads the --json array: numeric flags, and the algorithm number decides (3 is SHA-384, first 48 bytes)', () => {
    const list = parseDeviceHashes(json, 'amthashes.json');
    expect(list.source).toBe('MeshCentral amthashes');
    expect(list.hashes).toEqual([
      { hash: GODADDY, algorithm: 'SHA-256', name: 'Go Daddy Class 2 Certification Authority', active: true, isDefault: true },
      { hash: G2, algorithm: 'SHA-256', name: 'DigiCert Global Root G2', active: false, isDefault: true },
      { hash: CUSTOM_384, algorithm: 'SHA-384', name: 'Custom Root', active: true, isDefault: false },
      { hash: G2_SHA1, algorithm: 'SHA-1', name: 'G2 by SHA-1', active: true, isDefault: false },
    ]);
  });

  it('reads the MEI state dump (meshcmd amtinfojson, MeshCentral issue #2805): "Hashes", upper-case hex', () => {
    const mei = `{"core-ver":1,"OsHostname":"host3","Flags":0,"Versions":{"AMT":"15.0.23"},"Hashes":[` +
      `{"isDefault":1,"isActive":1,"hashAlgorithm":2,"hashAlgorithmStr":"SHA256","hashAlgorithmSize":32,"certificateHash":"${G2}","name":"DigiCert Global Root G2"},` +
      `{"isDefault":1,"isActive":1,"hashAlgorithm":2,"hashAlgorithmStr":"SHA256","hashAlgorithmSize":32,"certificateHash":"${NP_RSA}","name":"GlobalSign NP RSA CA 2018"}]}`;
    const list = parseDeviceHashes(mei, 'mei.json');
    expect(list.source).toBe('MeshCentral amthashes');
    expect(list.hashes.map((h) => [h.name, h.hash, h.active])).toEqual([
      ['DigiCert Global Root G2', G2, true],
      ['GlobalSign NP RSA CA 2018', NP_RSA, true],
    ]);
  });

  it('reads the text output (name line with flags, then "  SHA256: <hex>"), CRLF, names with parentheses', () => {
    const text =
      'Go Daddy Class 2 Certification Authority, (Default, Active)\r\n' +
      `  SHA256: ${GODADDY.toLowerCase()}\r\n` +
      'Entrust.net Certification Authority (2048), (Default, Disabled)\r\n' +
      '  SHA256: 6dc47172e01cbcb0bf62580d895fe2b8ac9ad4f873801e0c10b9c837d21eb177\r\n' +
      'My domain Root CA, (, Active)\r\n' +
      `  SHA256: ${G2}\r\n`;
    const list = parseDeviceHashes(text, 'amthashes.txt');
    expect(list.source).toMatch(/amthashes/);
    expect(list.hashes.map((h) => [h.name, h.active, h.isDefault])).toEqual([
      ['Go Daddy Class 2 Certification Authority', true, true],
      ['Entrust.net Certification Authority (2048)', false, true],
      ['My domain Root CA', true, false],
    ]);
  });

  it('reads rpc-go\'s older text output, where an entry without flags is neither default nor active', () => {
    const text = `---Certificate Hashes---\nDigiCert Global Root G2  (Default, Active)\n   SHA256: ${G2.toLowerCase()}\nCustom Root\n   SHA384: ${CUSTOM_384.toLowerCase()}\n`;
    const list = parseDeviceHashes(text, 'rpc.txt');
    expect(list.hashes).toEqual([
      { hash: G2, algorithm: 'SHA-256', name: 'DigiCert Global Root G2', active: true, isDefault: true },
      { hash: CUSTOM_384, algorithm: 'SHA-384', name: 'Custom Root', active: false, isDefault: false },
    ]);
  });

  it('refuses a text entry whose hash does not fit its algorithm, with the line', () => {
    const e = error(() => parseDeviceHashes(`Root A, (Default, Active)\n  SHA1: ${G2}\n`, 'a.txt'));
    expect(e.code).toBe('unreadable');
    expect(e.message).toBe('a.txt, line 2: the SHA-1 hash of "Root A" has 64 hex digits; a SHA-1 has 40.');
  });
});

describe('certHashes arrays (rpc-go → RPS payload)', () => {
  it('reads a bare array of hex strings and the payload object, every hash active', () => {
    const bare = parseDeviceHashes(JSON.stringify([G2.toLowerCase(), GODADDY.toLowerCase()]), 'h.json');
    expect(bare.source).toBe('certHashes list');
    expect(bare.hashes.map((h) => [h.hash, h.active])).toEqual([
      [G2, true],
      [GODADDY, true],
    ]);
    const payload = parseDeviceHashes(JSON.stringify({ payload: { ver: '11.8.50', certHashes: [G2_SHA1] } }), 'p.json');
    expect(payload.hashes).toEqual([{ hash: G2_SHA1, algorithm: 'SHA-1', active: true }]);
  });
});

describe('plain list', () => {
  it('takes any case, colons and spaces, # comments, blank lines, CRLF and a BOM; a trailing comment names the hash', () => {
    const text =
      '\uFEFF# hashes from rpc on PC-0042\r\n' +
      '\r\n' +
      `${G2.toLowerCase()}   # DigiCert Global Root G2\r\n` +
      `${GODADDY.match(/../g)!.join(':')}\r\n` +
      `  ${G2_SHA1.match(/..../g)!.join(' ')}  \r\n` +
      `${CUSTOM_384}\n`;
    const list = parseDeviceHashes(text, 'hashes.txt');
    expect(list.source).toBe('plain list');
    expect(list.hashes).toEqual([
      { hash: G2, algorithm: 'SHA-256', name: 'DigiCert Global Root G2', active: true },
      { hash: GODADDY, algorithm: 'SHA-256', active: true },
      { hash: G2_SHA1, algorithm: 'SHA-1', active: true },
      { hash: CUSTOM_384, algorithm: 'SHA-384', active: true },
    ]);
  });

  it('merges a hash listed twice', () => {
    expect(parseDeviceHashes(`${G2}\n${G2.toLowerCase()}\n`, 'h.txt').hashes).toHaveLength(1);
  });

  it('refuses a hash of no known length with its line number', () => {
    const e = error(() => parseDeviceHashes(`# list\n${G2}\n\n${G2.slice(0, 50)}\n`, 'hashes.txt'));
    expect(e.code).toBe('unreadable');
    expect(e.message).toBe('hashes.txt, line 4: the hash of this entry has 50 hex digits; a SHA-1 has 40, a SHA-256 64, a SHA-384 96, a SHA-512 128.');
  });

  it('refuses a line that is not hex, naming the line', () => {
    const e = error(() => parseDeviceHashes(`${G2}\nnot-a-hash here\n`, 'hashes.txt'));
    expect(e.code).toBe('unreadable');
    expect(e.message).toMatch(/^hashes\.txt, line 2: "not-a-hash here" is not a hex hash/);
  });

  it('refuses a certificate given instead of a hash list, pointing at --trust-root-hash', () => {
    const e = error(() => parseDeviceHashes('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', 'root.pem'));
    expect(e.code).toBe('usage');
    expect(e.message).toContain('--trust-root-hash');
  });

  it('refuses an empty file or one with only comments', () => {
    expect(error(() => parseDeviceHashes('', 'e.txt')).message).toBe('e.txt: no hash in the file: it is empty or only comments.');
    expect(error(() => parseDeviceHashes('# nothing\n\n', 'e.txt')).code).toBe('unreadable');
  });
});

describe('encodings and hostile input', () => {
  it('reads a UTF-16LE file (PowerShell 5.1 `>` redirection) that was decoded as UTF-8', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify([G2]), 'utf16le')]);
    const list = parseDeviceHashes(utf16.toString('utf8'), 'ps.json');
    expect(list.hashes.map((h) => h.hash)).toEqual([G2]);
  });

  it('reports invalid JSON with the line it breaks on', () => {
    const e = error(() => parseDeviceHashes('{\n  "certificateHashes": {\n    "A": { "Hash": "ab" ,, }\n  }\n}', 'broken.json'));
    expect(e.code).toBe('unreadable');
    expect(e.message).toMatch(/^broken\.json, line 3: this is not valid JSON/);
  });

  it('refuses deep nesting before parsing it', () => {
    // JSON.parse would recurse 200,000 levels; the message proves the depth scan refused it first.
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const e = error(() => parseDeviceHashes(deep, 'deep.json'));
    expect(e.code).toBe('unreadable');
    expect(e.message).toContain('nested more than 32 levels');
  });

  it('refuses more than 1 MiB and more than 1024 hashes (too-large)', () => {
    const big = `# ${'x'.repeat(DEVICE_HASH_LIMITS.maxBytes)}\n${G2}\n`;
    expect(error(() => parseDeviceHashes(big, 'big.txt')).code).toBe('too-large');
    const many = Array.from({ length: DEVICE_HASH_LIMITS.maxHashes + 1 }, (_, i) => i.toString(16).padStart(64, '0')).join('\n');
    const e = error(() => parseDeviceHashes(many, 'many.txt'));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('1025 hashes');
    const exactly = Array.from({ length: DEVICE_HASH_LIMITS.maxHashes }, (_, i) => i.toString(16).padStart(64, '0')).join('\n');
    expect(parseDeviceHashes(exactly, 'ok.txt').hashes).toHaveLength(DEVICE_HASH_LIMITS.maxHashes);
  });

  // A backtracking pattern on 900,000 spaces runs for minutes: the test timeout, not a clock here, catches it.
  it('stays linear on long lines built to make patterns backtrack', () => {
    const spaces = ' '.repeat(900_000);
    for (const text of [`SHA256:${spaces}x\n`, `a${spaces}b (Default\nSHA256: ${G2}\n`, `Root, (${spaces}\n  SHA256: ${G2}\n`]) {
      try {
        parseDeviceHashes(text, 'slow.txt');
      } catch (e) {
        expect(e).toBeInstanceOf(CertDeskError);
      }
    }
  });

  it('drops control characters from firmware names (they would reach a terminal)', () => {
    const list = parseDeviceHashes(JSON.stringify([{ isDefault: 1, isActive: 1, hashAlgorithm: 2, certificateHash: G2, name: 'Evil\u001b[31m Root\u0007' }]), 'x.json');
    expect(list.hashes[0].name).toBe('Evil[31m Root');
  });
});
