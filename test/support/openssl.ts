// Test fixtures made by the real openssl at test time, and openssl's own answers to compare against.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function openssl(args: string[], options: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Buffer {
  return execFileSync('openssl', args, {
    cwd: options.cwd,
    input: options.input,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function tempDir(prefix = 'certdesk-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const AMT_OU = 'Intel(R) Client Setup Certificate';
export const AMT_OID = '2.16.840.1.113741.1.2.3';

export interface Issued {
  /** Paths inside the fixture folder. */
  key: string;
  cert: string;
  name: string;
}

const EXTENSIONS = `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
[ root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ intermediate ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ amt ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, ${AMT_OID}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ server ]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
[ client ]
basicConstraints = CA:FALSE
extendedKeyUsage = clientAuth
`;

/** A folder with a CA hierarchy made by openssl: call `root`, `intermediate`, `leaf` to add certificates. */
export class Pki {
  readonly dir: string;
  private readonly cleanupDir: () => void;
  private serial = 1000;

  constructor() {
    const t = tempDir();
    this.dir = t.dir;
    this.cleanupDir = t.cleanup;
    writeFileSync(join(this.dir, 'ext.cnf'), EXTENSIONS);
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  read(name: string): Buffer {
    return readFileSync(this.path(name));
  }

  run(args: string[], input?: string | Buffer, env?: NodeJS.ProcessEnv): Buffer {
    return openssl(args, { cwd: this.dir, input, env });
  }

  /** Makes a key: 'rsa:2048' (default), 'rsa:1024', 'rsa:4096', 'ec:P-256', 'ec:P-384'. */
  key(name: string, spec = 'rsa:2048'): string {
    const [kind, param] = spec.split(':');
    const file = `${name}.key`;
    if (kind === 'rsa') this.run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${param}`, '-out', file]);
    else this.run(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${param}`, '-out', file]);
    return file;
  }

  /** Self-signed root CA. */
  root(name: string, options: { subject?: string; keySpec?: string; hash?: string; days?: number } = {}): Issued {
    const key = this.key(name, options.keySpec);
    const cert = `${name}.pem`;
    this.run([
      'req', '-x509', '-new', '-key', key, '-subj', options.subject ?? `/O=CertDesk Test/CN=${name}`,
      `-${options.hash ?? 'sha256'}`, '-days', String(options.days ?? 3650),
      '-config', 'ext.cnf', '-extensions', 'root', '-out', cert,
    ]);
    return { key, cert, name };
  }

  /**
   * A certificate signed by `issuer`. `profile` picks the extension section of ext.cnf (intermediate, amt,
   * server, client) or a custom section given in `extensions`. Dates: `days`, or `notBefore`/`notAfter`
   * as openssl's YYYYMMDDHHMMSSZ for expired or future certificates.
   */
  issue(
    name: string,
    issuer: Issued,
    options: {
      subject?: string;
      profile?: string;
      extensions?: string;
      keySpec?: string;
      key?: string;
      hash?: string;
      days?: number;
      notBefore?: string;
      notAfter?: string;
    } = {},
  ): Issued {
    const key = options.key ?? this.key(name, options.keySpec);
    const csr = `${name}.csr`;
    const cert = `${name}.pem`;
    this.run(['req', '-new', '-config', 'ext.cnf', '-key', key, '-subj', options.subject ?? `/CN=${name}`, '-out', csr]);
    let section = options.profile ?? 'server';
    if (options.extensions) {
      section = `custom_${name.replace(/\W/g, '_')}`;
      writeFileSync(this.path('ext.cnf'), `${readFileSync(this.path('ext.cnf'), 'utf8')}\n[ ${section} ]\n${options.extensions}\n`);
    }
    const dates =
      options.notBefore || options.notAfter
        ? ['-not_before', options.notBefore ?? '20200101000000Z', '-not_after', options.notAfter ?? '20300101000000Z']
        : ['-days', String(options.days ?? 365)];
    if (dates[0] === '-not_before') {
      // openssl 3.0 `x509 -req` has no -not_before: use `ca`-less signing through `x509 -set` is not possible,
      // so go through a minimal `openssl ca` run.
      this.caSign(csr, cert, issuer, section, options.hash ?? 'sha256', options.notBefore!, options.notAfter!);
    } else {
      this.run([
        'x509', '-req', '-in', csr, '-CA', issuer.cert, '-CAkey', issuer.key, '-set_serial', String(this.serial++),
        `-${options.hash ?? 'sha256'}`, ...dates, '-extfile', 'ext.cnf', '-extensions', section, '-out', cert,
      ]);
    }
    return { key, cert, name };
  }

  private caSign(csr: string, cert: string, issuer: Issued, section: string, hash: string, start: string, end: string): void {
    const db = `${cert}.db`;
    writeFileSync(this.path(db), '');
    writeFileSync(this.path(`${cert}.serial`), `${(this.serial++).toString(16).padStart(4, '0')}\n`);
    const conf = `${cert}.ca.cnf`;
    writeFileSync(
      this.path(conf),
      `[ ca ]\ndefault_ca = tmp\n[ tmp ]\ndatabase = ${db}\nserial = ${cert}.serial\nnew_certs_dir = .\npolicy = any\nunique_subject = no\ncopy_extensions = none\n[ any ]\ncommonName = optional\norganizationName = optional\norganizationalUnitName = optional\ncountryName = optional\n` +
        readFileSync(this.path('ext.cnf'), 'utf8'),
    );
    this.run([
      'ca', '-batch', '-config', conf, '-in', csr, '-cert', issuer.cert, '-keyfile', issuer.key, '-md', hash,
      '-startdate', start, '-enddate', end, '-extensions', section, '-notext', '-out', cert,
    ]);
  }

  /** PKCS#12 with openssl: `variant` 'aes' (OpenSSL 3 default), 'legacy' (3DES + SHA-1 MAC), 'rc2' (RC2-40). */
  pfx(
    name: string,
    leaf: Issued | null,
    extra: Issued[],
    options: { password?: string; variant?: 'aes' | 'legacy' | 'rc2' | 'nomac'; friendlyName?: string } = {},
  ): string {
    const file = `${name}.pfx`;
    const chainFile = `${name}.chain.pem`;
    writeFileSync(this.path(chainFile), extra.map((c) => this.read(c.cert).toString()).join(''));
    const variant = options.variant ?? 'aes';
    const args = ['pkcs12', '-export', '-out', file, '-passout', 'env:PFX_PASSWORD'];
    if (leaf) args.push('-inkey', leaf.key, '-in', leaf.cert);
    else args.push('-nokeys', '-in', chainFile);
    if (leaf && extra.length) args.push('-certfile', chainFile);
    if (options.friendlyName) args.push('-name', options.friendlyName);
    if (variant === 'legacy') args.push('-legacy');
    if (variant === 'rc2') args.push('-legacy', '-certpbe', 'PBE-SHA1-RC2-40', '-keypbe', 'PBE-SHA1-3DES');
    if (variant === 'nomac') args.push('-nomac');
    this.run(args, undefined, { PFX_PASSWORD: options.password ?? 'secret' });
    return file;
  }

  /** openssl's answers for a PEM certificate in the fixture folder. */
  facts(certFile: string): { sha1: string; sha256: string; subject: string; serial: string; notBefore: Date; notAfter: Date } {
    const out = this.run([
      'x509', '-in', certFile, '-noout', '-fingerprint', '-sha1', '-serial', '-startdate', '-enddate',
      '-subject', '-nameopt', 'RFC2253',
    ]).toString();
    const get = (re: RegExp) => (out.match(re)?.[1] ?? '').trim();
    const sha256 = this.run(['x509', '-in', certFile, '-noout', '-fingerprint', '-sha256']).toString();
    return {
      sha1: get(/sha1 Fingerprint=(.*)/i).replace(/:/g, ''),
      sha256: (sha256.match(/Fingerprint=(.*)/)?.[1] ?? '').trim().replace(/:/g, ''),
      subject: get(/subject=(.*)/),
      serial: get(/serial=(.*)/),
      notBefore: new Date(get(/notBefore=(.*)/)),
      notAfter: new Date(get(/notAfter=(.*)/)),
    };
  }

  der(certFile: string): Buffer {
    return this.run(['x509', '-in', certFile, '-outform', 'DER']);
  }

  cleanup(): void {
    this.cleanupDir();
  }
}

/** A standard AMT-ready hierarchy: root → intermediate → leaf with the OU and the AMT OID. */
export function amtHierarchy(pki: Pki, domain = 'corp.example.com') {
  const root = pki.root('root', { subject: '/O=CertDesk Test/CN=CertDesk Test Root' });
  const intermediate = pki.issue('inter', root, { subject: '/O=CertDesk Test/CN=CertDesk Test Issuing CA', profile: 'intermediate', days: 1800 });
  const leaf = pki.issue('leaf', intermediate, {
    subject: `/O=${domain}/OU=${AMT_OU}/CN=prov.${domain}`,
    profile: 'amt',
    days: 365,
    extensions: `basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth, ${AMT_OID}\nsubjectAltName = DNS:prov.${domain}\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always`,
  });
  return { root, intermediate, leaf };
}
