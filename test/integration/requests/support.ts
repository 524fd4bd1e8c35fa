// Helpers for the requests tests: temp data folders, a CA made by openssl, and the key-leak scan.
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  /** What was searched for (for messages). */
  names: string[];
  needles: Buffer[];
}

function unsigned(b64url: string): Buffer {
  return Buffer.from(b64url, 'base64url');
}

/** base64 fragments of `bytes` as they appear at any of the three alignments inside a longer base64 text. */
function base64Fragments(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const text = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    out.push(text.slice(8, 8 + 44));
  }
  return out;
}

/**
 * What must never be found in the data folder for `key`: the PKCS#8 and PKCS#1 DER, their base64, the
 * private exponent and primes (raw, hex either case, base64 at any alignment, base64url as in a JWK).
 * The modulus is public and not searched for.
 */
export function keyNeedles(key: KeyObject | Buffer): KeyNeedles {
  const k = Buffer.isBuffer(key) ? createPrivateKey({ key, format: 'der', type: 'pkcs8' }) : key;
  const jwk = k.export({ format: 'jwk' });
  const pkcs8 = k.export({ format: 'der', type: 'pkcs8' }) as Buffer;
  const pkcs1 = k.export({ format: 'der', type: 'pkcs1' }) as Buffer;
  const names: string[] = [];
  const needles: Buffer[] = [];
  const add = (name: string, value: Buffer | string) => {
    names.push(name);
    needles.push(Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1'));
  };
  // Slices past the modulus (which is public): the private half of the DER.
  add('PKCS#8 DER (private part)', pkcs8.subarray(pkcs8.length - 200, pkcs8.length - 136));
  add('PKCS#1 DER (private part)', pkcs1.subarray(pkcs1.length - 200, pkcs1.length - 136));
  for (const [name, value] of [['d', jwk.d!], ['p', jwk.p!], ['q', jwk.q!], ['dp', jwk.dp!], ['dq', jwk.dq!], ['qi', jwk.qi!]] as const) {
    const raw = unsigned(value);
    add(`${name} raw`, raw.subarray(8, 40));
    add(`${name} hex`, raw.subarray(8, 40).toString('hex'));
    add(`${name} HEX`, raw.subarray(8, 40).toString('hex').toUpperCase());
    add(`${name} base64url`, value.slice(8, 52));
    base64Fragments(raw).forEach((f, i) => add(`${name} base64 shift ${i}`, f));
  }
  base64Fragments(pkcs8.subarray(pkcs8.length - 200)).forEach((f, i) => add(`PKCS#8 base64 shift ${i}`, f));
  base64Fragments(pkcs1.subarray(pkcs1.length - 200)).forEach((f, i) => add(`PKCS#1 base64 shift ${i}`, f));
  add('PEM label', 'PRIVATE KEY');
  return { names, needles };
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

/** Every file of the data folder (database, WAL, SHM, anything else): the leaks found, as "file: what". */
export function scanDataDir(dir: string, keys: (KeyObject | Buffer)[]): string[] {
  const all = keys.map(keyNeedles);
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    const lower = Buffer.from(bytes.toString('latin1').toLowerCase(), 'latin1');
    for (const { names, needles } of all) {
      needles.forEach((needle, i) => {
        if (bytes.includes(needle) || (names[i].endsWith(' hex') && lower.includes(needle))) found.push(`${file}: ${names[i]}`);
      });
    }
  }
  return found;
}

/** The modulus (public) of a PEM/DER key or certificate file per openssl, uppercase hex. */
export function opensslModulus(kind: 'x509' | 'req' | 'rsa', file: string, extra: string[] = [], env?: NodeJS.ProcessEnv): string {
  return execFileSync('openssl', [kind, '-in', file, '-noout', '-modulus', ...extra], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
    .toString()
    .trim()
    .replace(/^Modulus=/, '');
}
