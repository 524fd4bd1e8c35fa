// Fuzz inputs for the Windows bridge's output side: what a PowerShell run hands back (stdout, stderr, exit
// code, timeout, spawn error), as the executor records it. Seeds are the scripts' real answers (the shapes
// of test/unit/windows/handlers.test.ts and the scripts' Write-BridgeOutput documents, verify with the openssl
// seed chain); the mutations are JSON-aware (keys dropped/renamed, wrong types, nulls, huge numbers, arrays
// vs objects, PowerShell 5.1's { value, Count } and unwrapped one-element arrays, deep nesting, long and odd
// strings, the secret), then the layout of the text (BOM, CRLF, lines before/after, two documents, pretty
// print, truncation, UTF-16 or code-page bytes read as UTF-8), then the file byte mutators.
// An input is stored as JSON: { request, exec } (the contract input minus secrets, and the ExecResult), so a
// crasher file is readable and replays exactly. The worker side (reading an input back) is powershell-input.ts:
// this module builds fast-check arbitraries, which the workers never need to load.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { ExecResult } from '../electron/engine/windows/executor';
import { applyByteEdit, byteEdit, type ByteEdit } from './arbitraries';
import { PS_PFX_BASE64, PS_SECRET, PS_SECRET_SPACED, type PsRecording, type WindowsOperationName } from './powershell-input';
import type { Seed } from './seeds';
import type { FuzzInput } from './types';

const THUMB = '0123456789ABCDEF0123456789ABCDEF01234567';
const DNS_SUFFIXES = ['corp.example.com', 'example.com'];

/** The contract inputs (secrets excluded: the target adds password/contentBase64 from the context). */
const REQUESTS: Record<WindowsOperationName, Record<string, unknown>[]> = {
  'store.import': [{ fileName: 'prov.pfx' }, {}, { exportable: true }],
  'service.list': [{}, { all: true }],
  'acl.show': [{ thumbprint: THUMB, service: 'AMTconfig' }, { thumbprint: THUMB, account: 'CORP\\svc-scs' }, { thumbprint: THUMB }],
  'acl.grant': [{ thumbprint: THUMB, service: 'AMTconfig' }, { thumbprint: THUMB, account: 'NT SERVICE\\AMTconfig' }],
  verify: [
    { thumbprint: THUMB, service: 'AMTconfig', dnsSuffixes: DNS_SUFFIXES },
    { thumbprint: THUMB, account: 'CORP\\svc-scs' },
    { thumbprint: THUMB },
  ],
  'association.detect': [{ thumbprint: THUMB }, {}],
  'association.launch': [{}],
  'elevation.check': [{}],
};

// ---------------------------------------------------------------- seeds: the scripts' answers

const MODULE_MISSING =
  '{"error":{"code":"internal","message":"A shared CertDesk PowerShell module (CertDesk.*.ps1, beside this script) is missing or could not be loaded. Reinstall CertDesk."}}';

const errorDoc = (code: string, message: string) => ({ error: { code, message } });
const ERRORS = [
  errorDoc('not-elevated', 'Importing into the Local Computer certificate store needs administrator rights, and this PowerShell is not elevated.'),
  errorDoc('not-found', `No certificate with thumbprint ${THUMB} in LocalMachine\\My.`),
  errorDoc('wrong-password', 'The PFX password is not correct.'),
  errorDoc('unreadable', 'The PFX could not be read: ASN1 bad tag value met.'),
  errorDoc('unsupported-format', 'The private key is not an RSA key (AMT needs RSA).'),
  errorDoc('usage', 'The request is missing the thumbprint.'),
  errorDoc('cancelled', 'The operation was canceled by the user.'),
  errorDoc('powershell-failed', 'Exception calling "Import" with "3" argument(s): "An internal error occurred."'),
  errorDoc('EvilCode', 'boom'),
  { error: { code: 'forbidden' } },
];

const key = (provider: 'CNG' | 'CAPI') =>
  provider === 'CNG'
    ? { thumbprint: THUMB.toLowerCase(), subject: 'CN=prov.corp.example.com, OU=Intel(R) Client Setup Certificate, O=corp.example.com', provider, providerName: 'Microsoft Software Key Storage Provider', uniqueName: 'u1', keyFile: 'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\u1' }
    : { thumbprint: THUMB, subject: 'CN=prov', provider, providerName: 'Microsoft RSA SChannel Cryptographic Provider', uniqueName: 'abc_123', keyFile: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\abc_123' };
const RULES = [
  { identity: 'NT AUTHORITY\\SYSTEM', sid: 'S-1-5-18', rights: 'FullControl', type: 'Allow', inherited: false, read: true },
  { identity: 'BUILTIN\\Administrators', sid: 'S-1-5-32-544', rights: 'FullControl', type: 'Allow', inherited: false, read: true },
  { identity: 'NT SERVICE\\AMTconfig', sid: 'S-1-5-80-1', rights: 'Read, Synchronize', type: 'Allow', inherited: false, read: true },
  { identity: 'CORP\\svc-scs', sid: 'S-1-5-21-1-2-3-1105', rights: 'Read', type: 'Deny', inherited: true, read: true },
];
const ACCESS = [
  { name: 'NT SERVICE\\AMTconfig', sid: 'S-1-5-80-1', kind: 'virtual', canRead: true, via: 'NT SERVICE\\AMTconfig: Read, Synchronize', basis: 'well-known' },
  { name: 'CORP\\svc-scs', sid: 'S-1-5-21-1-2-3-1105', kind: 'domain', canRead: false, via: null, basis: 'token' },
  { name: 'CORP\\gone', sid: null, kind: 'unknown', message: 'The account CORP\\gone does not resolve on this machine.', canRead: false, via: null, basis: 'well-known' },
];
const SERVICE = { name: 'AMTconfig', displayName: 'Intel(R) AMT Configuration', state: 'Running', startMode: 'Auto', account: { name: 'NT SERVICE\\AMTconfig', sid: 'S-1-5-80-1', kind: 'virtual' }, matched: true, pathName: 'C:\\Program Files\\Intel\\AMTConfServer\\AMTConfig.exe' };
const LOADCERT = 'C:\\Program Files\\Intel\\AMTConfServer\\Tools\\LoadCert.exe';

/** The leaf, intermediate and root of the openssl seed chain, as verify.ps1 describes chain elements. */
function chainElements(seeds: readonly Seed[]): Record<string, unknown>[] {
  const pem = seeds.find((s) => s.name === 'pem-chain-crlf');
  return (pem?.blocks ?? []).map((block, i) => ({
    thumbprint: createHash('sha1').update(block.der).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(block.der).digest('hex').toUpperCase(),
    subject: ['CN=prov.corp.example.com', 'CN=Fuzz Intermediate', 'CN=Fuzz Root'][i] ?? 'CN=?',
    status: [],
    rawBase64: block.der.toString('base64'),
  }));
}

/** Each operation's realistic answers (its own error documents included). */
export function answerSeeds(seeds: readonly Seed[]): Record<WindowsOperationName, unknown[]> {
  const chain = chainElements(seeds);
  const verify = (over: Record<string, unknown> = {}) => ({
    thumbprint: chain[0]?.thumbprint ?? THUMB,
    store: 'LocalMachine\\My',
    found: true,
    hasPrivateKey: true,
    keyError: null,
    key: key('CNG'),
    certificateBase64: chain[0]?.rawBase64 ?? null,
    chain: { built: true, status: [], elements: chain },
    account: ACCESS[0],
    service: 'AMTconfig',
    ...over,
  });
  const imported = (thumbprint: string, store: string, hasPrivateKey: boolean, action: string) => ({ thumbprint, subject: 'CN=prov', issuer: 'CN=CA', store, hasPrivateKey, action });
  const certificates = [imported(THUMB.toLowerCase(), 'LocalMachine\\My', true, 'added'), imported('AB'.repeat(20), 'LocalMachine\\CA', false, 'already-present'), imported('CD'.repeat(20), 'LocalMachine\\Root', false, 'replaced')];
  return {
    'store.import': [
      { exportable: false, certificates, keyThumbprint: THUMB },
      { exportable: true, certificates: certificates[0], keyThumbprint: null },
      { exportable: false, certificates: { value: certificates, Count: 3 }, keyThumbprint: THUMB },
      { exportable: false, certificates: [], keyThumbprint: null },
      ERRORS[0],
      ERRORS[2],
      ERRORS[3],
    ],
    'service.list': [
      { all: false, patterns: ['AMTconfig*', '*AMT*', '*Intel*SCS*'], services: [SERVICE] },
      { all: false, patterns: { value: ['*AMT*'], Count: 1 }, services: { value: [SERVICE], Count: 1 } },
      { all: true, patterns: '*AMT*', services: SERVICE },
      { all: true, patterns: [], services: [SERVICE, { ...SERVICE, name: 'Spooler', displayName: 'Print Spooler', matched: false, account: { name: '', sid: null, kind: 'unknown', message: 'The service has no logon account (StartName).' }, pathName: '' }] },
    ],
    'acl.show': [
      { key: key('CNG'), owner: 'BUILTIN\\Administrators', rules: RULES, service: 'AMTconfig', account: ACCESS[0] },
      { key: key('CAPI'), owner: 'BUILTIN\\Administrators', rules: RULES[0], account: ACCESS[1] },
      { key: key('CNG'), owner: null, rules: { value: RULES.slice(0, 2), Count: 2 } },
      ERRORS[0],
      ERRORS[1],
      ERRORS[4],
    ],
    'acl.grant': [
      { key: key('CAPI'), service: 'AMTconfig', account: ACCESS[0], before: RULES[1], after: [RULES[1], RULES[2]], changed: true, verified: true },
      { key: key('CNG'), account: ACCESS[1], before: RULES, after: RULES, changed: false, verified: true },
      errorDoc('not-found', 'The account CORP\\gone does not resolve on this machine.'),
    ],
    verify: [
      verify(),
      verify({ chain: { built: false, status: ['PartialChain'], elements: chain.slice(0, 2).map((e) => ({ ...e, status: ['PartialChain'] })) } }),
      verify({ key: null, keyError: 'The CNG key file u1 was not found', account: null }),
      verify({ hasPrivateKey: false, key: null, account: null, service: null, chain: { built: true, status: 'NotTimeValid', elements: chain[0] ?? null } }),
      verify({ account: ACCESS[2] }),
      { thumbprint: THUMB, found: false, hasPrivateKey: false, key: null, chain: null, account: null },
      ERRORS[1],
    ],
    'association.detect': [
      { loadCert: { found: true, path: LOADCERT, fileVersion: '3.3.0.1', searched: [LOADCERT, LOADCERT.replace('Program Files', 'Program Files (x86)')] } },
      { loadCert: { found: false, path: null, fileVersion: null, searched: LOADCERT } },
    ],
    'association.launch': [{ launched: true, path: LOADCERT, processId: 4242 }, { launched: false, path: LOADCERT, processId: null }, ERRORS[6]],
    'elevation.check': [
      { elevated: false, user: 'CORP\\admin', userSid: 'S-1-5-21-1-2-3-500', psVersion: '5.1.17763.1', osVersion: 'Microsoft Windows NT 10.0.17763.0' },
      { elevated: true, user: 'WIN-SRV\\Administrator', userSid: 'S-1-5-21-9-8-7-500', psVersion: '5.1.20348.2849', osVersion: 'Microsoft Windows NT 10.0.20348.0' },
    ],
  };
}

// ---------------------------------------------------------------- JSON trees (keys kept in order, __proto__ included)

/** A JSON value as written: object entries in order (duplicates allowed), array items, or raw literal text. */
export type J = { o: [string, J][] } | { a: J[] } | { r: string };

export function toJ(value: unknown): J {
  if (Array.isArray(value)) return { a: value.map(toJ) };
  if (value && typeof value === 'object') return { o: Object.entries(value).map(([k, v]) => [k, toJ(v)]) };
  return { r: JSON.stringify(value ?? null) };
}

export function writeJ(node: J, indent?: string, depth = 0): string {
  // Iterative enough for the depths used here; deep nests are built as text below.
  const pad = indent === undefined ? '' : '\n' + indent.repeat(depth + 1);
  const end = indent === undefined ? '' : '\n' + indent.repeat(depth);
  const colon = indent === undefined ? ':' : ':  ';
  if ('r' in node) return node.r;
  if ('a' in node) return node.a.length ? `[${node.a.map((item) => pad + writeJ(item, indent, depth + 1)).join(',')}${end}]` : '[]';
  return node.o.length ? `{${node.o.map(([k, v]) => `${pad}${JSON.stringify(k)}${colon}${writeJ(v, indent, depth + 1)}`).join(',')}${end}}` : '{}';
}

interface Placed {
  node: J;
  set: (value: J) => void;
  remove: () => void;
  rename?: (key: string) => void;
}

function placements(root: J, setRoot: (value: J) => void): Placed[] {
  const out: Placed[] = [{ node: root, set: setRoot, remove: () => setRoot({ r: 'null' }) }];
  const walk = (node: J) => {
    if ('o' in node) {
      node.o.forEach((entry, i) => {
        out.push({ node: entry[1], set: (value) => (node.o[i] = [node.o[i][0], value]), remove: () => node.o.splice(i, 1), rename: (k) => (node.o[i] = [k, node.o[i][1]]) });
        walk(entry[1]);
      });
    } else if ('a' in node) {
      node.a.forEach((item, i) => {
        out.push({ node: item, set: (value) => (node.a[i] = value), remove: () => node.a.splice(i, 1) });
        walk(item);
      });
    }
  };
  walk(root);
  return out;
}

const cloneJ = (node: J): J => ('r' in node ? { r: node.r } : 'a' in node ? { a: node.a.map(cloneJ) } : { o: node.o.map(([k, v]) => [k, cloneJ(v)]) });

export type JsonEdit =
  | { op: 'drop'; at: number }
  | { op: 'rename'; at: number; key: string }
  | { op: 'replace'; at: number; value: J }
  | { op: 'insert'; at: number; key: string; value: J }
  | { op: 'wrap-array'; at: number }
  | { op: 'unwrap'; at: number }
  | { op: 'ps-array'; at: number; count: number }
  | { op: 'as-string'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'nest'; at: number; depth: number; array: boolean };

function applyJsonEdit(root: J, edit: JsonEdit): J {
  let result = root;
  const placed = placements(root, (value) => (result = value));
  const { node, set, remove, rename } = placed[edit.at % placed.length];
  switch (edit.op) {
    case 'drop':
      remove();
      break;
    case 'rename':
      rename?.(edit.key);
      break;
    case 'replace':
      set(cloneJ(edit.value));
      break;
    case 'insert':
      if ('o' in node) node.o.splice(edit.at % (node.o.length + 1), 0, [edit.key, cloneJ(edit.value)]);
      else if ('a' in node) node.a.push(cloneJ(edit.value));
      break;
    case 'wrap-array':
      set({ a: [node] });
      break;
    case 'unwrap':
      if ('a' in node) set(node.a[0] ?? { r: 'null' });
      else if ('o' in node) set(node.o[0]?.[1] ?? { r: 'null' });
      break;
    case 'ps-array':
      set({ o: [['value', 'a' in node ? node : { a: [node] }], ['Count', { r: String(edit.count) }]] });
      break;
    case 'as-string':
      // Numbers, booleans and whole objects as strings (what a [string] cast or a double ConvertTo-Json does).
      set({ r: JSON.stringify('r' in node && node.r.startsWith('"') ? node.r.slice(1, -1) : writeJ(node)) });
      break;
    case 'duplicate':
      if ('o' in node && node.o.length) node.o.push([node.o[0][0], cloneJ(node.o[node.o.length - 1][1])]);
      else if ('a' in node && node.a.length) node.a.push(...node.a.map(cloneJ));
      break;
    case 'nest': {
      // Built as raw text so the serialiser does not recurse thousands of levels.
      const inner = writeJ(node);
      const [open, close] = edit.array ? ['[', ']'] : ['{"value":', '}'];
      set({ r: open.repeat(edit.depth) + inner + close.repeat(edit.depth) });
      break;
    }
  }
  return result;
}

// ---------------------------------------------------------------- arbitraries

const KEYS = [
  'error', 'code', 'message', 'toString', 'valueOf', '__proto__', 'constructor', 'hasOwnProperty', 'toJSON', 'Count', 'value', 'length',
  'thumbprint', 'certificates', 'keyThumbprint', 'services', 'account', 'key', 'rules', 'before', 'after', 'chain', 'elements', 'status',
  'found', 'hasPrivateKey', 'keyError', 'loadCert', 'path', 'searched', 'processId', 'sid', 'kind', 'canRead', 'via', 'name', 'built', 'rawBase64',
];
const keyName = fc.oneof({ arbitrary: fc.constantFrom(...KEYS), weight: 4 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 });

const str = (text: string): J => ({ r: JSON.stringify(text) });
const SECRET_TOKEN = '@@SECRET@@';
const PFX_TOKEN = '@@PFX@@';

/** Values PowerShell 5.1 (or a broken script) writes where something else was expected. */
const interestingValue: fc.Arbitrary<J> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<J>(
    { r: 'null' }, { r: 'true' }, { r: 'false' }, { r: '0' }, { r: '-1' }, { r: '0.5' }, { r: '-0' }, { r: '1e308' }, { r: '1e400' }, { r: '-1e400' },
    { r: '4294967296' }, { r: '123456789012345678901234567890' }, { r: '1E-400' },
    str(''), str('1'), str('True'), str('False'), str('null'), str('4242'),
    { r: '"\\/Date(1700000000000)\\/"' }, { r: '"\\/Date(-62135596800000+0100)\\/"' },
    str('A'.repeat(100_000)), str('\u0000\u001b[31m\r\n\t'), str('\u202e\u200e'), { r: '"\\ud800"' }, str('\u{1F600}é漢'),
    str(SECRET_TOKEN), str(`Exception: password '${SECRET_TOKEN}' was rejected`), str(PFX_TOKEN),
    { a: [] }, { o: [] }, { o: [['value', { a: [] }], ['Count', { r: '0' }]] }, { o: [['toString', { r: '1' }]] }, { o: [['valueOf', str('x')]] },
    { o: [['__proto__', { o: [['found', { r: 'true' }]] }]] },
    { o: [['error', { o: [['code', str('not-elevated')], ['message', str(`needs admin ${SECRET_TOKEN}`)]] }]] },
    { o: [['error', { o: [['code', str('internal')], ['message', str('boom')]] }]] },
    { o: [['error', str('not-found')]] }, { o: [['error', { r: 'null' }]] }, { o: [['error', { o: [['code', { o: [['toString', { r: '1' }]] }]] }]] },
  ) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }).map(toJ) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }).map(str) },
  { weight: 1, arbitrary: fc.double().map((n) => ({ r: Number.isFinite(n) ? JSON.stringify(n) : '1e999' })) },
);

const at = fc.nat();
export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at }),
  fc.record({ op: fc.constant('rename' as const), at, key: keyName }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at, value: interestingValue }) },
  fc.record({ op: fc.constant('insert' as const), at, key: keyName, value: interestingValue }),
  fc.record({ op: fc.constant('wrap-array' as const), at }),
  fc.record({ op: fc.constant('unwrap' as const), at }),
  fc.record({ op: fc.constant('ps-array' as const), at, count: fc.integer({ min: -1, max: 5 }) }),
  fc.record({ op: fc.constant('as-string' as const), at }),
  fc.record({ op: fc.constant('duplicate' as const), at }),
  fc.record({ op: fc.constant('nest' as const), at, depth: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 500, max: 20_000 })), array: fc.boolean() }),
);

const PROFILE_LINES = [
  'Loading personal and system profiles took 1234ms.',
  'WARNING: The names of some imported commands from the module include unapproved verbs.',
  '   ',
  '{',
  'True',
  `Password: ${SECRET_TOKEN}`,
  '#< CLIXML',
];

const PROGRESS_CLIXML =
  '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS><I64 N="SourceId">1</I64><PR N="Record"><AV>Preparing modules for first use.</AV><AI>0</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj></Objs>';
const ERROR_CLIXML = `#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj S="progress" RefId="0"></Obj><S S="Error">Exception calling "Import" with "3" argument(s): "${SECRET_TOKEN}"_x000D__x000A_</S><S S="Error">At C:\\Program Files\\CertDesk\\resources\\app.asar.unpacked\\electron\\engine\\windows\\scripts\\import-pfx.ps1:97 char:9_x000D__x000A_</S></Objs>`;

export type StderrChoice =
  | { kind: 'text'; text: string }
  | { kind: 'repeat'; unit: string; times: number };

const stderrChoice: fc.Arbitrary<StderrChoice> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<StderrChoice>({ kind: 'text', text: '' }) },
  { weight: 3, arbitrary: fc.constantFrom(PROGRESS_CLIXML, `\ufeff${PROGRESS_CLIXML}\r\n`, PROGRESS_CLIXML + PROGRESS_CLIXML.slice(9), PROGRESS_CLIXML.slice(0, 200)).map((text): StderrChoice => ({ kind: 'text', text })) },
  { weight: 2, arbitrary: fc.constantFrom(ERROR_CLIXML, ERROR_CLIXML.replace(/<\/S>/g, ''), '#< CLIXML', '#< CLIXML\r\n<Objs></Objs>', `At line:1 char:1\r\n+ ${SECRET_TOKEN}\r\n    + CategoryInfo          : NotSpecified: (:) [], MethodInvocationException`, 'WARNING: something').map((text): StderrChoice => ({ kind: 'text', text })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), unit: fc.constantFrom('<Obj S="progress">', '<S S="Error">x', '<S S="Error">', '_x000D_', ' \r\n', SECRET_TOKEN), times: fc.integer({ min: 1, max: 20_000 }) }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60, unit: 'binary' }).map((text): StderrChoice => ({ kind: 'text', text })) },
);

export interface Layout {
  bom: boolean;
  eol: '' | '\n' | '\r\n';
  before: string[];
  after: string[];
  /** The document twice (or followed by an error document), as two lines. */
  twice: 'no' | 'same' | 'error';
  pretty: boolean;
  /** Cut the text at this fraction (0..1000 per mille) of its length. */
  truncate: number | null;
  encoding: 'utf8' | 'utf16le' | 'latin1';
  /** Console wrapping: a line break every this many characters of stdout and stderr (a host writing at 80 columns). */
  wrap: number | null;
}

const layout: fc.Arbitrary<Layout> = fc.record({
  bom: fc.boolean(),
  eol: fc.constantFrom<Layout['eol']>('', '\n', '\r\n', '\r\n'),
  before: fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...PROFILE_LINES), fc.string({ maxLength: 30 })), { minLength: 1, maxLength: 3 }) }),
  after: fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(fc.constantFrom('', '\r', ' ', ...PROFILE_LINES), { minLength: 1, maxLength: 3 }) }),
  twice: fc.oneof({ weight: 8, arbitrary: fc.constant<Layout['twice']>('no') }, { weight: 1, arbitrary: fc.constantFrom<Layout['twice']>('same', 'error') }),
  pretty: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  truncate: fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 1000 }) }),
  encoding: fc.oneof({ weight: 10, arbitrary: fc.constant<Layout['encoding']>('utf8') }, { weight: 1, arbitrary: fc.constantFrom<Layout['encoding']>('utf16le', 'latin1') }),
  wrap: fc.oneof({ weight: 10, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 3, max: 120 }) }),
});

export interface PsCase {
  /** Index into the answer pool (this operation's answers, weighted, then every operation's). */
  answer: number;
  own: boolean;
  request: number;
  json: JsonEdit[];
  /** False: a clean run (exit 0, one CRLF-terminated line, nothing on stderr), so JSON edits reach the result shaping. */
  noisy: boolean;
  layout: Layout;
  bytes: ByteEdit[];
  stderr: StderrChoice;
  exitCode: number | null;
  timedOut: boolean;
  spawnError: { code?: string; message: string } | null;
  secret: string;
}

export function psCases(): fc.Arbitrary<PsCase> {
  return fc.record({
    answer: fc.nat(),
    own: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    request: fc.nat(),
    json: fc.oneof({ weight: 1, arbitrary: fc.constant<JsonEdit[]>([]) }, { weight: 3, arbitrary: fc.array(jsonEdit, { minLength: 1, maxLength: 4 }) }),
    noisy: fc.boolean(),
    layout,
    bytes: fc.oneof({ weight: 4, arbitrary: fc.constant<ByteEdit[]>([]) }, { weight: 1, arbitrary: fc.array(byteEdit, { minLength: 1, maxLength: 3 }) }),
    stderr: stderrChoice,
    exitCode: fc.oneof({ weight: 10, arbitrary: fc.constant<number | null>(0) }, { weight: 2, arbitrary: fc.constantFrom<number | null>(1, null, -1, 3, 0xc0000005, -1073741510, 2 ** 31) }),
    timedOut: fc.oneof({ weight: 20, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    spawnError: fc.oneof(
      { weight: 30, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.record({ code: fc.constantFrom('ENOENT', 'EACCES', 'EPERM', 'E2BIG', 'UNKNOWN'), message: fc.constantFrom('spawn ENOENT', `spawn failed ${SECRET_TOKEN}`, '') }) },
      { weight: 1, arbitrary: fc.record({ message: fc.string({ maxLength: 30 }) }) },
    ),
    secret: fc.oneof({ weight: 4, arbitrary: fc.constant(PS_SECRET) }, { weight: 1, arbitrary: fc.constant(PS_SECRET_SPACED) }),
  });
}

const fill = (text: string, secret: string): string => text.split(SECRET_TOKEN).join(secret).split(PFX_TOKEN).join(PS_PFX_BASE64);

function stdoutText(doc: J, c: PsCase): string {
  const { layout: l } = c;
  const eol = l.eol || '\n';
  let body = l.pretty ? writeJ(doc, '    ').replace(/\n/g, eol) : writeJ(doc);
  if (l.twice === 'same') body += eol + body;
  else if (l.twice === 'error') body += eol + MODULE_MISSING;
  let text = [...l.before, body, ...l.after].join(eol) + l.eol;
  if (l.bom) text = '\ufeff' + text;
  if (l.truncate !== null) text = text.slice(0, Math.floor((text.length * l.truncate) / 1000));
  return wrapLines(fill(text, c.secret), l.wrap);
}

const wrapLines = (text: string, width: number | null): string => (width === null ? text : (text.match(new RegExp(`[^]{1,${width}}`, 'g')) ?? []).join('\r\n'));

function encode(text: string, encoding: Layout['encoding']): Buffer {
  if (encoding === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/^\ufeff/, ''), 'utf16le')]);
  return Buffer.from(text, encoding);
}

/** The input a case stands for. Pure: the same case always makes the same input. */
const CLEAN: Pick<PsCase, 'layout' | 'bytes' | 'stderr' | 'exitCode' | 'timedOut' | 'spawnError'> = {
  layout: { bom: false, eol: '\r\n', before: [], after: [], twice: 'no', pretty: false, truncate: null, encoding: 'utf8', wrap: null },
  bytes: [],
  stderr: { kind: 'text', text: '' },
  exitCode: 0,
  timedOut: false,
  spawnError: null,
};

export function buildPsInput(fuzzCase: PsCase, operation: WindowsOperationName, pool: Record<WindowsOperationName, unknown[]>): FuzzInput {
  const c = fuzzCase.noisy ? fuzzCase : { ...fuzzCase, ...CLEAN };
  const own = pool[operation];
  const all = Object.values(pool).flat();
  const answers = c.own ? own : all;
  let doc = toJ(answers[c.answer % answers.length]);
  for (const edit of c.json) doc = applyJsonEdit(doc, edit);
  let bytes = encode(stdoutText(doc, c), c.layout.encoding);
  const others = all.map((answer) => ({ raw: Buffer.from(JSON.stringify(answer)) }));
  for (const edit of c.bytes) bytes = applyByteEdit(Buffer.from(bytes), edit, others);
  const stderr = c.stderr.kind === 'text' ? c.stderr.text : c.stderr.unit.repeat(c.stderr.times);
  const exec: ExecResult = {
    exitCode: c.spawnError ? null : c.exitCode,
    // The executor decodes both streams as UTF-8, whatever PowerShell wrote.
    stdout: bytes.toString('utf8'),
    stderr: wrapLines(fill(stderr, c.secret), c.layout.wrap),
    timedOut: c.timedOut,
    ...(c.spawnError ? { spawnError: { ...c.spawnError, message: fill(c.spawnError.message, c.secret) } } : {}),
  };
  const requests = REQUESTS[operation];
  const recording: PsRecording = { request: requests[c.request % requests.length], exec };
  return { bytes: Buffer.from(JSON.stringify(recording)), password: c.secret, dnsSuffixes: [], trustRootHashes: [], json: false };
}
