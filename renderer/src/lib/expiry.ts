// Days left to expiry, coloured like KeyStore Explorer / XCA: green > 90, amber ≤ 90, red ≤ 30 or expired.
export type ExpiryLevel = 'ok' | 'soon' | 'urgent';

export function expiryLevel(daysLeft: number): ExpiryLevel {
  if (daysLeft <= 30) return 'urgent';
  if (daysLeft <= 90) return 'soon';
  return 'ok';
}

export function expiryText(daysLeft: number): string {
  if (daysLeft < 0) {
    const ago = -daysLeft;
    return `Expired ${ago} day${ago === 1 ? '' : 's'} ago`;
  }
  if (daysLeft === 0) return 'Expires today';
  return `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
}
