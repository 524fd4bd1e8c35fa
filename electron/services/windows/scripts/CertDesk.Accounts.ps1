# CertDesk Windows bridge: accounts and services: a logon account or an account name resolved to a SID.
# Dot-sourced after CertDesk.Common.ps1 (it uses New-BridgeError and Get-Field) by the scripts beside it.
# Defines functions only: loading it reads no input, writes no output and changes nothing on the machine.
# Windows PowerShell 5.1 and PowerShell 7.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

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
