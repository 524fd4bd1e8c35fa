// The wizard's "friendly name" of a request. The contract (RequestNewInput) has no name field, so the
// renderer keeps names by request id in localStorage; the name becomes the PFX friendly name by default.
const KEY = 'certdesk.requestNames';

function readAll(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function requestName(id: string): string | undefined {
  const name = readAll()[id];
  return typeof name === 'string' && name ? name : undefined;
}

export function setRequestName(id: string, name: string): void {
  const all = readAll();
  if (name.trim()) all[id] = name.trim();
  else delete all[id];
  try {
    window.localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // Storage disabled: the name is only shown until the page reloads.
  }
}

export function forgetRequestName(id: string): void {
  setRequestName(id, '');
}

/** Views stay mounted; this event tells the Requests list and the Install wizard to reload request.list. */
export const REQUESTS_CHANGED = 'certdesk:requests-changed';

export function announceRequestsChanged(): void {
  window.dispatchEvent(new Event(REQUESTS_CHANGED));
}
