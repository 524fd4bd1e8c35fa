# CertDesk Windows bridge: show the ACL of a certificate's private key file (CNG or CAPI) and whether an account can read it.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File acl-show.ps1
# Input:  one JSON document on stdin: { thumbprint, service?, account? }
# Output: one line of JSON on stdout: { key, owner, rules:[...], service?, account?:{ name, sid, kind, canRead, via, basis } }, or {"error":{"code":"...","message":"..."}}.
# Windows PowerShell 5.1 and PowerShell 7. Data is only read from stdin; nothing is built into a command.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# Shared helpers: fixed file names in this script's own folder, never a path from the input.
try {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Accounts.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.KeyAccess.ps1')
} catch {
    # Without the helpers there is no Write-BridgeOutput: answer with a fixed line of ASCII JSON.
    [Console]::Out.WriteLine('{"error":{"code":"internal","message":"A shared CertDesk PowerShell module (CertDesk.*.ps1, beside this script) is missing or could not be loaded. Reinstall CertDesk."}}')
    exit 1
}

function Invoke-Main($Request) {
    Assert-Elevated 'Reading the private key''s permissions'
    $thumbprint = [string](Get-Field $Request 'thumbprint' '')
    $certificate = Find-MachineCertificate $thumbprint
    if ($null -eq $certificate) { throw (New-BridgeError 'not-found' ('No certificate with thumbprint {0} in LocalMachine\My.' -f $thumbprint)) }
    $key = Get-KeyLocation $certificate
    $acl = Read-KeyAcl $key.keyFile
    $result = [ordered]@{ key = $key; owner = $acl.owner; rules = $acl.rules }
    $requested = Resolve-RequestedAccount $Request
    if ($null -ne $requested) {
        if ($null -ne $requested.service) { $result['service'] = $requested.service }
        $result['account'] = Test-AccountRead $acl.rules $requested.account $requested.isService
    }
    return $result
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main $request
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = $_.Exception.Message } }
}
Write-BridgeOutput $output
