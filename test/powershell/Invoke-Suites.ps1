# Runs every *.Tests.ps1 beside this file with Pester 5 (.tools/pester), code coverage over the shipped scripts and
# modules, and prints: Pester's summary, the coverage line, then "N passed, M failed". Exit 1 on any failure.
# Arguments (optional): paths of test files to run instead of all (coverage is then not meaningful, and not enforced).
# A full run below the coverage target fails too: Pester only colours its "Covered x% / y%" line.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
Import-Module (Join-Path $root '.tools/pester/pester/5.7.1/tools/Pester.psd1') -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = @(if ($args.Count -gt 0) { $args } else { $PSScriptRoot })
$configuration.Run.PassThru = $true
# The Windows acceptance suite needs a real, elevated Windows server (its own workflow runs it).
$configuration.Run.ExcludePath = @((Join-Path $PSScriptRoot 'acceptance/*'))
$configuration.Output.Verbosity = 'Normal'
$configuration.CodeCoverage.Enabled = $true
# Pester's profiler-based coverage: breakpoints on every command make the suites several times slower.
$configuration.CodeCoverage.UseBreakpoints = $false
$coverageTarget = 85
$configuration.CodeCoverage.CoveragePercentTarget = $coverageTarget
$configuration.CodeCoverage.Path = @(Get-ChildItem -LiteralPath (Join-Path $root 'electron/engine/windows/scripts') -Filter '*.ps1' | ForEach-Object { $_.FullName })
$configuration.CodeCoverage.OutputPath = (Join-Path $root 'test-results/powershell-coverage.xml')
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = (Join-Path $root 'test-results/powershell-tests.xml')

$result = Invoke-Pester -Configuration $configuration
$coverage = $result.CodeCoverage
$percent = 0
if ($null -ne $coverage -and $coverage.CommandsAnalyzedCount -gt 0) { $percent = 100 * $coverage.CommandsExecutedCount / $coverage.CommandsAnalyzedCount }
'PowerShell code coverage (Pester, commands of electron/engine/windows/scripts/*.ps1): {0:N1} % ({1} of {2})' -f $percent, $coverage.CommandsExecutedCount, $coverage.CommandsAnalyzedCount
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
if ($args.Count -eq 0 -and $percent -lt $coverageTarget) {
    'PowerShell code coverage {0:N1} % is below the target of {1} %: test the new or changed commands (the missed ones are in test-results/powershell-coverage.xml).' -f $percent, $coverageTarget
    $failed++
}
'{0} passed, {1} failed' -f $result.PassedCount, $failed
if ($failed -gt 0 -or $result.PassedCount -eq 0) { exit 1 }
exit 0
