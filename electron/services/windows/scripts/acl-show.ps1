# CertDesk Windows bridge: show the ACL of a certificate's private key file (CNG or CAPI) and whether an account can read it.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File acl-show.ps1
# Input:  one JSON document on stdin: { thumbprint, service?, account? }
# Output: one line of JSON on stdout: { key, owner, rules:[...], service?, account?:{ name, sid, kind, canRead, via, basis } }, or {"error":{"code":"...","message":"..."}}.
# Windows PowerShell 5.1 and PowerShell 7. Data is only read from stdin; nothing is built into a command.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# ---- bridge helpers (identical in every CertDesk script; the tests compare them) ----

function New-BridgeError([string]$Code, [string]$Message) {
    $exception = New-Object -TypeName System.Exception -ArgumentList $Message
    $exception.Data['certdesk.code'] = $Code
    return $exception
}

function Get-BridgeErrorCode($ErrorRecord) {
    $exception = $ErrorRecord.Exception
    while ($null -ne $exception) {
        if ($exception.Data.Contains('certdesk.code')) { return [string]$exception.Data['certdesk.code'] }
        $exception = $exception.InnerException
    }
    return 'powershell-failed'
}

function Get-Field($Object, [string]$Name, $Default) {
    if ($null -eq $Object) { return $Default }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property -or $null -eq $property.Value) { return $Default }
    return $property.Value
}

function Write-BridgeOutput($Value) {
    # UTF-8 bytes straight to stdout: the console code page must not mangle names.
    $text = ConvertTo-Json -InputObject $Value -Compress -Depth 6
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($text + "`n")
    $stream = [Console]::OpenStandardOutput()
    $stream.Write($bytes, 0, $bytes.Length)
    $stream.Flush()
}

function Test-Elevated {
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object -TypeName System.Security.Principal.WindowsPrincipal -ArgumentList $identity
    return $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}

function Assert-Elevated([string]$What) {
    if (-not (Test-Elevated)) {
        throw (New-BridgeError 'not-elevated' ('{0} needs administrator rights, and this PowerShell is not elevated.' -f $What))
    }
}

function Resolve-Account([string]$Name) {
    $trimmed = $Name.Trim()
    $wellKnown = @{
        'LocalSystem'                 = @('S-1-5-18', 'LocalSystem')
        'NT AUTHORITY\SYSTEM'         = @('S-1-5-18', 'LocalSystem')
        'SYSTEM'                      = @('S-1-5-18', 'LocalSystem')
        'NT AUTHORITY\LocalService'   = @('S-1-5-19', 'LocalService')
        'NT AUTHORITY\LOCAL SERVICE'  = @('S-1-5-19', 'LocalService')
        'LocalService'                = @('S-1-5-19', 'LocalService')
        'NT AUTHORITY\NetworkService' = @('S-1-5-20', 'NetworkService')
        'NT AUTHORITY\NETWORK SERVICE' = @('S-1-5-20', 'NetworkService')
        'NetworkService'              = @('S-1-5-20', 'NetworkService')
    }
    if ($wellKnown.ContainsKey($trimmed)) {
        $known = $wellKnown[$trimmed]
        return [ordered]@{ name = $trimmed; sid = $known[0]; kind = $known[1] }
    }
    if ($trimmed -match '^S-1-[0-9]+(-[0-9]+)+$') {
        $sid = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $trimmed
        return [ordered]@{ name = $trimmed; sid = $sid.Value; kind = 'sid' }
    }
    $lookup = $trimmed
    if ($lookup.StartsWith('.\')) { $lookup = [Environment]::MachineName + $lookup.Substring(1) }
    try {
        $account = New-Object -TypeName System.Security.Principal.NTAccount -ArgumentList $lookup
        $sidValue = $account.Translate([System.Security.Principal.SecurityIdentifier]).Value
    } catch {
        return [ordered]@{ name = $trimmed; sid = $null; kind = 'unknown'; message = ('Windows cannot resolve the account "{0}" on this machine: {1}' -f $trimmed, $_.Exception.Message) }
    }
    $kind = 'domain'
    if ($sidValue.StartsWith('S-1-5-80-')) { $kind = 'virtual' }
    elseif ($lookup.EndsWith('$')) { $kind = 'managed' }
    elseif ($sidValue -eq 'S-1-5-18') { $kind = 'LocalSystem' }
    elseif ($sidValue -eq 'S-1-5-19') { $kind = 'LocalService' }
    elseif ($sidValue -eq 'S-1-5-20') { $kind = 'NetworkService' }
    elseif (-not $lookup.Contains('\') -and -not $lookup.Contains('@')) { $kind = 'local' }
    elseif ($lookup.StartsWith([Environment]::MachineName + '\', [StringComparison]::OrdinalIgnoreCase)) { $kind = 'local' }
    return [ordered]@{ name = $trimmed; sid = $sidValue; kind = $kind }
}

function Get-ServiceByName([string]$Name) {
    # Compared in PowerShell, not in a WQL filter: the name is data and never becomes part of a query string.
    foreach ($service in @(Get-CimInstance -ClassName Win32_Service)) {
        if ($service.Name -eq $Name) { return $service }
    }
    throw (New-BridgeError 'not-found' ('There is no service named "{0}" on this machine (use the service name, not its display name; "certdesk service list --all" lists them).' -f $Name))
}

function Resolve-RequestedAccount($Request) {
    # The account to judge: a service's logon account (StartName) or an account named directly.
    $serviceName = [string](Get-Field $Request 'service' '')
    $accountName = [string](Get-Field $Request 'account' '')
    if ($serviceName.Length -gt 0) {
        $service = Get-ServiceByName $serviceName
        $startName = [string]$service.StartName
        if ($startName.Length -eq 0) { throw (New-BridgeError 'not-found' ('The service "{0}" has no logon account (StartName).' -f $serviceName)) }
        return @{ service = [string]$service.Name; account = (Resolve-Account $startName); isService = $true }
    }
    if ($accountName.Length -gt 0) { return @{ service = $null; account = (Resolve-Account $accountName); isService = $false } }
    return $null
}

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
