# CertDesk Windows bridge: verify the end state: certificate in LocalMachine\My with its key, the chain this machine builds, key access.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File verify.ps1
# Input:  one JSON document on stdin: { thumbprint, service? | account? }
# Output: one line of JSON on stdout: { thumbprint, store, found, hasPrivateKey, keyError, key, certificateBase64, chain:{ built, status, elements }, account, service }, or {"error":{"code":"...","message":"..."}}.
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

function Get-Sha256Hex([byte[]]$Bytes) {
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { return [BitConverter]::ToString($sha.ComputeHash($Bytes)).Replace('-', '') } finally { $sha.Dispose() }
}

function Invoke-Main($Request) {
    Assert-Elevated 'Verifying the private key and its permissions'
    $thumbprint = [string](Get-Field $Request 'thumbprint' '')
    $result = [ordered]@{
        thumbprint        = $thumbprint
        store             = 'LocalMachine\My'
        found             = $false
        hasPrivateKey     = $false
        keyError          = $null
        key               = $null
        certificateBase64 = $null
        chain             = $null
        account           = $null
        service           = $null
    }
    $requested = Resolve-RequestedAccount $Request
    if ($null -ne $requested) { $result['service'] = $requested.service }

    $certificate = Find-MachineCertificate $thumbprint
    if ($null -eq $certificate) { return $result }
    $result['found'] = $true
    $result['hasPrivateKey'] = [bool]$certificate.HasPrivateKey
    $result['certificateBase64'] = [Convert]::ToBase64String($certificate.RawData)

    # The chain as this machine builds it (its own stores). No revocation check: AMT does not do one and a
    # provisioning server is often offline.
    $chain = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Chain
    $chain.ChainPolicy.RevocationMode = [System.Security.Cryptography.X509Certificates.X509RevocationMode]::NoCheck
    $built = $chain.Build($certificate)
    $elements = New-Object -TypeName 'System.Collections.Generic.List[object]'
    foreach ($element in $chain.ChainElements) {
        $flags = New-Object -TypeName 'System.Collections.Generic.List[string]'
        foreach ($status in $element.ChainElementStatus) { $flags.Add($status.Status.ToString()) }
        $elements.Add([ordered]@{
            thumbprint = $element.Certificate.Thumbprint
            sha256     = (Get-Sha256Hex $element.Certificate.RawData)
            subject    = $element.Certificate.Subject
            status     = $flags.ToArray()
            rawBase64  = [Convert]::ToBase64String($element.Certificate.RawData)
        })
    }
    $chainFlags = New-Object -TypeName 'System.Collections.Generic.List[string]'
    foreach ($status in $chain.ChainStatus) { $chainFlags.Add($status.Status.ToString()) }
    $result['chain'] = [ordered]@{ built = [bool]$built; status = $chainFlags.ToArray(); elements = $elements.ToArray() }

    if ($certificate.HasPrivateKey) {
        try {
            $key = Get-KeyLocation $certificate
            $result['key'] = $key
            if ($null -ne $requested) {
                $acl = Read-KeyAcl $key.keyFile
                $result['account'] = Test-AccountRead $acl.rules $requested.account $requested.isService
            }
        } catch {
            $result['keyError'] = $_.Exception.Message
        }
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
