// expiring: the stored certificates that expire within N days, optionally as an iCalendar file.
import type { ExpiringCertificate, ExpiringInput, ExpiringResult } from '../../../shared/contract/requests';
import { database } from './context';
import type { CertificateRow } from './db';
import { expiringCalendar } from './ics';
import { DAY, daysLeft } from './records';

export async function expiringOp(input: ExpiringInput): Promise<ExpiringResult> {
  const days = input.days ?? 60;
  const now = new Date();
  const db = database();
  const limit = new Date(now.getTime() + days * DAY).toISOString();
  const rows = db.prepare('SELECT * FROM certificates WHERE not_after <= ? ORDER BY not_after, sha256').all(limit) as CertificateRow[];
  const certificates: ExpiringCertificate[] = rows.map((c) => {
    const ids = db
      .prepare('SELECT id FROM requests WHERE leaf_sha256 = ? UNION SELECT request_id FROM request_chain WHERE cert_sha256 = ? ORDER BY 1')
      .all(c.sha256, c.sha256) as { id: string }[];
    return {
      sha1: c.sha1,
      sha256: c.sha256,
      subject: c.subject,
      issuer: c.issuer,
      role: c.role,
      notAfter: c.not_after,
      daysLeft: daysLeft(c.not_after, now),
      requestIds: ids.map((r) => r.id),
    };
  });
  const result: ExpiringResult = { days, now: now.toISOString(), certificates };
  if (input.ics) result.ics = expiringCalendar(certificates, { now, alarmDays: input.alarmDays });
  return result;
}
