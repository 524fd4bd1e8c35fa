# CertDesk Windows bridge: verify the end state: certificate in LocalMachine\My with its key, the chain this machine builds, key access.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File verify.ps1
# Input:  one JSON document on stdin: { thumbprint, service? | account? }
# Output: one line of JSON on stdout: { thumbprint, store, found, hasPrivateKey, keyError, key, certificateBase64, chain:{ built, status, elements }, account, service }, or {"error":{"code":"...","message":"..."}}.
# The operation itself is Invoke-Verify (a module beside this script); this file is its entry: it loads the modules,
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
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.KeyAccess.ps1')
} catch {
    # Without the helpers there is no Write-BridgeOutput: answer with a fixed line of ASCII JSON.
    [Console]::Out.WriteLine('{"error":{"code":"internal","message":"A shared CertDesk PowerShell module (CertDesk.*.ps1, beside this script) is missing or could not be loaded. Reinstall CertDesk."}}')
    exit 1
}

function Invoke-Main($Request) {
    Assert-Elevated 'Verifying the private key and its permissions'
    return Invoke-Verify $Request
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main (Assert-BridgeRequest $request)
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = (Get-BridgeErrorMessage $_) } }
}
Write-BridgeOutput $output
