// One date format for CertDesk's own screens: the short date of the certificate dialog's General tab
// ("Valid from 11/18/2024 to 2/17/2025", en-US M/d/yyyy, local time), so a date reads the same in the dialog,
// the facts beside it, the Requests list and the wizards. The Details tab keeps Windows' long form for its
// Valid from / Valid to rows (reference/windows-cert-dialog.md §2.2): that is a field value, not a label.

/** A bare calendar day: the engine's texts name the UTC day ("expires on 2027-11-25"), with no instant to localise. */
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // new Date('2027-11-25') is UTC midnight: in local time west of Greenwich that would print the day before.
  // A formatter per call: one made at load would keep the time zone of that moment (a laptop that travels).
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', day: 'numeric', ...(CALENDAR_DAY.test(iso) ? { timeZone: 'UTC' } : {}) }).format(date);
}

/** An ISO 8601 date, or date and time, inside a sentence (the engine's readiness messages and fixes). */
const ISO_IN_TEXT = /\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w-])/g;

/** `text` with each ISO date written in the one format (the engine's sentences reach the screen through this). */
export function formatDatesIn(text: string): string {
  return text.replace(ISO_IN_TEXT, (match) => formatDate(match));
}

/** The one format, whole: what every date on CertDesk's own screens must look like. */
export const ONE_DATE_FORMAT = /^\d{1,2}\/\d{1,2}\/\d{4}$/;
