# CertDesk Windows bridge: import a PFX into the Local Computer store, placing exactly the certificates the engine's plan names in the stores it names.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File import-pfx.ps1
# Input:  one JSON document on stdin: { contentBase64, password?, exportable?, plan:[{ sha256, store: My|CA|Root|AddressBook|null, action: import|skip }] }
# Output: one line of JSON on stdout: { exportable, certificates:[{ thumbprint, sha256, subject, issuer, store, hasPrivateKey, action, reason? }], keyThumbprint }, or {"error":{"code":"...","message":"..."}}.
# The PFX is read into an X509Certificate2Collection, keys persisted only for certificates that are added.
# The operation itself is Invoke-ImportPfx (a module beside this script); this file is its entry: it loads the modules,
# reads stdin once, turns every failure into the error document and writes the one line.
# Windows PowerShell 5.1 and PowerShell 7. Data is only read from stdin; nothing is built into a command.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# Shared helpers: fixed file names in this script's own folder, never a path from the input.
try {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Platform.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Import.ps1')
} catch {
    # Without the helpers there is no Write-BridgeOutput: answer with a fixed line of ASCII JSON.
    [Console]::Out.WriteLine('{"error":{"code":"internal","message":"A shared CertDesk PowerShell module (CertDesk.*.ps1, beside this script) is missing or could not be loaded. Reinstall CertDesk."}}')
    exit 1
}

function Invoke-Main($Request) {
    Assert-Elevated 'Importing into the Local Computer certificate store'
    return Invoke-ImportPfx $Request
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main (Assert-BridgeRequest $request)
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = (Get-BridgeErrorMessage $_) } }
}
Write-BridgeOutput $output
