// The Details tab: every row in <All> order (reference §2.1, §2.2). Version-1 fields (v1: true, kind 'field'),
// then each extension in certificate order (kind 'extension'), then properties (kind 'property').
import type { DetailRow } from '../../../../shared/dto';
import { children, decodeOid, parseDer, Tag } from '../der';
import type { Certificate } from '../x509';
import { nameDetailLines, nameListValue } from './distinguishedNames';
import { formatExtension } from './extensionFormatters';
import { curveNames, hashAlgorithms, publicKeyAlgorithms, signatureAlgorithms } from './oids';
import { lines, longDateTime, spacedHex } from './values';

const OID_RSA_PSS = '1.2.840.113549.1.1.10';

function field(name: string, value: string, detail = value): DetailRow {
  return { field: name, value, detail, kind: 'field', v1: true, critical: false };
}

function property(name: string, value: string): DetailRow {
  return { field: name, value, detail: value, kind: 'property', v1: false, critical: false };
}

/** RSASSA-PSS: the hash of the parameters' [0] hashAlgorithm, sha1 when absent (RFC 4055 default). */
function pssHash(parameters: Buffer): string | undefined {
  try {
    const params = parseDer(Buffer.from(parameters));
    if (params.tag !== Tag.SEQUENCE) return undefined;
    const hashTlv = children(params).find((c) => c.tag === 0xa0);
    if (!hashTlv) return 'sha1';
    const oid = decodeOid(children(children(hashTlv)[0])[0]);
    return hashAlgorithms[oid] ?? oid;
  } catch {
    return undefined;
  }
}

function signatureRows(cert: Certificate): DetailRow[] {
  const known = signatureAlgorithms[cert.signatureOid];
  const rows = [field('Signature algorithm', known?.name ?? cert.signatureOid)];
  const hash = cert.signatureOid === OID_RSA_PSS ? pssHash(cert.signatureParameters) : known?.hash;
  // An algorithm Windows does not know has no hash row (there is nothing it could show).
  if (hash) rows.push(field('Signature hash algorithm', hash));
  return rows;
}

function publicKeyRows(cert: Certificate): DetailRow[] {
  const key = cert.publicKey;
  const name = publicKeyAlgorithms[key.algorithmOid] ?? key.algorithmOid;
  const rows = [field('Public key', key.bits ? `${name} (${key.bits} Bits)` : name, spacedHex(key.keyBytes))];
  if (key.parameters.length) {
    if (key.curveOid) {
      // Value column: the curve name (ECDSA_P256). Lower pane: [Uncertain in the spec, name or hex] — the hex of
      // the curve OID DER ("06 08 2a 86 48 ce 3d 03 01 07"), which carries the data when the name is unknown.
      rows.push(field('Public key parameters', curveNames[key.curveOid] ?? key.curveOid, spacedHex(key.parameters)));
    } else rows.push(field('Public key parameters', spacedHex(key.parameters)));
  }
  return rows;
}

/** Version-1 fields, in <All> order. */
export function fieldRows(cert: Certificate): DetailRow[] {
  return [
    field('Version', `V${cert.version}`),
    // As in the DER, leading 00 sign byte kept ([Uncertain]; Windows shows the encoded integer's bytes).
    field('Serial number', cert.serialHex.toLowerCase()),
    ...signatureRows(cert),
    field('Issuer', nameListValue(cert.issuer), lines(nameDetailLines(cert.issuer))),
    field('Valid from', longDateTime(cert.notBefore)),
    field('Valid to', longDateTime(cert.notAfter)),
    field('Subject', nameListValue(cert.subject), lines(nameDetailLines(cert.subject))),
    ...publicKeyRows(cert),
  ];
}

export function extensionRows(cert: Certificate): DetailRow[] {
  return cert.extensions.map((ext) => {
    const f = formatExtension(ext.oid, ext.value);
    return { field: f.name, value: f.single, detail: f.multi, kind: 'extension', v1: false, critical: ext.critical, oid: ext.oid };
  });
}

/** Store properties: Thumbprint (SHA-1, Win 10/11 contiguous lowercase), Friendly name when set. */
export function propertyRows(cert: Certificate, props: { friendlyName?: string }): DetailRow[] {
  const rows = [property('Thumbprint', cert.sha1.toLowerCase())];
  if (props.friendlyName) rows.push(property('Friendly name', props.friendlyName));
  return rows;
}

export function detailRows(cert: Certificate, props: { friendlyName?: string } = {}): DetailRow[] {
  return [...fieldRows(cert), ...extensionRows(cert), ...propertyRows(cert, props)];
}
