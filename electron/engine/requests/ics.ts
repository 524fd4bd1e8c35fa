// iCalendar (RFC 5545) reminders for expiring certificates: CRLF line ends, content lines folded at 75
// octets (never inside a UTF-8 sequence), TEXT values escaped, one VEVENT per certificate with a VALARM.
import type { ExpiringCertificate } from '../../../shared/contract/requests';

/** RFC 5545 3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** RFC 5545 3.1: lines longer than 75 octets are split with CRLF + one space, on character boundaries. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // continuation lines start with a space, which counts
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** 20270131T120000Z */
export function icsDateTime(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Default alarms, days before expiry: 60, 30 and 1 (what rps users ask for, device-management-toolkit/rps #1171). */
export const DEFAULT_ALARM_DAYS = [60, 30, 1] as const;

export interface IcsOptions {
  now: Date;
  /** One alarm this many days before (expiring --alarm-days); default: DEFAULT_ALARM_DAYS. */
  alarmDays?: number;
}

export function expiringCalendar(certs: ExpiringCertificate[], options: IcsOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//CertDesk//Certificate expiry reminders//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:CertDesk certificate expiry',
  ];
  const stamp = icsDateTime(options.now);
  for (const cert of certs) {
    const end = new Date(cert.notAfter);
    const start = new Date(end.getTime() - 60 * 60 * 1000);
    const what = cert.role === 'leaf' ? 'AMT provisioning certificate' : 'CA certificate in a provisioning chain';
    const description = [
      `${what} ${cert.subject}`,
      `Issued by ${cert.issuer}`,
      `Expires ${cert.notAfter}`,
      `Thumbprint (SHA-1) ${cert.sha1}`,
      cert.requestIds.length ? `CertDesk request ${cert.requestIds.join(', ')}` : '',
      cert.role === 'leaf' ? 'Renew: certdesk request new, have the CA sign it, certdesk request complete, certdesk export-pfx.' : '',
    ]
      .filter(Boolean)
      .join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${cert.sha256.toLowerCase()}@certdesk`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsDateTime(start)}`,
      `DTEND:${icsDateTime(end)}`,
      `SUMMARY:${escapeText(`Certificate expires: ${cert.subject}`)}`,
      `DESCRIPTION:${escapeText(description)}`,
      'TRANSP:TRANSPARENT',
    );
    const alarms = options.alarmDays === undefined ? [...DEFAULT_ALARM_DAYS] : [options.alarmDays];
    for (const days of alarms) {
      lines.push(
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        `TRIGGER;RELATED=END:-P${days}D`,
        `DESCRIPTION:${escapeText(`Renew ${cert.subject}: it expires in ${days} day${days === 1 ? '' : 's'}`)}`,
        'END:VALARM',
      );
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
