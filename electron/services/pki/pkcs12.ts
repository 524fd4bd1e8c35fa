import { CertDeskError } from '../../../shared/errors';
import { type Tlv, children, content, Tag } from './der';
import type { Container } from './types';

export function isPfx(top: Tlv): boolean {
  const [version, authSafe] = children(top);
  return version?.tag === Tag.INTEGER && authSafe?.tag === Tag.SEQUENCE && content(version).equals(Buffer.from([3]));
}

export function parsePkcs12(_der: Buffer, _password?: string): Omit<Container, 'format'> {
  throw new CertDeskError('unsupported-format', 'PKCS#12 support is not finished yet.');
}
