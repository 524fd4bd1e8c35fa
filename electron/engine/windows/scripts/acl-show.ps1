# CertDesk Windows bridge: show the ACL of a certificate's private key file (CNG or CAPI) and whether an account can read it.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File acl-show.ps1
# Input:  one JSON document on stdin: { thumbprint, service?, account? }
# Output: one line of JSON on stdout: { key, owner, rules:[...], service?, account?:{ name, sid, kind, canRead, via, basis, message? } }, or {"error":{"code":"...","message":"..."}}.
# The operation itself is Invoke-AclShow (a module beside this script); this file is its entry: it loads the modules,
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
    Assert-Elevated 'Reading the private key''s permissions'
    return Invoke-AclShow $Request
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main (Assert-BridgeRequest $request)
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = (Get-BridgeErrorMessage $_) } }
}
Write-BridgeOutput $output
