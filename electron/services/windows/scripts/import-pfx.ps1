# CertDesk Windows bridge: import a PFX into the Local Computer store, placing each certificate as MMC's automatic store selection does.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File import-pfx.ps1
# Input:  one JSON document on stdin: { contentBase64, password?, exportable? }
# Output: one line of JSON on stdout: { exportable, certificates:[{ thumbprint, subject, issuer, store, hasPrivateKey, action }], keyThumbprint }, or {"error":{"code":"...","message":"..."}}.
# Windows PowerShell 5.1 and PowerShell 7. Data is only read from stdin; nothing is built into a command.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# Shared helpers: fixed file names in this script's own folder, never a path from the input.
try {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')
} catch {
    # Without the helpers there is no Write-BridgeOutput: answer with a fixed line of ASCII JSON.
    [Console]::Out.WriteLine('{"error":{"code":"internal","message":"A shared CertDesk PowerShell module (CertDesk.*.ps1, beside this script) is missing or could not be loaded. Reinstall CertDesk."}}')
    exit 1
}

function Get-TargetStore($Certificate) {
    # MMC's "Automatically select the certificate store": the certificate with the key goes to My,
    # self-signed CAs to Root, other CAs to CA (Intermediate Certification Authorities).
    if ($Certificate.HasPrivateKey) { return 'My' }
    $subject = [Convert]::ToBase64String($Certificate.SubjectName.RawData)
    $issuer = [Convert]::ToBase64String($Certificate.IssuerName.RawData)
    if ($subject -eq $issuer) { return 'Root' }
    foreach ($extension in $Certificate.Extensions) {
        if ($extension -is [System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension] -and $extension.CertificateAuthority) { return 'CA' }
    }
    return 'My'
}

function Test-WrongPassword($Exception) {
    while ($null -ne $Exception) {
        # ERROR_INVALID_PASSWORD (0x80070056): "The specified network password is not correct."
        if ($Exception.HResult -eq -2147024810) { return $true }
        $Exception = $Exception.InnerException
    }
    return $false
}

function Import-Pfx([byte[]]$Bytes, [string]$Password, $Flags) {
    $collection = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Certificate2Collection
    try {
        $collection.Import($Bytes, $Password, $Flags)
    } catch {
        if (Test-WrongPassword $_.Exception) { throw (New-BridgeError 'wrong-password' 'The PFX password is not correct.') }
        throw (New-BridgeError 'unreadable' ('Windows could not read the PFX: {0}' -f $_.Exception.Message))
    }
    return , $collection
}

function Open-MachineStore([string]$Name) {
    $store = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Store -ArgumentList $Name, 'LocalMachine'
    $store.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite)
    return $store
}

function Invoke-Main($Request) {
    Assert-Elevated 'Importing into the Local Computer certificate store'
    $base64 = [string](Get-Field $Request 'contentBase64' '')
    if ($base64.Length -eq 0) { throw (New-BridgeError 'usage' 'No PFX content was given.') }
    $password = [string](Get-Field $Request 'password' '')
    $exportable = [bool](Get-Field $Request 'exportable' $false)
    $bytes = [Convert]::FromBase64String($base64)
    $keyFlags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]

    # Pass 1 reads the file without persisting any key, to learn what is already installed. Persisting the
    # keys of a certificate that is already present would leave an orphaned key file behind on every re-run.
    $probeFlags = $keyFlags::DefaultKeySet
    if ([Enum]::GetNames($keyFlags) -contains 'EphemeralKeySet') { $probeFlags = [Enum]::Parse($keyFlags, 'EphemeralKeySet') }
    $probe = Import-Pfx $bytes $password $probeFlags

    $plan = New-Object -TypeName 'System.Collections.Generic.List[object]'
    $needKeys = $false
    foreach ($certificate in $probe) {
        $storeName = Get-TargetStore $certificate
        $store = Open-MachineStore $storeName
        try {
            $existing = $store.Certificates.Find([System.Security.Cryptography.X509Certificates.X509FindType]::FindByThumbprint, $certificate.Thumbprint, $false)
            $action = 'added'
            if ($existing.Count -gt 0) {
                $action = 'already-present'
                if ($certificate.HasPrivateKey -and -not $existing[0].HasPrivateKey) { $action = 'replaced' }
            }
        } finally {
            $store.Close()
        }
        if ($action -ne 'already-present' -and $certificate.HasPrivateKey) { $needKeys = $true }
        $plan.Add(@{ thumbprint = $certificate.Thumbprint; store = $storeName; action = $action })
    }

    # Pass 2 persists the keys in the machine key store, only when a certificate with a key must be added.
    $source = $probe
    if ($needKeys) {
        $persistFlags = $keyFlags::MachineKeySet -bor $keyFlags::PersistKeySet
        if ($exportable) { $persistFlags = $persistFlags -bor $keyFlags::Exportable }
        $source = Import-Pfx $bytes $password $persistFlags
    }

    $results = New-Object -TypeName 'System.Collections.Generic.List[object]'
    $keyThumbprint = $null
    foreach ($step in $plan) {
        $certificate = $null
        foreach ($candidate in $source) {
            if ($candidate.Thumbprint -eq $step.thumbprint) { $certificate = $candidate; break }
        }
        if ($step.action -ne 'already-present') {
            $store = Open-MachineStore $step.store
            try { $store.Add($certificate) } finally { $store.Close() }
        }
        if ($certificate.HasPrivateKey -and $null -eq $keyThumbprint) { $keyThumbprint = $certificate.Thumbprint }
        $results.Add([ordered]@{
            thumbprint    = $certificate.Thumbprint
            subject       = $certificate.Subject
            issuer        = $certificate.Issuer
            store         = 'LocalMachine\' + $step.store
            hasPrivateKey = [bool]$certificate.HasPrivateKey
            action        = $step.action
        })
    }
    foreach ($certificate in $probe) { $certificate.Reset() }
    return [ordered]@{ exportable = $exportable; certificates = $results.ToArray(); keyThumbprint = $keyThumbprint }
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main $request
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = $_.Exception.Message } }
}
Write-BridgeOutput $output
