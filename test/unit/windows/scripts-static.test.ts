// Every shipped .ps1 parses without errors under tree-sitter-powershell and follows the bridge's rules.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { scripts } from '../../../electron/services/windows/scripts';
import { checkScript, powershellParser, syntaxProblems } from './ps-rules';

const DIR = join(__dirname, '..', '..', '..', 'electron', 'services', 'windows', 'scripts');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ps1')).sort();
const source = (file: string) => readFileSync(join(DIR, file), 'utf8');

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
    const cases: [string, string, RegExp][] = [
      ['Invoke-Expression', good.replace('$null = $Request', 'Invoke-Expression $Request.x'), /forbidden command Invoke-Expression/],
      ['iex', good.replace('$null = $Request', 'iex $Request.x'), /forbidden command iex/],
      ['scriptblock', good.replace('$null = $Request', 'Invoke-Command -ScriptBlock ([scriptblock]::Create($Request.x))'), /Invoke-Command|scriptblock/],
      ['call operator', good.replace('$null = $Request', '& $Request.path'), /invocation operator/],
      ['dot-source', good.replace('$null = $Request', '. $Request.path'), /invocation operator/],
      ['$args', good.replace('$null = $Request', '$null = $args[0]'), /\$args/],
      ['$env', good.replace('$null = $Request', '$null = $env:CERTDESK_PASSWORD'), /env:CERTDESK_PASSWORD/],
      ['param()', `param([string]$Password)\n${good}`, /param\(\)|first statement/],
      ['strict mode missing', good.replace('Set-StrictMode -Version Latest\n', ''), /first statement/],
      ['stop missing', good.replace("$ErrorActionPreference = 'Stop'\n", ''), /second statement/],
      ['second output', good.replace('$null = $Request', '$null = ConvertTo-Json -InputObject 1'), /exactly one ConvertTo-Json/],
      ['Write-Host', good.replace('$null = $Request', 'Write-Host $Request'), /forbidden command Write-Host/],
      ['WQL', good.replace('$null = $Request', "$null = Get-CimInstance -ClassName Win32_Service -Filter (\"Name='\" + $Request.n + \"'\")"), /WMI query string/],
      ['non-ASCII', good.replace('$null = $Request', "$null = 'caf\u00e9'"), /non-ASCII/],
      ['syntax', good.replace('$null = $Request', '$null = ($Request'), /syntax error|missing/],
    ];
    for (const [label, text, expected] of cases) {
      const { problems } = checkScript(parser, text);
      expect(problems.join('\n'), label).toMatch(expected);
    }
  });
});

describe('shipped scripts', () => {
  it('are exactly the scripts of the table', () => {
    expect(files).toEqual(Object.values(scripts).map((s) => s.file).sort());
  });

  it.each(files)('%s parses without ERROR or MISSING nodes and follows the rules', (file) => {
    const { problems } = checkScript(parser, source(file));
    expect(problems).toEqual([]);
  });

  it('share identical helper functions (one implementation, copied verbatim)', () => {
    const seen = new Map<string, { file: string; text: string }>();
    const differing: string[] = [];
    for (const file of files) {
      for (const [name, text] of checkScript(parser, source(file)).functions) {
        if (name === 'Invoke-Main') continue;
        const first = seen.get(name);
        if (!first) seen.set(name, { file, text });
        else if (first.text !== text) differing.push(`${name}: ${first.file} vs ${file}`);
      }
    }
    expect(differing).toEqual([]);
  });

  it('check elevation before touching machine state, in the scripts the table marks as needing it', () => {
    for (const spec of Object.values(scripts)) {
      const text = source(spec.file);
      if (spec.needsElevation) expect(text, spec.file).toMatch(/function Invoke-Main\(\$Request\) \{\s*\n\s*Assert-Elevated '/);
    }
  });

  it('import with MachineKeySet + PersistKeySet, Exportable only when asked', () => {
    const text = source('import-pfx.ps1');
    expect(text).toMatch(/\$persistFlags = \$keyFlags::MachineKeySet -bor \$keyFlags::PersistKeySet/);
    expect(text).toMatch(/if \(\$exportable\) \{ \$persistFlags = \$persistFlags -bor \$keyFlags::Exportable \}/);
    expect(text).toContain('X509Certificate2Collection');
  });

  it('start no process, except launch-loadcert.ps1 starting the LoadCert.exe it found', () => {
    for (const file of files.filter((f) => f !== 'launch-loadcert.ps1')) {
      expect(source(file), file).not.toMatch(/Start-Process|Process\]::Start|ProcessStartInfo|Invoke-Item|\bsaps\b|\bstart\s/i);
    }
  });

  it('launch LoadCert.exe only from the detected path', () => {
    const text = source('launch-loadcert.ps1');
    expect(text).toMatch(/ProcessStartInfo -ArgumentList \$loadCert\.path\n/);
    expect(text).not.toMatch(/Start-Process/);
    expect(text).not.toMatch(/Get-Field \$Request/);
  });
});
