// Which icon goes with a Windows status sentence: yellow warning for a partial chain, red X for other errors.
export type CertState = 'ok' | 'error' | 'warning';

const WARNING_TEXTS = ['Windows does not have enough information', 'The issuer of this certificate could not be found'];

export function stateOf(statusText: string | null | undefined, ok = statusText == null): CertState {
  if (ok) return 'ok';
  if (statusText && WARNING_TEXTS.some((w) => statusText.startsWith(w))) return 'warning';
  return 'error';
}
