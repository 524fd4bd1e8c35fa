# CertDesk Windows bridge: accounts and services: a logon account or an account name resolved to a SID, the SIDs
# its token carries, and the service.list operation.
# Dot-sourced after CertDesk.Common.ps1 and CertDesk.Platform.ps1 by the scripts beside it.
# Defines functions only: loading it reads no input, writes no output and changes nothing on the machine.
# Windows PowerShell 5.1 and PowerShell 7.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Get-TranslateTimeoutMs {
    # Name <-> SID lookups and the S4U logon go to a domain controller; without one they can block for minutes.
    return 15000
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
        # The SID string form (1 revision, authority, at most 15 sub-authorities of 32 bits); no lookup needed.
        if ($trimmed -notmatch '^S-1-[0-9]{1,13}(-[0-9]{1,10}){1,15}$') {
            return [ordered]@{ name = $trimmed; sid = $null; kind = 'unknown'; message = ('"{0}" is not a valid SID.' -f $trimmed) }
        }
        return [ordered]@{ name = $trimmed; sid = $trimmed.ToUpperInvariant(); kind = 'sid' }
    }
    $machineName = [string](Get-PlatformInfo).machineName
    $lookup = $trimmed
    if ($lookup.StartsWith('.\')) { $lookup = $machineName + $lookup.Substring(1) }
    $resolved = Resolve-PlatformAccount $lookup (Get-TranslateTimeoutMs)
    if ($null -eq $resolved.sid) {
        return [ordered]@{ name = $trimmed; sid = $null; kind = 'unknown'; message = ('Windows cannot resolve the account "{0}" on this machine: {1}' -f $trimmed, $resolved.error) }
    }
    $sidValue = [string]$resolved.sid
    $kind = 'domain'
    if ($sidValue.StartsWith('S-1-5-80-')) { $kind = 'virtual' }
    elseif ($lookup.EndsWith('$')) { $kind = 'managed' }
    elseif ($sidValue -eq 'S-1-5-18') { $kind = 'LocalSystem' }
    elseif ($sidValue -eq 'S-1-5-19') { $kind = 'LocalService' }
    elseif ($sidValue -eq 'S-1-5-20') { $kind = 'NetworkService' }
    elseif (-not $lookup.Contains('\') -and -not $lookup.Contains('@')) { $kind = 'local' }
    elseif ($lookup.StartsWith($machineName + '\', [StringComparison]::OrdinalIgnoreCase)) { $kind = 'local' }
    return [ordered]@{ name = $trimmed; sid = $sidValue; kind = $kind }
}

function Get-AccountPrincipalName($Account) {
    # The name an S4U logon accepts: the account's real userPrincipalName, else sAMAccountName@<DNS domain>.
    # DOMAIN\user turned into user@DOMAIN (the NetBIOS name) is not a UPN and fails. Returns @{ name; error }.
    $name = [string]$Account.name
    if ($name.Contains('@') -and -not $name.Contains('\')) { return @{ name = $name; error = $null } }
    $directory = Get-PlatformAccountDirectoryInfo ([string]$Account.sid) (Get-TranslateTimeoutMs)
    if (-not [string]::IsNullOrEmpty($directory.upn)) { return @{ name = [string]$directory.upn; error = $null } }
    $sam = [string]$directory.sam
    if ($sam.Length -eq 0 -and $name.Contains('\')) { $sam = $name.Substring($name.IndexOf('\') + 1) }
    if ($sam.Length -gt 0 -and -not [string]::IsNullOrEmpty($directory.dnsDomain)) { return @{ name = ('{0}@{1}' -f $sam, $directory.dnsDomain); error = $null } }
    $why = 'the account has no userPrincipalName and its DNS domain is unknown'
    if ($null -ne $directory.error) { $why = 'Active Directory could not be asked: ' + $directory.error }
    return @{ name = $null; error = $why }
}

function Get-AccountTokenSids($Account) {
    # The group SIDs of a domain (or managed) account's token, by an S4U logon. Returns @{ sids; error }: when the
    # token cannot be made, error says why (the caller reports it; it never falls back silently).
    $principal = Get-AccountPrincipalName $Account
    if ($null -eq $principal.name) { return @{ sids = @(); error = $principal.error } }
    $token = Get-PlatformS4uGroups ([string]$principal.name) (Get-TranslateTimeoutMs)
    if ($null -ne $token.error) { return @{ sids = @(); error = ('the S4U logon as {0} failed: {1}' -f $principal.name, $token.error) } }
    return @{ sids = @($token.groups); error = $null }
}

function Get-ServiceByName([string]$Name) {
    # Compared in PowerShell, not in a WQL filter: the name is data and never becomes part of a query string.
    foreach ($service in @(Get-PlatformServices)) {
        if ($service.name -eq $Name) { return $service }
    }
    throw (New-BridgeError 'not-found' ('There is no service named "{0}" on this machine (use the service name, not its display name; "certdesk service list --all" lists them).' -f $Name))
}

function Resolve-RequestedAccount($Request) {
    # The account to judge: a service's logon account (StartName) or an account named directly.
    $serviceName = Get-StringField $Request 'service' 256
    $accountName = Get-StringField $Request 'account' 512
    if ($serviceName.Length -gt 0) {
        $service = Get-ServiceByName $serviceName
        $startName = [string]$service.startName
        if ($startName.Length -eq 0) { throw (New-BridgeError 'not-found' ('The service "{0}" has no logon account (StartName).' -f $serviceName)) }
        return @{ service = [string]$service.name; account = (Resolve-Account $startName); isService = $true }
    }
    if ($accountName.Trim().Length -gt 0) { return @{ service = $null; account = (Resolve-Account $accountName); isService = $false } }
    return $null
}

function Invoke-ListServices($Request) {
    $all = Get-BoolField $Request 'all'
    $patterns = New-Object -TypeName 'System.Collections.Generic.List[string]'
    foreach ($pattern in (Get-ArrayField $Request 'patterns')) {
        if ($pattern -isnot [string] -or $pattern.Length -gt 256) { throw (New-BridgeError 'usage' 'Each service name pattern must be a string of at most 256 characters.') }
        try { $null = 'x' -like $pattern } catch { throw (New-BridgeError 'usage' ('"{0}" is not a valid wildcard pattern.' -f $pattern)) }
        $patterns.Add($pattern)
    }
    $accounts = @{}
    $results = New-Object -TypeName 'System.Collections.Generic.List[object]'
    foreach ($service in @(Get-PlatformServices | Sort-Object -Property { $_.name })) {
        $name = [string]$service.name
        $displayName = [string]$service.displayName
        $matched = $false
        foreach ($pattern in $patterns) {
            # -like treats the pattern as a wildcard (* ? [ ]) and nothing else.
            if ($name -like $pattern -or $displayName -like $pattern) { $matched = $true; break }
        }
        if (-not $all -and -not $matched) { continue }
        $startName = [string]$service.startName
        $account = [ordered]@{ name = ''; sid = $null; kind = 'unknown'; message = 'The service has no logon account (StartName).' }
        if ($startName.Length -gt 0) {
            if (-not $accounts.ContainsKey($startName)) { $accounts[$startName] = Resolve-Account $startName }
            $account = $accounts[$startName]
        }
        $results.Add([ordered]@{
            name        = $name
            displayName = $displayName
            state       = [string]$service.state
            startMode   = [string]$service.startMode
            account     = $account
            matched     = $matched
            pathName    = [string]$service.pathName
        })
    }
    return [ordered]@{ all = $all; patterns = $patterns.ToArray(); services = $results.ToArray() }
}
