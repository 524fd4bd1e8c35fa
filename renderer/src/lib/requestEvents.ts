// Views stay mounted: this event tells the Requests list and the Install wizard to reload request.list
// after a change made elsewhere (a new request from the wizard).
export const REQUESTS_CHANGED = 'certdesk:requests-changed';

export function announceRequestsChanged(): void {
  window.dispatchEvent(new Event(REQUESTS_CHANGED));
}
