# CertDesk Windows bridge: detect Intel SCS 3.x's LoadCert.exe (certificate association, the seed's step 7).
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File find-loadcert.ps1
# Input:  one JSON document on stdin: {}
# Output: one line of JSON on stdout: { loadCert:{ found, path, fileVersion, searched } }, or {"error":{"code":"...","message":"..."}}.
# The operation itself is Invoke-FindLoadCert (a module beside this script); this file is its entry: it loads the modules,
# reads stdin once, turns every failure into the error document and writes the one line.
# Windows PowerShell 5.1 and PowerShell 7. Data is only read from stdin; nothing is built into a command.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# Shared helpers: fixed file names in this script's own folder, never a path from the input.
try {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Platform.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.LoadCert.ps1')
} catch {
    # Without the helpers there is no Write-BridgeOutput: answer with a fixed line of ASCII JSON.
    [Console]::Out.WriteLine('{"error":{"code":"internal","message":"A shared CertDesk PowerShell module (CertDesk.*.ps1, beside this script) is missing or could not be loaded. Reinstall CertDesk."}}')
    exit 1
}

function Invoke-Main($Request) {
    return Invoke-FindLoadCert $Request
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main (Assert-BridgeRequest $request)
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = (Get-BridgeErrorMessage $_) } }
}
Write-BridgeOutput $output
