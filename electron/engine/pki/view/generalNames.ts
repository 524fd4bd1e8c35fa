// GeneralName → Windows text (§3 "GeneralName prefixes"), in single-line and multi-line forms.
import { parseDer, children, decodeString, isStringTag } from '../der';
import type { GeneralName } from '../extensions/core';
import { directoryAddressItems } from './distinguishedNames';
import { otherNameNames } from './oids';
import { indent, spacedHex } from './values';

export interface FormattedName {
  /** One line, for the Value column (list items are ", "-joined by the caller). */
  single: string;
  /** Lines at indentation level 0 (the caller indents them to its own depth). */
  multi: string[];
}

/**
 * URLs with spaces are shown raw, then percent-escaped in parentheses, as CryptFormatObject does
 * (`URL=http://x/CA 5.crl (http://x/CA%205.crl)`). [Uncertain whether the dialog shows the parenthesised form;
 * chosen because the observed Windows sources (S11, S12) come from the same formatter the dialog calls.]
 */
function formatUrl(url: string): string {
  if (!/[ \u0080-\uffff]/.test(url)) return url;
  return `${url} (${encodeURI(url).replace(/%25/g, '%')})`;
}

/** IPv6 in RFC 5952 form ("2001:db8::1"). [Uncertain in the spec: the Windows 10 text for IPv6 is unobserved.] */
function formatIpv6(raw: Buffer): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(raw.readUInt16BE(i));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const text = groups.map((g) => g.toString(16));
  if (bestStart < 0) return text.join(':');
  const head = text.slice(0, bestStart).join(':');
  const tail = text.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

function formatIp(raw: Buffer): { single: string; multi: string[] } {
  if (raw.length === 4) {
    const ip = Array.from(raw).join('.');
    return { single: `IP Address=${ip}`, multi: [`IP Address=${ip}`] };
  }
  if (raw.length === 8) {
    // Name Constraints subtree: address + mask.
    const ip = Array.from(raw.subarray(0, 4)).join('.');
    const mask = Array.from(raw.subarray(4)).join('.');
    return { single: `IP Address=${ip}/${mask}`, multi: [`IP Address=${ip}`, `Mask=${mask}`] };
  }
  if (raw.length === 16) {
    const ip = formatIpv6(raw);
    return { single: `IP Address=${ip}`, multi: [`IP Address=${ip}`] };
  }
  if (raw.length === 32) {
    const ip = formatIpv6(raw.subarray(0, 16));
    const mask = formatIpv6(raw.subarray(16));
    return { single: `IP Address=${ip}/${mask}`, multi: [`IP Address=${ip}`, `Mask=${mask}`] };
  }
  return { single: `IP Address=${spacedHex(raw)}`, multi: [`IP Address=${spacedHex(raw)}`] };
}

/** otherName value: the [0] EXPLICIT wrapper's content. UPN → text; anything else → hex of the inner TLV. */
function otherNameValue(oid: string, wrapped: Buffer): string {
  try {
    const outer = parseDer(Buffer.from(wrapped));
    const inner = outer.constructed ? children(outer)[0] : undefined;
    if (inner) {
      if (oid === '1.3.6.1.4.1.311.20.2.3' && isStringTag(inner.tag)) return decodeString(inner);
      return spacedHex(inner.bytes.subarray(inner.start, inner.end));
    }
  } catch {
    // fall through to the raw bytes
  }
  return spacedHex(wrapped);
}

export function formatGeneralName(name: GeneralName): FormattedName {
  switch (name.type) {
    case 'dNSName':
      return { single: `DNS Name=${name.value}`, multi: [`DNS Name=${name.value}`] };
    case 'rfc822Name':
      return { single: `RFC822 Name=${name.value}`, multi: [`RFC822 Name=${name.value}`] };
    case 'uniformResourceIdentifier': {
      const text = `URL=${formatUrl(name.value)}`;
      return { single: text, multi: [text] };
    }
    case 'iPAddress':
      return formatIp(name.raw);
    case 'registeredID':
      return { single: `Registered ID=${name.value}`, multi: [`Registered ID=${name.value}`] };
    case 'directoryName': {
      const items = directoryAddressItems(name.value);
      return { single: `Directory Address:${items.join(', ')}`, multi: ['Directory Address:', ...items.map((i) => indent(1) + i)] };
    }
    case 'otherName': {
      const label = otherNameNames[name.oid] ?? name.oid;
      const value = `${label}=${otherNameValue(name.oid, name.value)}`;
      return { single: `Other Name:${value}`, multi: ['Other Name:', indent(1) + value] };
    }
    case 'x400Address':
      return { single: `X400Address=${spacedHex(name.value)}`, multi: [`X400Address=${spacedHex(name.value)}`] };
    case 'ediPartyName':
      return { single: `EdiPartyName=${spacedHex(name.value)}`, multi: [`EdiPartyName=${spacedHex(name.value)}`] };
  }
}

/** A list of names: single-line ", "-joined; multi-line one entry per line (entries' own lines kept). */
export function formatGeneralNames(names: GeneralName[], level = 0): FormattedName {
  const formatted = names.map(formatGeneralName);
  return {
    single: formatted.map((f) => f.single).join(', '),
    multi: formatted.flatMap((f) => f.multi.map((l) => indent(level) + l)),
  };
}
