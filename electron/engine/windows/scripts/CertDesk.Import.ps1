# CertDesk Windows bridge: the store.import operation: read a PFX and carry out the placement plan the engine
# made for it (which certificate goes to which LocalMachine store, which is skipped), and nothing else.
# Dot-sourced after CertDesk.Common.ps1 and CertDesk.Platform.ps1 by import-pfx.ps1.
# Defines functions only: loading it reads no input, writes no output and changes nothing on the machine.
# Windows PowerShell 5.1 and PowerShell 7.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Get-ImportStores {
    return @('My', 'CA', 'Root', 'AddressBook')
}

function Get-AutomaticStore($Certificate) {
    # MMC's "Automatically select the certificate store", used only for a plan entry { action: 'import', store: null }:
    # the certificate with the key -> My; a CA (basic constraints CA, or a v1 certificate, which has no extensions
    # and which Windows treats as a CA) -> Root when self-signed, else CA (Intermediate Certification Authorities);
    # a self-signed certificate without basic constraints -> Root; any other keyless certificate (an end entity)
    # -> AddressBook (Other People).
    if ($Certificate.HasPrivateKey) { return 'My' }
    $selfSigned = ([Convert]::ToBase64String($Certificate.SubjectName.RawData) -eq [Convert]::ToBase64String($Certificate.IssuerName.RawData))
    $isCa = $null
    foreach ($extension in $Certificate.Extensions) {
        if ($extension -is [System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]) { $isCa = [bool]$extension.CertificateAuthority }
    }
    if ($null -eq $isCa -and $Certificate.Version -lt 3) { $isCa = $true }
    if ($isCa -eq $true -or ($null -eq $isCa -and $selfSigned)) {
        if ($selfSigned) { return 'Root' }
        return 'CA'
    }
    return 'AddressBook'
}

function Test-WrongPassword($Exception) {
    while ($null -ne $Exception) {
        # ERROR_INVALID_PASSWORD (0x80070056): "The specified network password is not correct."
        if ($Exception.HResult -eq -2147024810) { return $true }
        $Exception = $Exception.InnerException
    }
    return $false
}

function Get-WrongPasswordMessage([int]$OsBuild) {
    # Windows before 10 1709 / Server 2019 (build 16299) cannot decrypt AES (PBES2) PFX files and says "wrong
    # password" for them.
    if ($OsBuild -gt 0 -and $OsBuild -lt 16299) {
        return ('The PFX password is not correct, or the PFX is AES-encrypted, which this Windows (build {0}) cannot read: export with --legacy (3DES).' -f $OsBuild)
    }
    return 'The PFX password is not correct.'
}

function Read-Pfx([byte[]]$Bytes, [string]$Password, [string]$Mode) {
    try {
        return , (Import-PlatformPfx $Bytes $Password $Mode)
    } catch {
        if (Test-WrongPassword $_.Exception) { throw (New-BridgeError 'wrong-password' (Get-WrongPasswordMessage ([int](Get-PlatformInfo).osBuild))) }
        throw (New-BridgeError 'unreadable' ('Windows could not read the PFX: {0}' -f $_.Exception.Message))
    }
}

function Read-ImportPlan($Request) {
    # plan: [{ sha256: 64 uppercase hex (of the certificate's DER), store: My|CA|Root|AddressBook|null, action: import|skip }]
    $raw = Get-Field $Request 'plan' $null
    if ($null -eq $raw) { throw (New-BridgeError 'usage' 'No placement plan was given: the engine sends one entry per certificate (sha256, store, action).') }
    if ($raw -isnot [array]) { throw (New-BridgeError 'usage' 'The placement plan must be a list.') }
    if ($raw.Count -gt 100) { throw (New-BridgeError 'usage' 'The placement plan has more than 100 entries.') }
    $plan = [ordered]@{}
    foreach ($entry in $raw) {
        if ($null -eq $entry -or $entry.GetType().FullName -ne 'System.Management.Automation.PSCustomObject') { throw (New-BridgeError 'usage' 'Each placement plan entry must be an object { sha256, store, action }.') }
        $sha256 = Get-StringField $entry 'sha256' 64
        if ($sha256 -cnotmatch '^[0-9A-F]{64}$') { throw (New-BridgeError 'usage' 'A placement plan entry''s sha256 is 64 uppercase hexadecimal digits.') }
        if ($plan.Contains($sha256)) { throw (New-BridgeError 'usage' ('The placement plan names the certificate {0} twice.' -f $sha256)) }
        $action = Get-StringField $entry 'action' 16
        if ($action -cne 'import' -and $action -cne 'skip') { throw (New-BridgeError 'usage' ('A placement plan entry''s action is "import" or "skip", not "{0}".' -f $action)) }
        $store = Get-StringField $entry 'store' 16
        if ($store.Length -eq 0) { $store = $null }
        elseif ((Get-ImportStores) -cnotcontains $store) { throw (New-BridgeError 'usage' ('A placement plan entry''s store is My, CA, Root, AddressBook or null, not "{0}".' -f $store)) }
        $plan[$sha256] = @{ store = $store; action = $action }
    }
    return $plan
}

function Invoke-ImportPfx($Request) {
    $base64 = Get-StringField $Request 'contentBase64' 16777216
    if ($base64.Length -eq 0) { throw (New-BridgeError 'usage' 'No PFX content was given.') }
    $password = Get-StringField $Request 'password' 1024
    $exportable = Get-BoolField $Request 'exportable'
    $plan = Read-ImportPlan $Request
    try {
        $bytes = [Convert]::FromBase64String($base64)
    } catch {
        throw (New-BridgeError 'usage' 'The PFX content is not base64.')
    }

    # Pass 1 reads the file without persisting any key, to learn what is already installed. Persisting the
    # keys of a certificate that is already present would leave an orphaned key file behind on every re-run.
    $probe = Read-Pfx $bytes $password 'probe'
    $persisted = $null
    $keep = @{}
    try {
        $steps = New-Object -TypeName 'System.Collections.Generic.List[object]'
        $inPfx = @{}
        $needKeys = $false
        foreach ($certificate in $probe) {
            $sha256 = Get-Sha256Hex $certificate.RawData
            $inPfx[$sha256] = $true
            $step = @{ sha256 = $sha256; thumbprint = $certificate.Thumbprint; store = $null; action = 'skip'; reason = $null; hasKey = [bool]$certificate.HasPrivateKey }
            if (-not $plan.Contains($sha256)) {
                $step.reason = 'not in plan'
            } elseif ($plan[$sha256].action -eq 'skip') {
                $step.reason = 'plan'
                $step.store = $plan[$sha256].store
            } else {
                $step.store = $plan[$sha256].store
                if ($null -eq $step.store) { $step.store = Get-AutomaticStore $certificate }
                $existing = Get-PlatformStoreCertificate $step.store $certificate.Thumbprint
                $step.action = 'added'
                if ($null -ne $existing) {
                    $step.action = 'already-present'
                    if ($certificate.HasPrivateKey -and -not $existing.HasPrivateKey) { $step.action = 'replaced' }
                }
                if ($step.action -ne 'already-present' -and $certificate.HasPrivateKey) { $needKeys = $true }
            }
            $steps.Add($step)
        }
        foreach ($sha256 in $plan.Keys) {
            if (-not $inPfx.ContainsKey($sha256)) { throw (New-BridgeError 'usage' ('The placement plan names the certificate {0}, which is not in the PFX.' -f $sha256)) }
        }

        # Pass 2 persists the keys in the machine key store, only when a certificate with a key must be added.
        $source = $probe
        if ($needKeys) {
            $mode = 'persist'
            if ($exportable) { $mode = 'persist-exportable' }
            $persisted = Read-Pfx $bytes $password $mode
            $source = $persisted
        }

        # Keyless certificates (the chain) are added first, a certificate with its key last.
        $ordered = New-Object -TypeName 'System.Collections.Generic.List[object]'
        foreach ($step in $steps) { if (-not $step.hasKey) { $ordered.Add($step) } }
        foreach ($step in $steps) { if ($step.hasKey) { $ordered.Add($step) } }
        $results = New-Object -TypeName 'System.Collections.Generic.List[object]'
        $keyThumbprint = $null
        foreach ($step in $ordered) {
            $certificate = $null
            foreach ($candidate in $source) {
                if ($candidate.Thumbprint -eq $step.thumbprint) { $certificate = $candidate; break }
            }
            if ($step.action -eq 'added' -or $step.action -eq 'replaced') {
                Add-PlatformStoreCertificate $step.store $certificate
                $keep[$step.thumbprint] = $true
            }
            if ($step.action -ne 'skip' -and $certificate.HasPrivateKey -and $null -eq $keyThumbprint) { $keyThumbprint = $certificate.Thumbprint }
            $store = $null
            if ($step.action -ne 'skip') { $store = 'LocalMachine\' + $step.store }
            $entry = [ordered]@{
                thumbprint    = $certificate.Thumbprint
                sha256        = $step.sha256
                subject       = $certificate.Subject
                issuer        = $certificate.Issuer
                store         = $store
                hasPrivateKey = [bool]$certificate.HasPrivateKey
                action        = $step.action
            }
            if ($step.action -eq 'skip') { $entry['reason'] = $step.reason }
            $results.Add($entry)
        }
        return [ordered]@{ exportable = $exportable; certificates = $results.ToArray(); keyThumbprint = $keyThumbprint }
    } finally {
        # A key persisted in pass 2 whose certificate did not go into a store (skipped, already present, or an Add
        # that failed) would stay behind as an orphaned machine key file: delete it. The probe's keys are
        # ephemeral, or (before .NET 4.7.2) temporary containers that Reset() deletes.
        if ($null -ne $persisted) {
            foreach ($certificate in $persisted) {
                if ($certificate.HasPrivateKey -and -not $keep.ContainsKey($certificate.Thumbprint)) {
                    try { Remove-PlatformPersistedKey $certificate } catch { $null = $_ }
                }
            }
        }
        foreach ($certificate in $probe) { $certificate.Reset() }
    }
}
