// The static rules every shipped PowerShell file must follow, checked on the tree-sitter-powershell syntax
// tree (not on text). Both kinds of file: parse clean, StrictMode and ErrorActionPreference first, ASCII,
// no dynamic code, no data from the command line or the environment. A script (one operation) also: loads
// its shared modules only by fixed names from its own folder, reads stdin once, has one output path. A module
// (CertDesk.*.ps1, dot-sourced by the scripts) also: defines functions and nothing else, loads nothing,
// reads no input.
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
  'import-module',
  'ipmo',
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

/**
 * The one way a script loads code: a module of the table, by a fixed name joined to the script's own folder.
 * Nothing from the input, the environment or the working directory takes part in the path.
 */
export const DOT_SOURCE = /^\. \(Join-Path -Path \$PSScriptRoot -ChildPath '(CertDesk\.[A-Za-z]+\.ps1)'\)$/;

/** What the module loader's catch prints when a module is missing or broken (no Write-BridgeOutput then). */
const FALLBACK_LINE = /^\[Console\]::Out\.WriteLine\('([^']*)'\)$/;

function topStatements(root: Node): Node[] {
  const list = root.namedChildren.find((c) => c?.type === 'statement_list');
  return list ? (list.namedChildren.filter((c) => c && c.type !== 'comment') as Node[]) : [];
}

/** The statements of a try's body or of its (first) catch block, comments left out. */
function blockStatements(tryNode: Node, part: 'try' | 'catch'): Node[] {
  const block =
    part === 'try'
      ? tryNode.namedChildren.find((c) => c?.type === 'statement_block')
      : tryNode.namedChildren.find((c) => c?.type === 'catch_clauses')?.namedChildren.find((c) => c?.type === 'catch_clause')?.namedChildren.find((c) => c?.type === 'statement_block');
  const list = block?.namedChildren.find((c) => c?.type === 'statement_list');
  return list ? (list.namedChildren.filter((c) => c && c.type !== 'comment') as Node[]) : [];
}

const commandName = (n: Node) => n.namedChildren.find((c) => c?.type === 'command_name' || c?.type === 'command_name_expr')?.text ?? '';
const isInvocation = (n: Node) => n.type === 'command' && n.children.some((c) => c?.type === 'command_invokation_operator');

export interface FileReport {
  problems: string[];
  /** Functions defined in the file: name (lower case) → text. */
  functions: Map<string, string>;
  /** Commands the file calls by name (lower case). */
  calls: Set<string>;
  /** Which function each ConvertTo-Json sits in ('' at top level). */
  convertToJson: string[];
}

export interface ScriptReport extends FileReport {
  /** The modules the script dot-sources, in order. */
  modules: string[];
}

interface Parsed {
  root: Node;
  nodes: Node[];
  top: Node[];
  report: FileReport;
}

/** The rules every .ps1 follows, script or module. */
function checkFile(p: Parser, source: string): Parsed | FileReport {
  const tree = p.parse(source);
  const report: FileReport = { problems: [], functions: new Map(), calls: new Set(), convertToJson: [] };
  if (!tree) return { ...report, problems: ['the parser returned no tree'] };
  const root = tree.rootNode;
  const nodes = descendants(root);
  const problems = report.problems;
  problems.push(...syntaxProblems(root));

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
      const name = commandName(n);
      if (name && FORBIDDEN_COMMANDS.has(name.toLowerCase())) problems.push(`forbidden command ${name} at ${where(n)}`);
      if (/^(get-ciminstance|get-wmiobject|gwmi|gcim)$/i.test(name) && /\s-(filter|query)\b/i.test(n.text)) {
        problems.push(`WMI query string at ${where(n)}: compare in PowerShell instead`);
      }
      if (n.namedChildren.some((c) => c?.type === 'command_name')) report.calls.add(name.toLowerCase());
      if (name.toLowerCase() === 'convertto-json') {
        let up: Node | null = n.parent;
        while (up && up.type !== 'function_statement') up = up.parent;
        report.convertToJson.push(up?.namedChildren.find((c) => c?.type === 'function_name')?.text.toLowerCase() ?? '');
        if (!/-Compress\b/.test(n.text) || !/-Depth\s+6\b/.test(n.text)) problems.push(`ConvertTo-Json -Compress -Depth 6 at ${where(n)}`);
      }
    }
    if (n.type === 'variable') {
      const name = n.text.toLowerCase().replace(/^\$\{?|\}$/g, '');
      if (FORBIDDEN_VARIABLES.has(`$${name}`)) problems.push(`${n.text} at ${where(n)}: data comes only from stdin`);
      if (name.startsWith('env:') && !ALLOWED_ENV.has(name)) problems.push(`${n.text} at ${where(n)}: data comes only from stdin`);
    }
    if (n.type === 'function_statement') {
      const name = n.namedChildren.find((c) => c?.type === 'function_name')?.text ?? '';
      report.functions.set(name.toLowerCase(), n.text);
    }
  }
  for (const pattern of FORBIDDEN_MEMBERS) if (pattern.test(source)) problems.push(`forbidden member ${pattern}`);
  return { root, nodes, top, report };
}

const isParsed = (value: Parsed | FileReport): value is Parsed => 'root' in value;

export interface ScriptOptions {
  /** The module file names a script may dot-source (the table's MODULES). */
  modules: readonly string[];
}

/** A script: one operation, run by powershell.exe -File with its input on stdin. */
export function checkScript(p: Parser, source: string, options: ScriptOptions): ScriptReport {
  const parsed = checkFile(p, source);
  if (!isParsed(parsed)) return { ...parsed, modules: [] };
  const { nodes, top, report } = parsed;
  const problems = report.problems;
  const modules: string[] = [];

  // Two top-level trys: the module loader (dot-sources only), then the one that reads stdin.
  const tries = top.filter((s) => s.type === 'try_statement');
  const readsStdin = (t: Node) => t.text.includes('[Console]::In.ReadToEnd()');
  const loaders = tries.filter((t) => !readsStdin(t));
  const loader = loaders.length === 1 ? loaders[0] : undefined;
  if (loader && !blockStatements(loader, 'try').every((s) => DOT_SOURCE.test(s.text))) {
    problems.push(`the module loader at ${where(loader)} holds only dot-sources of fixed module names from $PSScriptRoot`);
  }
  for (const n of nodes) {
    if (!isInvocation(n)) continue;
    const match = DOT_SOURCE.exec(n.text);
    let enclosingTry: Node | null = n.parent;
    while (enclosingTry && enclosingTry.type !== 'try_statement') enclosingTry = enclosingTry.parent;
    const inLoader = loader !== undefined && enclosingTry?.id === loader.id;
    if (!match || !inLoader) problems.push(`invocation operator (& or .) at ${where(n)}: ${n.text.slice(0, 60)}`);
    else if (!options.modules.includes(match[1])) problems.push(`dot-source of ${match[1]} at ${where(n)}: not one of the shipped modules`);
    else modules.push(match[1]);
  }
  for (const n of nodes) {
    if (n.type === 'variable' && n.text.toLowerCase() === '$psscriptroot') {
      let up: Node | null = n.parent;
      while (up && !isInvocation(up)) up = up.parent;
      if (!up || !DOT_SOURCE.test(up.text)) problems.push(`$PSScriptRoot at ${where(n)}: only the module loader uses it`);
    }
  }
  if (!loader) problems.push(`exactly one top-level try must load the modules (found ${loaders.length}): . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')`);
  else {
    if (modules[0] !== 'CertDesk.Common.ps1') problems.push('the module loader must load CertDesk.Common.ps1 first');
    // Without the modules there is no Write-BridgeOutput: the catch prints one fixed line of JSON and exits.
    const caught = blockStatements(loader, 'catch');
    const line = FALLBACK_LINE.exec(caught[0]?.text ?? '');
    let fallback: { error?: { code?: unknown; message?: unknown } } | undefined;
    try {
      fallback = line ? (JSON.parse(line[1]) as typeof fallback) : undefined;
    } catch {
      fallback = undefined;
    }
    if (caught.length !== 2 || !fallback || fallback.error?.code !== 'internal' || typeof fallback.error.message !== 'string' || !/^exit 1$/.test(caught[1].text)) {
      problems.push('the module loader\'s catch must be [Console]::Out.WriteLine(\'{"error":{"code":"internal","message":"..."}}\') then exit 1');
    }
  }
  if ((source.match(/\[Console\]::Out\b/g) ?? []).length !== (loader ? 1 : 0)) problems.push('[Console]::Out only in the module loader\'s catch (the output path is Write-BridgeOutput)');

  // One way in, one way out.
  const count = (re: RegExp) => (source.match(re) ?? []).length;
  if (count(/\[Console\]::In\.ReadToEnd\(\)/g) !== 1) problems.push('must read stdin exactly once: [Console]::In.ReadToEnd()');
  const commandCount = (name: string) => nodes.filter((n) => n.type === 'command' && n.namedChildren.find((c) => c?.type === 'command_name')?.text.toLowerCase() === name.toLowerCase()).length;
  if (commandCount('ConvertFrom-Json') !== 1) problems.push('exactly one ConvertFrom-Json (of stdin)');
  if (report.convertToJson.length > 0) problems.push('no ConvertTo-Json in a script: the one output path is Write-BridgeOutput (CertDesk.Common.ps1)');
  if (commandCount('Write-BridgeOutput') !== 1) problems.push('exactly one Write-BridgeOutput call');
  const last = top.at(-1);
  if (!last || !/^Write-BridgeOutput \$output$/.test(last.text)) problems.push('the last statement must be "Write-BridgeOutput $output"');
  const mains = tries.filter(readsStdin);
  if (mains.length !== 1) problems.push('exactly one top-level try/catch reading stdin (besides the module loader)');
  else {
    const main = mains[0];
    const body = main.namedChildren.find((c) => c?.type === 'statement_block')?.text ?? '';
    const catches = main.namedChildren.find((c) => c?.type === 'catch_clauses')?.text ?? '';
    if (!body.includes('[Console]::In.ReadToEnd()')) problems.push('stdin must be read inside the top-level try');
    if (!/error\s*=\s*@\{\s*code\s*=.*;\s*message\s*=/.test(catches)) problems.push('the top-level catch must produce @{ error = @{ code = …; message = … } }');
    if (loader && top.indexOf(loader) > top.indexOf(main)) problems.push('the module loader must come before the top-level try');
  }
  return { ...report, modules };
}

/** A module: shared functions, dot-sourced by the scripts. Defining them must do nothing else. */
export function checkModule(p: Parser, source: string): FileReport {
  const parsed = checkFile(p, source);
  if (!isParsed(parsed)) return parsed;
  const { nodes, top, report } = parsed;
  const problems = report.problems;
  for (const n of nodes) {
    if (isInvocation(n)) problems.push(`invocation operator (& or .) at ${where(n)}: a module loads nothing (the script loads every module it needs)`);
    if (n.type === 'flow_control_statement' && n.children[0]?.type === 'exit') problems.push(`exit at ${where(n)}: a helper must throw, the script answers`);
    if (n.type === 'variable' && n.text.toLowerCase() === '$psscriptroot') problems.push(`$PSScriptRoot at ${where(n)}: only a script's module loader uses it`);
  }
  for (const s of top.slice(2)) {
    if (s.type !== 'function_statement') problems.push(`top-level statement at ${where(s)}: a module only defines functions, found: ${s.text.slice(0, 60)}`);
  }
  if (/\[Console\]::In\b/.test(source)) problems.push('a module reads no input: the script reads stdin');
  if (/\[Console\]::Out\b/.test(source)) problems.push('a module writes through Write-BridgeOutput only');
  if (report.calls.has('convertfrom-json')) problems.push('no ConvertFrom-Json in a module: the script parses stdin');
  if (report.calls.has('write-bridgeoutput')) problems.push('no Write-BridgeOutput call in a module: the script writes its one answer');
  if (report.convertToJson.some((fn) => fn !== 'write-bridgeoutput')) problems.push('ConvertTo-Json only inside Write-BridgeOutput');
  if (report.functions.has('invoke-main')) problems.push('Invoke-Main belongs to the script');
  return report;
}
