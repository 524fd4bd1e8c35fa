// MEBx password rules, for the passwords a setup.bin carries. Sources:
//  - Intel AMT SDK, "Valid Usernames and Passwords" (as quoted by Intel's developer blog "Intel AMT: Strong ME
//    Passwords are Required", 2007): 7-bit ASCII 32–126 without ':', ',' and '"'; at most 32 characters; at least 8;
//    at least one digit, one non-alphanumeric character, lower- and upper-case Latin letters; '_' counts as
//    alphanumeric.
//  - Intel MEBx User Guide (Intel Desktop Board DB75EN, §3.3 "Change Intel ME Password"): the default is "admin" and
//    must be changed at the first MEBx login; '_' and ' ' are valid characters that do not count towards complexity.
// Some OEM guides (HP's vPro white papers) also forbid ' < > & and space; those are allowed here, as Intel allows them.

export const FACTORY_MEBX_PASSWORD = 'admin';
export const MEBX_PASSWORD_MIN = 8;
export const MEBX_PASSWORD_MAX = 32;

const FORBIDDEN = new Set([':', ',', '"']);

/** Why `password` is not a password MEBx accepts as new (null when it is one): one sentence, the first rule broken. */
export function mebxPasswordProblem(password: string): string | null {
  const chars = [...password];
  if (chars.length < MEBX_PASSWORD_MIN || chars.length > MEBX_PASSWORD_MAX) {
    return `it is ${chars.length} characters; MEBx takes ${MEBX_PASSWORD_MIN} to ${MEBX_PASSWORD_MAX}.`;
  }
  const bad = chars.find((c) => c < ' ' || c > '~');
  if (bad !== undefined) return 'it holds a character outside 7-bit printable ASCII (MEBx is typed on a US keyboard layout).';
  const forbidden = chars.find((c) => FORBIDDEN.has(c));
  if (forbidden !== undefined) return `it holds ${JSON.stringify(forbidden)}; MEBx refuses ':', ',' and '"'.`;
  if (!/[0-9]/.test(password)) return 'it has no digit.';
  if (!/[a-z]/.test(password)) return 'it has no lower-case letter.';
  if (!/[A-Z]/.test(password)) return 'it has no upper-case letter.';
  if (!/[^A-Za-z0-9_ ]/.test(password)) return "it has no symbol such as ! @ # $ % ^ * ('_' and space do not count).";
  return null;
}

/** Why `password` cannot be the *current* password in a file (null when it can): any MEBx password is 1–32 printable ASCII. */
export function currentPasswordProblem(password: string): string | null {
  if (password.length === 0 || password.length > MEBX_PASSWORD_MAX) return `it is ${password.length} characters; a MEBx password is at most ${MEBX_PASSWORD_MAX}.`;
  if (!/^[\x20-\x7e]+$/.test(password)) return 'it holds a character outside 7-bit printable ASCII.';
  return null;
}
