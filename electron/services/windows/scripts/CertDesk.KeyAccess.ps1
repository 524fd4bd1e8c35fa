# CertDesk Windows bridge: the machine certificate, its private key file, the key's ACL and who can read it.
# Dot-sourced after CertDesk.Common.ps1 (it uses New-BridgeError) by the scripts beside it.
# Defines functions only: loading it reads no input, writes no output and changes nothing on the machine.
# Windows PowerShell 5.1 and PowerShell 7.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Find-MachineCertificate([string]$Thumbprint) {
    if ($Thumbprint -notmatch '^[0-9A-F]{40}$') { throw (New-BridgeError 'usage' 'A thumbprint is 40 hexadecimal digits.') }
    $store = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Store -ArgumentList 'My', 'LocalMachine'
    $store.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadOnly)
    try {
        $found = $store.Certificates.Find([System.Security.Cryptography.X509Certificates.X509FindType]::FindByThumbprint, $Thumbprint, $false)
        if ($found.Count -eq 0) { return $null }
        return $found[0]
    } finally {
        $store.Close()
    }
}

function Get-KeyLocation($Certificate) {
    if (-not $Certificate.HasPrivateKey) {
        throw (New-BridgeError 'not-found' ('The certificate {0} in LocalMachine\My has no private key.' -f $Certificate.Thumbprint))
    }
    $rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Certificate)
    if ($null -eq $rsa) { throw (New-BridgeError 'unsupported-format' 'The private key is not an RSA key (Intel AMT needs RSA).') }
    $programData = [Environment]::GetFolderPath('CommonApplicationData')
    $provider = ''
    $providerName = $null
    $uniqueName = ''
    $folders = @()
    if ($rsa -is [System.Security.Cryptography.RSACng]) {
        $provider = 'CNG'
        $providerName = $rsa.Key.Provider.Provider
        $uniqueName = $rsa.Key.UniqueName
        $folders = @('Microsoft\Crypto\Keys', 'Microsoft\Crypto\SystemKeys', 'Microsoft\Crypto\RSA\MachineKeys')
    } elseif ($rsa -is [System.Security.Cryptography.RSACryptoServiceProvider]) {
        $provider = 'CAPI'
        $providerName = $rsa.CspKeyContainerInfo.ProviderName
        $uniqueName = $rsa.CspKeyContainerInfo.UniqueKeyContainerName
        $folders = @('Microsoft\Crypto\RSA\MachineKeys', 'Microsoft\Crypto\Keys')
    } else {
        throw (New-BridgeError 'unsupported-format' ('Unexpected key type {0}.' -f $rsa.GetType().FullName))
    }
    if ([string]::IsNullOrEmpty($uniqueName)) { throw (New-BridgeError 'not-found' 'Windows did not report the key container''s unique name.') }
    foreach ($folder in $folders) {
        $candidate = [System.IO.Path]::Combine($programData, $folder, $uniqueName)
        if ([System.IO.File]::Exists($candidate)) {
            return [ordered]@{
                thumbprint   = $Certificate.Thumbprint
                subject      = $Certificate.Subject
                provider     = $provider
                providerName = $providerName
                uniqueName   = $uniqueName
                keyFile      = $candidate
            }
        }
    }
    throw (New-BridgeError 'not-found' ('The {0} key file {1} was not found under {2}\Microsoft\Crypto.' -f $provider, $uniqueName, $programData))
}

function Test-ReadRight($Rule) {
    # ReadData (0x1), or a generic right written by MMC: GENERIC_ALL (0x10000000) or GENERIC_READ (0x80000000,
    # the sign bit, so negative as an Int32).
    $raw = [int]$Rule.FileSystemRights
    return ((($raw -band 1) -ne 0) -or (($raw -band 0x10000000) -ne 0) -or ($raw -lt 0))
}

function Get-SidName([string]$Sid) {
    try {
        $identifier = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $Sid
        return $identifier.Translate([System.Security.Principal.NTAccount]).Value
    } catch {
        return $Sid
    }
}

function Read-KeyAcl([string]$Path) {
    $sections = [System.Security.AccessControl.AccessControlSections]::Access -bor [System.Security.AccessControl.AccessControlSections]::Owner
    $security = New-Object -TypeName System.Security.AccessControl.FileSecurity -ArgumentList $Path, $sections
    $rules = New-Object -TypeName 'System.Collections.Generic.List[object]'
    foreach ($rule in $security.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier])) {
        $sid = $rule.IdentityReference.Value
        $rules.Add([ordered]@{
            identity  = (Get-SidName $sid)
            sid       = $sid
            rights    = $rule.FileSystemRights.ToString()
            type      = $rule.AccessControlType.ToString()
            inherited = [bool]$rule.IsInherited
            read      = [bool](Test-ReadRight $rule)
        })
    }
    $owner = $null
    $ownerSid = $security.GetOwner([System.Security.Principal.SecurityIdentifier])
    if ($null -ne $ownerSid) { $owner = Get-SidName $ownerSid.Value }
    return @{ owner = $owner; rules = $rules.ToArray() }
}

function Get-CandidateSids($Account, [bool]$IsService) {
    # The SIDs a process running as the account would carry: its own and, where known, its groups.
    $sids = New-Object -TypeName 'System.Collections.Generic.List[string]'
    $basis = 'well-known'
    $sids.Add([string]$Account.sid)
    if ($Account.kind -eq 'domain' -or $Account.kind -eq 'managed') {
        try {
            $principalName = [string]$Account.name
            if ($principalName.Contains('\')) {
                $parts = $principalName.Split('\')
                $principalName = $parts[1] + '@' + $parts[0]
            }
            $identity = New-Object -TypeName System.Security.Principal.WindowsIdentity -ArgumentList $principalName
            foreach ($group in $identity.Groups) { $sids.Add($group.Value) }
            $basis = 'token'
        } catch {
            $basis = 'well-known'
        }
    }
    $sids.Add('S-1-1-0')
    $sids.Add('S-1-5-11')
    $sids.Add('S-1-5-32-545')
    if ($IsService) { $sids.Add('S-1-5-6') }
    if ($Account.kind -eq 'LocalSystem') { $sids.Add('S-1-5-32-544') }
    return @{ sids = $sids.ToArray(); basis = $basis }
}

function Test-AccountRead($Rules, $Account, [bool]$IsService) {
    $result = [ordered]@{ name = $Account.name; sid = $Account.sid; kind = $Account.kind; canRead = $false; via = $null; basis = 'well-known' }
    if ($Account.Contains('message')) { $result['message'] = $Account.message }
    if ($null -eq $Account.sid) { return $result }
    $candidates = Get-CandidateSids $Account $IsService
    $result['basis'] = $candidates.basis
    foreach ($rule in $Rules) {
        if (-not $rule.read -or $candidates.sids -notcontains $rule.sid) { continue }
        if ($rule.type -eq 'Deny') {
            $result['canRead'] = $false
            $result['via'] = ('{0}: deny {1}' -f $rule.identity, $rule.rights)
            return $result
        }
        if (-not $result['canRead']) {
            $result['canRead'] = $true
            $result['via'] = ('{0}: {1}' -f $rule.identity, $rule.rights)
        }
    }
    return $result
}
