// One date format for CertDesk's own screens: the short date of the certificate dialog's General tab
// ("Valid from 11/18/2024 to 2/17/2025", en-US M/d/yyyy, local time), so a date reads the same in the dialog,
// the facts beside it, the Requests list and the wizards. The Details tab keeps Windows' long form for its
// Valid from / Valid to rows (reference/windows-cert-dialog.md §2.2): that is a field value, not a label.
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', day: 'numeric' }).format(date);
}
