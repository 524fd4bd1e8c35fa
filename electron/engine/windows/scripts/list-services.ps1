# CertDesk Windows bridge: list services (provisioning services by name/display-name pattern, or all) with their logon account and its SID.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File list-services.ps1
# Input:  one JSON document on stdin: { all?, patterns:[wildcard...] }
# Output: one line of JSON on stdout: { all, patterns, services:[{ name, displayName, state, startMode, account:{ name, sid, kind }, matched, pathName }] }, or {"error":{"code":"...","message":"..."}}.
# The operation itself is Invoke-ListServices (a module beside this script); this file is its entry: it loads the modules,
# reads stdin once, turns every failure into the error document and writes the one line.
# Windows PowerShell 5.1 and PowerShell 7. Data is only read from stdin; nothing is built into a command.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# Shared helpers: fixed file names in this script's own folder, never a path from the input.
try {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Platform.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Accounts.ps1')
} catch {
    # Without the helpers there is no Write-BridgeOutput: answer with a fixed line of ASCII JSON.
    [Console]::Out.WriteLine('{"error":{"code":"internal","message":"A shared CertDesk PowerShell module (CertDesk.*.ps1, beside this script) is missing or could not be loaded. Reinstall CertDesk."}}')
    exit 1
}

function Invoke-Main($Request) {
    return Invoke-ListServices $Request
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main (Assert-BridgeRequest $request)
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = (Get-BridgeErrorMessage $_) } }
}
Write-BridgeOutput $output
