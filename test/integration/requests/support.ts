// Helpers for the requests tests: temp data folders, a CA made by openssl, and the secrets scan (private keys,
// passwords, data keys in every encoding) over data folders, database cells, process output and HTTP bodies.
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AMT_OID, type Issued, Pki } from '../../support/openssl';

export function tempHome(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-home-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** True when a Secret Service answers on the session bus (scripts/with-keyring.sh provides one). */
export function secretServiceAvailable(): boolean {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  const r = spawnSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
    { encoding: 'utf8', timeout: 5000 },
  );
  return r.status === 0 && r.stdout.includes('boolean true');
}

export function requireKeyring(): void {
  if (!secretServiceAvailable()) {
    throw new Error('These tests need the OS keychain: run them as `scripts/with-keyring.sh npx vitest run test/integration/requests`.');
  }
}

/** A CA hierarchy (root → issuing CA) that signs CSRs as an AMT provisioning certificate. */
export class TestCa {
  readonly pki = new Pki();
  readonly root: Issued;
  readonly inter: Issued;
  private serial = 5000;

  constructor() {
    this.root = this.pki.root('root', { subject: '/O=CertDesk Test/CN=CertDesk Test Root' });
    this.inter = this.pki.issue('inter', this.root, { subject: '/O=CertDesk Test/CN=CertDesk Test Issuing CA', profile: 'intermediate', days: 1800 });
  }

  /** Signs `csrPem` with the issuing CA; returns the PEM file name in the fixture folder. */
  sign(csrPem: string, name: string, options: { days?: number; dns?: string } = {}): string {
    writeFileSync(this.pki.path(`${name}.csr`), csrPem);
    const section = `sign_${name.replace(/\W/g, '_')}`;
    const san = options.dns ? `\nsubjectAltName = DNS:${options.dns}` : '';
    writeFileSync(
      this.pki.path('ext.cnf'),
      `${readFileSync(this.pki.path('ext.cnf'), 'utf8')}\n[ ${section} ]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth, ${AMT_OID}${san}\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n`,
    );
    this.pki.run([
      'x509', '-req', '-in', `${name}.csr`, '-CA', this.inter.cert, '-CAkey', this.inter.key, '-set_serial', String(this.serial++),
      '-sha256', '-days', String(options.days ?? 365), '-extfile', 'ext.cnf', '-extensions', section, '-out', `${name}.pem`,
    ]);
    return `${name}.pem`;
  }

  /** The reply as PEM, DER, a PKCS#7 bundle (leaf + issuing CA + root) or a PEM bundle. */
  reply(certFile: string, form: 'pem' | 'der' | 'p7b' | 'bundle'): string {
    const base = certFile.replace(/\.pem$/, '');
    if (form === 'pem') return this.pki.path(certFile);
    if (form === 'der') {
      writeFileSync(this.pki.path(`${base}.cer`), this.pki.der(certFile));
      return this.pki.path(`${base}.cer`);
    }
    if (form === 'bundle') {
      writeFileSync(this.pki.path(`${base}.bundle.pem`), [certFile, this.inter.cert, this.root.cert].map((f) => this.pki.read(f).toString()).join(''));
      return this.pki.path(`${base}.bundle.pem`);
    }
    this.pki.run(['crl2pkcs7', '-nocrl', '-certfile', certFile, '-certfile', this.inter.cert, '-certfile', this.root.cert, '-outform', 'DER', '-out', `${base}.p7b`]);
    return this.pki.path(`${base}.p7b`);
  }

  cleanup(): void {
    this.pki.cleanup();
  }
}

export interface KeyNeedles {
  /** Which secret (a key, a password…), for messages; absent for the keys of scanDataDir. */
  label?: string;
  /** What was searched for (for messages): the encoding of each needle. */
  names: string[];
  needles: Buffer[];
  /** Per needle: compare case-insensitively (hex). Default: names ending in "hex". */
  anyCase?: boolean[];
}

function unsigned(b64url: string): Buffer {
  return Buffer.from(b64url, 'base64url');
}

/**
 * The characters of base64(`bytes`) that depend on `bytes` alone when they sit at byte offset `shift` (0, 1, 2)
 * inside a longer text that is base64-encoded: what appears in the encoding of any text containing them.
 */
function base64Core(bytes: Buffer, shift: number, encoding: 'base64' | 'base64url' = 'base64'): string {
  const text = Buffer.concat([Buffer.alloc(shift), bytes]).toString(encoding);
  return text.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6));
}

/** base64 fragments of `bytes` as they appear at any of the three alignments inside a longer base64 text. */
function base64Fragments(bytes: Buffer, encoding: 'base64' | 'base64url' = 'base64'): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const text = Buffer.concat([Buffer.alloc(shift), bytes]).toString(encoding);
    out.push(text.slice(8, 8 + 44));
  }
  return out;
}

/** A builder of needle sets: one name per needle, optional case-insensitivity. */
function needleSet(label?: string): KeyNeedles & { add: (name: string, value: Buffer | string, anyCase?: boolean) => void } {
  const set: KeyNeedles = { label, names: [], needles: [], anyCase: [] };
  return Object.assign(set, {
    add(name: string, value: Buffer | string, anyCase = false) {
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1');
      if (bytes.length < 8) return; // too short to mean anything
      set.names.push(name);
      set.needles.push(bytes);
      set.anyCase!.push(anyCase);
    },
  });
}

/** 60 digits from the middle of the decimal form of a big unsigned integer (any printing of it contains them). */
function decimalFragment(raw: Buffer): string {
  const digits = BigInt(`0x${raw.toString('hex')}`).toString(10);
  const from = Math.max(0, Math.floor(digits.length / 2) - 30);
  return digits.slice(from, from + 60);
}

/**
 * What must never be found for `key`: the private half of the PKCS#8 and PKCS#1 DER (raw, hex, base64 at any
 * alignment, base64url; PEM is base64 of the DER, found through the whitespace-free view of each text), and the
 * private exponent d, primes p and q, dp, dq and qInv (raw, hex in either case, with or without colons as
 * openssl prints them, base64 and base64url at any alignment, decimal), and the PEM labels of a plain key.
 * The modulus and public exponent are public (in every CSR and certificate) and are not searched for.
 */
export function keyNeedles(key: KeyObject | Buffer, label?: string): KeyNeedles {
  const k = Buffer.isBuffer(key) ? createPrivateKey({ key, format: 'der', type: 'pkcs8' }) : key;
  const jwk = k.export({ format: 'jwk' });
  const pkcs8 = k.export({ format: 'der', type: 'pkcs8' }) as Buffer;
  const pkcs1 = k.export({ format: 'der', type: 'pkcs1' }) as Buffer;
  const set = needleSet(label);
  // Slices past the modulus (which is public): the private half of the DER.
  for (const [name, der] of [['PKCS#8', pkcs8], ['PKCS#1', pkcs1]] as const) {
    const part = der.subarray(der.length - 200, der.length - 136);
    set.add(`${name} DER (private part)`, part);
    set.add(`${name} DER hex`, part.toString('hex'), true);
    base64Fragments(der.subarray(der.length - 200)).forEach((f, i) => set.add(`${name} base64 shift ${i}`, f));
    base64Fragments(der.subarray(der.length - 200), 'base64url').forEach((f, i) => set.add(`${name} base64url shift ${i}`, f));
  }
  for (const [name, value] of [['d', jwk.d!], ['p', jwk.p!], ['q', jwk.q!], ['dp', jwk.dp!], ['dq', jwk.dq!], ['qInv', jwk.qi!]] as const) {
    const raw = unsigned(value);
    set.add(`${name} raw`, raw.subarray(8, 40));
    set.add(`${name} hex`, raw.subarray(8, 40).toString('hex'), true);
    base64Fragments(raw).forEach((f, i) => set.add(`${name} base64 shift ${i}`, f));
    base64Fragments(raw, 'base64url').forEach((f, i) => set.add(`${name} base64url shift ${i}`, f));
    set.add(`${name} decimal`, decimalFragment(raw));
  }
  set.add('PEM label', 'PRIVATE KEY');
  return set;
}

/**
 * What must never be found for a password or passphrase: its UTF-8, UTF-16LE and UTF-16BE (PKCS#12 BMPString)
 * bytes, base64 and base64url of the UTF-8 and of the UTF-16LE (PowerShell -EncodedCommand) at any alignment,
 * hex (either case), JSON with \u escapes and percent-encoding when they differ from the text.
 */
export function passwordNeedles(password: string, label = 'password'): KeyNeedles {
  const set = needleSet(label);
  const utf8 = Buffer.from(password, 'utf8');
  const utf16le = Buffer.from(password, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();
  set.add('UTF-8', utf8);
  set.add('UTF-16LE', utf16le);
  set.add('UTF-16BE', utf16be);
  for (let shift = 0; shift < 3; shift++) {
    set.add(`base64 shift ${shift}`, base64Core(utf8, shift));
    set.add(`base64url shift ${shift}`, base64Core(utf8, shift, 'base64url'));
    set.add(`UTF-16LE base64 shift ${shift}`, base64Core(utf16le, shift));
  }
  set.add('hex', utf8.toString('hex'), true);
  set.add('UTF-16LE hex', utf16le.toString('hex'), true);
  const escaped = JSON.stringify(password).slice(1, -1).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped !== password) set.add('JSON \\u-escaped', escaped, true);
  const percent = encodeURIComponent(password);
  if (percent !== password) set.add('percent-encoded', percent, true);
  return set;
}

/** Secret bytes (a data key): raw, hex (either case), base64 and base64url at any alignment. */
export function bytesNeedles(bytes: Buffer, label: string): KeyNeedles {
  const set = needleSet(label);
  set.add('raw', bytes);
  set.add('hex', bytes.toString('hex'), true);
  for (let shift = 0; shift < 3; shift++) {
    set.add(`base64 shift ${shift}`, base64Core(bytes, shift));
    set.add(`base64url shift ${shift}`, base64Core(bytes, shift, 'base64url'));
  }
  return set;
}

/** Something that could leak: a file, a database cell, a process's output, an HTTP body. */
export interface ScanSource {
  /** Where it came from (reported with each finding). */
  where: string;
  bytes: Buffer | string;
}

/** Printable ASCII without white space or colons: a text encoding, also searched in the whitespace-free view. */
function isText(needle: Buffer): boolean {
  for (const byte of needle) if (byte <= 0x20 || byte >= 0x7f || byte === 0x3a) return false;
  return true;
}

/** The views of a source searched: raw; and without NULs (UTF-16), white space, colons and JSON's \n \r \t escapes. */
function views(bytes: Buffer): { raw: Buffer; rawLower: Buffer; compact: Buffer; compactLower: Buffer } {
  const latin1 = bytes.toString('latin1');
  // eslint-disable-next-line no-control-regex
  const compact = latin1.replace(/[\x00\s:]+/g, '').replace(/\\[nrt]/g, '');
  return {
    raw: bytes,
    rawLower: Buffer.from(latin1.toLowerCase(), 'latin1'),
    compact: Buffer.from(compact, 'latin1'),
    compactLower: Buffer.from(compact.toLowerCase(), 'latin1'),
  };
}

/**
 * Every secret of `secrets` found in `sources`, as "where: label encoding" (one line per source, secret and
 * encoding). Text encodings are also looked for with white space, line breaks (PEM, JSON "\n"), colons (openssl's
 * hex dumps) and NULs (UTF-16 text) taken out of the source.
 */
export function scanSources(sources: ScanSource[], secrets: KeyNeedles[]): string[] {
  const prepared = secrets.map(({ label, names, needles, anyCase }) =>
    needles.map((needle, i) => {
      const caseless = anyCase?.[i] ?? names[i].endsWith(' hex');
      return {
        what: label ? `${label} ${names[i]}` : names[i],
        needle: caseless ? Buffer.from(needle.toString('latin1').toLowerCase(), 'latin1') : needle,
        caseless,
        text: isText(needle),
      };
    }),
  ).flat();
  const found: string[] = [];
  for (const source of sources) {
    const v = views(Buffer.isBuffer(source.bytes) ? source.bytes : Buffer.from(source.bytes, 'utf8'));
    for (const { what, needle, caseless, text } of prepared) {
      const hit = (caseless ? v.rawLower : v.raw).includes(needle) || (text && (caseless ? v.compactLower : v.compact).includes(needle));
      if (hit) found.push(`${source.where}: ${what}`);
    }
  }
  return found;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) out.push(...filesUnder(path));
    else if (st.isFile()) out.push(path);
  }
  return out;
}

/** Every file under `dir` (database, WAL, SHM, journals, temp files, anything else), raw bytes; `where` is the path. */
export function dataDirSources(dir: string): ScanSource[] {
  return filesUnder(dir).map((file) => ({ where: file, bytes: readFileSync(file) }));
}

/** Every cell of every table of a CertDesk database (opened read-only), as "db <table> row N <column>". */
export function databaseSources(file: string): { sources: ScanSource[]; tables: Record<string, Record<string, unknown>[]> } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    const sources: ScanSource[] = [];
    const tables: Record<string, Record<string, unknown>[]> = {};
    for (const table of names) {
      const rows = db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`).all() as Record<string, unknown>[];
      tables[table] = rows;
      rows.forEach((row, n) => {
        for (const [column, value] of Object.entries(row)) {
          if (value === null || value === undefined) continue;
          sources.push({ where: `db ${table} row ${n} ${column}`, bytes: Buffer.isBuffer(value) ? value : String(value) });
        }
      });
    }
    return { sources, tables };
  } finally {
    db.close();
  }
}

/** Every data folder file: the leaks of `keys` found, as "file: what". */
export function scanDataDir(dir: string, keys: (KeyObject | Buffer)[]): string[] {
  return scanSources(dataDirSources(dir), keys.map((key) => keyNeedles(key)));
}

/** The modulus (public) of a PEM/DER key or certificate file per openssl, uppercase hex. */
export function opensslModulus(kind: 'x509' | 'req' | 'rsa', file: string, extra: string[] = [], env?: NodeJS.ProcessEnv): string {
  return execFileSync('openssl', [kind, '-in', file, '-noout', '-modulus', ...extra], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
    .toString()
    .trim()
    .replace(/^Modulus=/, '');
}
