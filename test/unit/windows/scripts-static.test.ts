// Every shipped .ps1 (the scripts and the shared modules they dot-source) parses without errors under
// tree-sitter-powershell and follows the bridge's rules.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODULES, scripts } from '../../../electron/engine/windows/scripts';
import { checkModule, checkScript, powershellParser, syntaxProblems, type FileReport, type ScriptReport } from './ps-rules';

const DIR = join(__dirname, '..', '..', '..', 'electron', 'engine', 'windows', 'scripts');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ps1')).sort();
const source = (file: string) => readFileSync(join(DIR, file), 'utf8');
const scriptFiles = Object.values(scripts).map((s) => s.file).sort();
const moduleFiles = [...MODULES].sort();
const ruleOptions = { modules: MODULES };

let parser: Parser;
beforeAll(async () => {
  parser = await powershellParser();
});

describe('the parser check can fail', () => {
  it('finds ERROR nodes in broken PowerShell', () => {
    for (const broken of ["if ($x -eq ) {", "function F { $a = @{ b = 1 ", "$x = 'unterminated", 'try { 1 }\n$y = (1 +']) {
      const tree = parser.parse(broken)!;
      expect(syntaxProblems(tree.rootNode).length, broken).toBeGreaterThan(0);
    }
  });

  it('accepts the constructs the scripts rely on', () => {
    const ok = "$h = [ordered]@{ a = 1; b = @('x', 'y') }\n$s = New-Object -TypeName 'System.Collections.Generic.List[object]'\nreturn , $h";
    expect(syntaxProblems(parser.parse(ok)!.rootNode)).toEqual([]);
  });

  it('reports each rule on a script that breaks it', () => {
    const good = source('check-elevation.ps1');
    const common = "    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')\n";
    expect(good).toContain(common);
    const cases: [string, string, RegExp][] = [
      ['Invoke-Expression', good.replace('return Invoke-CheckElevation $Request', 'Invoke-Expression $Request.x'), /forbidden command Invoke-Expression/],
      ['iex', good.replace('return Invoke-CheckElevation $Request', 'iex $Request.x'), /forbidden command iex/],
      ['scriptblock', good.replace('return Invoke-CheckElevation $Request', 'Invoke-Command -ScriptBlock ([scriptblock]::Create($Request.x))'), /Invoke-Command|scriptblock/],
      ['call operator', good.replace('return Invoke-CheckElevation $Request', '& $Request.path'), /invocation operator/],
      ['dot-source', good.replace('return Invoke-CheckElevation $Request', '. $Request.path'), /invocation operator/],
      ['dot-source of a module outside the loader', good.replace('return Invoke-CheckElevation $Request', ". (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')"), /invocation operator/],
      ['module path from input', good.replace(common, '    . (Join-Path -Path $PSScriptRoot -ChildPath $Request.module)\n'), /invocation operator/],
      ['module path from elsewhere', good.replace(common, "    . (Join-Path -Path $PWD -ChildPath 'CertDesk.Common.ps1')\n"), /invocation operator/],
      ['relative module path', good.replace(common, "    . '.\\CertDesk.Common.ps1'\n"), /invocation operator/],
      ['unknown module', good.replace(common, `${common}    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Evil.ps1')\n`), /CertDesk\.Evil\.ps1.*not one of the shipped modules/],
      ['Common not first', good.replace(common, `    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.LoadCert.ps1')\n${common}`), /CertDesk\.Common\.ps1 first/],
      ['no loader', good.replace(/try \{\n {4}\. \(Join-Path[\s\S]*?\n\}\n/, ''), /must load the modules \(found 0\)/],
      ['loader running other code', good.replace(common, `${common}    $null = 1\n`), /holds only dot-sources/],
      ['stdin read outside the try', good.replace('    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json\n', '').replace('$output = $null\n', '$output = $null\n$request = [Console]::In.ReadToEnd() | ConvertFrom-Json\n'), /stdin/],
      ['loader without exit', good.replace('    exit 1\n', ''), /module loader's catch/],
      ['loader fallback not JSON', good.replace('{"error":{"code":"internal"', '{"error":{"code":"internal",'), /module loader's catch/],
      ['$PSScriptRoot elsewhere', good.replace('return Invoke-CheckElevation $Request', '$null = $PSScriptRoot'), /\$PSScriptRoot at/],
      ['Import-Module', good.replace('return Invoke-CheckElevation $Request', "Import-Module -Name 'x'"), /forbidden command Import-Module/],
      ['$args', good.replace('return Invoke-CheckElevation $Request', '$null = $args[0]'), /\$args/],
      ['$env', good.replace('return Invoke-CheckElevation $Request', '$null = $env:CERTDESK_PASSWORD'), /env:CERTDESK_PASSWORD/],
      ['param()', `param([string]$Password)\n${good}`, /param\(\)|first statement/],
      ['strict mode missing', good.replace('Set-StrictMode -Version Latest\n', ''), /first statement/],
      ['stop missing', good.replace("$ErrorActionPreference = 'Stop'\n", ''), /second statement/],
      ['second output', good.replace('return Invoke-CheckElevation $Request', '$null = ConvertTo-Json -InputObject 1'), /no ConvertTo-Json in a script/],
      ['console output', good.replace('return Invoke-CheckElevation $Request', "[Console]::Out.WriteLine('x')"), /\[Console\]::Out only/],
      ['Write-Host', good.replace('return Invoke-CheckElevation $Request', 'Write-Host $Request'), /forbidden command Write-Host/],
      ['WQL', good.replace('return Invoke-CheckElevation $Request', "$null = Get-CimInstance -ClassName Win32_Service -Filter (\"Name='\" + $Request.n + \"'\")"), /WMI query string/],
      ['non-ASCII', good.replace('return Invoke-CheckElevation $Request', "$null = 'caf\u00e9'"), /non-ASCII/],
      ['syntax', good.replace('return Invoke-CheckElevation $Request', '$null = ($Request'), /syntax error|missing/],
    ];
    for (const [label, text, expected] of cases) {
      expect(text, label).not.toBe(good);
      const { problems } = checkScript(parser, text, ruleOptions);
      expect(problems.join('\n'), label).toMatch(expected);
    }
  });

  it('reports each rule on a module that breaks it', () => {
    const good = source('CertDesk.LoadCert.ps1');
    const anchor = '    $version = $null\n';
    expect(good).toContain(anchor);
    const inside = (line: string) => good.replace(anchor, `    ${line}\n${anchor}`);
    const cases: [string, string, RegExp][] = [
      ['Invoke-Expression', inside('Invoke-Expression $x'), /forbidden command Invoke-Expression/],
      ['dot-source', inside(". (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')"), /invocation operator/],
      ['call operator', inside('& $found'), /invocation operator/],
      ['stdin', inside('$x = [Console]::In.ReadToEnd()'), /reads no input/],
      ['ConvertFrom-Json', inside("$x = ConvertFrom-Json -InputObject '{}'"), /no ConvertFrom-Json in a module/],
      ['output', inside('Write-BridgeOutput $found'), /no Write-BridgeOutput call in a module/],
      ['ConvertTo-Json', inside('$x = ConvertTo-Json -InputObject $found -Compress -Depth 6'), /ConvertTo-Json only inside Write-BridgeOutput/],
      ['exit', inside('exit 1'), /exit at/],
      ['$args', inside('$x = $args[0]'), /\$args/],
      ['$env', inside('$x = $env:CERTDESK_PASSWORD'), /env:CERTDESK_PASSWORD/],
      ['code at load', `${good}$found = Find-LoadCert\n`, /a module only defines functions/],
      ['Invoke-Main', `${good}\nfunction Invoke-Main($Request) { return $Request }\n`, /Invoke-Main belongs to the script/],
      ['strict mode missing', good.replace('Set-StrictMode -Version Latest\n', ''), /first statement/],
      ['stop missing', good.replace("$ErrorActionPreference = 'Stop'\n", ''), /second statement/],
      ['non-ASCII', inside("$x = 'caf\u00e9'"), /non-ASCII/],
      ['syntax', inside('$x = ($found'), /syntax error|missing/],
    ];
    for (const [label, text, expected] of cases) {
      expect(text, label).not.toBe(good);
      const { problems } = checkModule(parser, text);
      expect(problems.join('\n'), label).toMatch(expected);
    }
  });
});

describe('shipped scripts and modules', () => {
  const scriptReports = new Map<string, ScriptReport>();
  const moduleReports = new Map<string, FileReport>();
  beforeAll(() => {
    for (const file of scriptFiles) scriptReports.set(file, checkScript(parser, source(file), ruleOptions));
    for (const file of moduleFiles) moduleReports.set(file, checkModule(parser, source(file)));
  });

  it('are exactly the scripts of the table and the shared modules (CertDesk.*.ps1)', () => {
    expect(files).toEqual([...scriptFiles, ...moduleFiles].sort());
    expect(files.filter((f) => f.startsWith('CertDesk.'))).toEqual(moduleFiles);
  });

  it.each(scriptFiles)('%s parses without ERROR or MISSING nodes and follows the script rules', (file) => {
    expect(scriptReports.get(file)?.problems).toEqual([]);
  });

  it.each(moduleFiles)('%s parses without ERROR or MISSING nodes and follows the module rules', (file) => {
    expect(moduleReports.get(file)?.problems).toEqual([]);
  });

  it('dot-source from $PSScriptRoot exactly the modules the table lists for them', () => {
    for (const spec of Object.values(scripts)) {
      expect(scriptReports.get(spec.file)?.modules, spec.file).toEqual([...spec.modules]);
    }
  });

  it('define shared helpers only in the modules: no function is defined twice (Invoke-Main: once per script)', () => {
    const definedIn = new Map<string, string[]>();
    for (const [file, report] of [...scriptReports, ...moduleReports]) {
      for (const name of report.functions.keys()) definedIn.set(name, [...(definedIn.get(name) ?? []), file]);
    }
    const twice = [...definedIn].filter(([name, where]) => name !== 'invoke-main' && where.length > 1).map(([name, where]) => `${name}: ${where.join(', ')}`);
    expect(twice).toEqual([]);
    expect(definedIn.get('invoke-main')).toEqual(scriptFiles);
  });

  it('load every module whose functions they or their modules call, and no module they do not use', () => {
    const moduleOf = new Map<string, string>();
    for (const [file, report] of moduleReports) for (const name of report.functions.keys()) moduleOf.set(name, file);
    for (const spec of Object.values(scripts)) {
      const script = scriptReports.get(spec.file)!;
      const loaded = script.modules.map((m) => moduleReports.get(m)!);
      const calls = new Set([...script.calls, ...loaded.flatMap((m) => [...m.calls])]);
      const needed = new Set([...calls].filter((name) => moduleOf.has(name) && !script.functions.has(name)).map((name) => moduleOf.get(name)!));
      expect([...needed].sort(), spec.file).toEqual([...script.modules].sort());
    }
  });

  it('have one output path: the one ConvertTo-Json of them all is in Write-BridgeOutput (CertDesk.Common.ps1)', () => {
    const found = [...moduleReports].flatMap(([file, report]) => report.convertToJson.map((fn) => `${file}: ${fn}`));
    expect(found).toEqual(['CertDesk.Common.ps1: write-bridgeoutput']);
    for (const [file, report] of scriptReports) expect(report.convertToJson, file).toEqual([]);
  });

  it('check elevation before touching machine state, in the scripts the table marks as needing it', () => {
    for (const spec of Object.values(scripts)) {
      const text = source(spec.file);
      if (spec.needsElevation) expect(text, spec.file).toMatch(/function Invoke-Main\(\$Request\) \{\s*\n\s*Assert-Elevated '/);
    }
  });

  it('import with MachineKeySet + PersistKeySet, Exportable only when asked', () => {
    const text = source('CertDesk.Platform.ps1');
    expect(text).toMatch(/\$persistFlags = \$keyFlags::MachineKeySet -bor \$keyFlags::PersistKeySet/);
    expect(text).toMatch(/if \(\$exportable\) \{ \$persistFlags = \$persistFlags -bor \$keyFlags::Exportable \}/);
    expect(text).toContain('X509Certificate2Collection');
  });

  it('start no process (scripts and modules), except Start-PlatformProcess (CertDesk.Platform.ps1) starting the LoadCert.exe found', () => {
    const startsProcess = /Start-Process|Process\]::Start|ProcessStartInfo|Invoke-Item|\bsaps\b|\bstart\s/i;
    for (const file of files.filter((f) => f !== 'CertDesk.Platform.ps1')) expect(source(file), file).not.toMatch(startsProcess);
    const platform = moduleReports.get('CertDesk.Platform.ps1')!;
    expect([...platform.functions].filter(([, text]) => startsProcess.test(text)).map(([name]) => name)).toEqual(['start-platformprocess']);
    const callers = [...moduleReports, ...scriptReports].filter(([, report]) => report.calls.has('start-platformprocess')).map(([file]) => file);
    expect(callers).toEqual(['CertDesk.LoadCert.ps1']);
  });

  it('launch LoadCert.exe only from the detected path', () => {
    const text = source('CertDesk.LoadCert.ps1');
    expect(text).toMatch(/Start-PlatformProcess \$loadCert\.path /);
    expect((text.match(/Start-PlatformProcess/g) ?? []).length).toBe(1);
    expect(text).not.toMatch(/Start-Process/);
    expect(text).not.toMatch(/Get-(String)?Field \$Request/);
  });
});
