// The PFX password hint: a simple estimate (length and character classes), explained in words. It is a hint,
// not a gate: only "empty" and "the two boxes differ" block the export.

export type Strength = 'empty' | 'weak' | 'fair' | 'strong';

export interface StrengthHint {
  strength: Strength;
  /** 0..4 for a meter. */
  score: number;
  text: string;
}

export function passwordStrength(password: string): StrengthHint {
  if (!password) return { strength: 'empty', score: 0, text: 'Enter a password: an empty PFX password is refused.' };
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const length = [...password].length;
  if (length < 8 || (length < 12 && classes < 3)) {
    return { strength: 'weak', score: 1, text: 'Weak: use at least 12 characters, or a few unrelated words. The PFX holds the private key; anyone with the file can try passwords offline.' };
  }
  if (length >= 16 || (length >= 12 && classes >= 3)) {
    return { strength: 'strong', score: 4, text: 'Strong: long enough to resist offline guessing.' };
  }
  return { strength: 'fair', score: 2, text: 'Fair: longer is better (16+ characters, or 12+ mixing letters, digits and symbols).' };
}

export type PasswordPairProblem = 'empty' | 'mismatch' | null;

export function passwordPairProblem(first: string, second: string): PasswordPairProblem {
  if (!first) return 'empty';
  if (first !== second) return 'mismatch';
  return null;
}
