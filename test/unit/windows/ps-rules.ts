// The static rules every shipped PowerShell script must follow, checked on the tree-sitter-powershell
// syntax tree (not on text): parse clean, StrictMode and ErrorActionPreference first, no dynamic code,
// input only from stdin, one output path.
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';

const require = createRequire(__filename);

let parser: Parser | undefined;

export async function powershellParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  // The package's wasm build (its native install script is not allowed to run here).
  const language = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
  parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

export function descendants(node: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    out.push(n);
    for (const child of n.children) if (child) walk(child);
  };
  walk(node);
  return out;
}

const where = (n: Node) => `line ${n.startPosition.row + 1}:${n.startPosition.column + 1}`;

/** ERROR and MISSING nodes anywhere in the tree. */
export function syntaxProblems(root: Node): string[] {
  return descendants(root)
    .filter((n) => n.type === 'ERROR' || n.isMissing)
    .map((n) => `${n.isMissing ? `missing ${n.type}` : 'syntax error'} at ${where(n)}: ${n.text.slice(0, 60)}`);
}

/** Commands that run strings as code, start other shells, or talk to the user instead of stdout. */
const FORBIDDEN_COMMANDS = new Set([
  'invoke-expression',
  'iex',
  'invoke-command',
  'icm',
  'start-job',
  'add-type',
  'new-module',
  'read-host',
  'write-host',
  'write-output',
  'echo',
  'write',
  'out-host',
  'out-default',
  'write-information',
  'cmd',
  'cmd.exe',
  'powershell',
  'powershell.exe',
  'pwsh',
]);

/** Environment variables a script may read (well-known folders); data never comes from the environment. */
export const ALLOWED_ENV = new Set(['env:programdata', 'env:programfiles', 'env:programfiles(x86)', 'env:systemroot', 'env:computername']);

/** Automatic variables that carry command-line or pipeline data into a script. */
const FORBIDDEN_VARIABLES = new Set(['$args', '$input', '$myinvocation']);

/** .NET members that turn text into code or read the command line / environment. */
const FORBIDDEN_MEMBERS = [/\[scriptblock\]::create/i, /::getcommandlineargs/i, /::getenvironmentvariable/i, /\.invokescript\(/i, /\.addscript\(/i, /::Load(From|File)?\(/i];

function topStatements(root: Node): Node[] {
  const list = root.namedChildren.find((c) => c?.type === 'statement_list');
  return list ? (list.namedChildren.filter((c) => c && c.type !== 'comment') as Node[]) : [];
}

export interface ScriptReport {
  problems: string[];
  functions: Map<string, string>;
}

export function checkScript(p: Parser, source: string): ScriptReport {
  const tree = p.parse(source);
  if (!tree) return { problems: ['the parser returned no tree'], functions: new Map() };
  const root = tree.rootNode;
  const nodes = descendants(root);
  const problems = [...syntaxProblems(root)];

  // Windows PowerShell 5.1 reads a BOM-less script in the ANSI code page: keep the scripts ASCII.
  // eslint-disable-next-line no-control-regex
  const nonAscii = source.search(/[^\x00-\x7f]/);
  if (nonAscii >= 0) problems.push(`non-ASCII character at offset ${nonAscii}`);

  const top = topStatements(root);
  if (!/^Set-StrictMode\s+-Version\s+Latest$/.test(top[0]?.text ?? '')) problems.push(`first statement must be "Set-StrictMode -Version Latest", found: ${top[0]?.text.slice(0, 60)}`);
  if (!/^\$ErrorActionPreference\s*=\s*'Stop'$/.test(top[1]?.text ?? '')) problems.push(`second statement must be "$ErrorActionPreference = 'Stop'", found: ${top[1]?.text.slice(0, 60)}`);
  if (root.namedChildren.some((c) => c?.type === 'param_block')) problems.push('a script-level param() block takes data from the command line; read stdin instead');

  for (const n of nodes) {
    if (n.type === 'command') {
      const name = n.namedChildren.find((c) => c?.type === 'command_name' || c?.type === 'command_name_expr');
      if (n.children.some((c) => c?.type === 'command_invokation_operator')) problems.push(`invocation operator (& or .) at ${where(n)}: ${n.text.slice(0, 60)}`);
      if (name && FORBIDDEN_COMMANDS.has(name.text.toLowerCase())) problems.push(`forbidden command ${name.text} at ${where(n)}`);
      if (name && /^(get-ciminstance|get-wmiobject|gwmi|gcim)$/i.test(name.text) && /\s-(filter|query)\b/i.test(n.text)) {
        problems.push(`WMI query string at ${where(n)}: compare in PowerShell instead`);
      }
    }
    if (n.type === 'variable') {
      const name = n.text.toLowerCase().replace(/^\$\{?|\}$/g, '');
      if (FORBIDDEN_VARIABLES.has(`$${name}`)) problems.push(`${n.text} at ${where(n)}: data comes only from stdin`);
      if (name.startsWith('env:') && !ALLOWED_ENV.has(name)) problems.push(`${n.text} at ${where(n)}: data comes only from stdin`);
    }
  }
  for (const pattern of FORBIDDEN_MEMBERS) if (pattern.test(source)) problems.push(`forbidden member ${pattern}`);

  // One way in, one way out.
  const count = (re: RegExp) => (source.match(re) ?? []).length;
  const commandCount = (name: string) =>
    nodes.filter((n) => n.type === 'command' && n.namedChildren.find((c) => c?.type === 'command_name')?.text.toLowerCase() === name.toLowerCase()).length;
  if (count(/\[Console\]::In\.ReadToEnd\(\)/g) !== 1) problems.push('must read stdin exactly once: [Console]::In.ReadToEnd()');
  if (commandCount('ConvertFrom-Json') !== 1) problems.push('exactly one ConvertFrom-Json (of stdin)');
  if (commandCount('ConvertTo-Json') !== 1) problems.push('exactly one ConvertTo-Json (the output path)');
  if (!/ConvertTo-Json\b[^\n]*-Compress\b/.test(source) || !/ConvertTo-Json\b[^\n]*-Depth\s+6\b/.test(source)) problems.push('ConvertTo-Json -Compress -Depth 6');
  if (commandCount('Write-BridgeOutput') !== 1) problems.push('exactly one Write-BridgeOutput call');
  const last = top.at(-1);
  if (!last || !/^Write-BridgeOutput \$output$/.test(last.text)) problems.push('the last statement must be "Write-BridgeOutput $output"');
  const tries = top.filter((s) => s.type === 'try_statement');
  if (tries.length !== 1) problems.push('exactly one top-level try/catch');
  else {
    const body = tries[0].namedChildren.find((c) => c?.type === 'statement_block')?.text ?? '';
    const catches = tries[0].namedChildren.find((c) => c?.type === 'catch_clauses')?.text ?? '';
    if (!body.includes('[Console]::In.ReadToEnd()')) problems.push('stdin must be read inside the top-level try');
    if (!/error\s*=\s*@\{\s*code\s*=.*;\s*message\s*=/.test(catches)) problems.push('the top-level catch must produce @{ error = @{ code = …; message = … } }');
  }

  const functions = new Map<string, string>();
  for (const n of nodes) {
    if (n.type === 'function_statement') {
      const name = n.namedChildren.find((c) => c?.type === 'function_name')?.text ?? '';
      functions.set(name, n.text);
    }
  }
  return { problems, functions };
}
