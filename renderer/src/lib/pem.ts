// "Base-64 encoded X.509 (.CER)" as Windows writes it: PEM armour, 64-character lines, CRLF.
export function derBase64ToPem(derBase64: string, label = 'CERTIFICATE', eol = '\r\n'): string {
  const body = derBase64.replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`, ''].join(eol);
}
