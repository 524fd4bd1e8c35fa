// MEBx password rules, for the passwords a setup.bin carries. Sources:
//  - Intel AMT SDK, "Valid Usernames and Passwords" (as quoted by Intel's developer blog "Intel AMT: Strong ME
//    Passwords are Required", 2007): 7-bit ASCII 32–126 without ':', ',' and '"'; at most 32 characters; at least 8;
//    at least one digit, one non-alphanumeric character, lower- and upper-case Latin letters; '_' counts as
//    alphanumeric.
//  - Intel MEBx User Guide (Intel Desktop Board DB75EN, §3.3 "Change Intel ME Password"): the default is "admin" and
//    must be changed at the first MEBx login; '_' and ' ' are valid characters that do not count towards complexity.
// Some OEM guides (HP's vPro white papers) also forbid ' < > & and space; those are allowed here, as Intel allows them.

export { FACTORY_MEBX_PASSWORD, MEBX_PASSWORD_MAX, MEBX_PASSWORD_MIN, currentPasswordProblem, mebxPasswordProblem } from '../../../../shared/contract/setupbin';
