# CertDesk Windows bridge: list services (provisioning services by name/display-name pattern, or all) with their logon account and its SID.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File list-services.ps1
# Input:  one JSON document on stdin: { all?, patterns:[wildcard...] }
# Output: one line of JSON on stdout: { all, patterns, services:[{ name, displayName, state, startMode, account:{ name, sid, kind }, matched, pathName }] }, or {"error":{"code":"...","message":"..."}}.
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

function Invoke-Main($Request) {
    $all = [bool](Get-Field $Request 'all' $false)
    $patterns = @(Get-Field $Request 'patterns' @())
    $accounts = @{}
    $results = New-Object -TypeName 'System.Collections.Generic.List[object]'
    foreach ($service in @(Get-CimInstance -ClassName Win32_Service | Sort-Object -Property 'Name')) {
        $name = [string]$service.Name
        $displayName = [string]$service.DisplayName
        $matched = $false
        foreach ($pattern in $patterns) {
            # -like treats the pattern as a wildcard (* ? [ ]) and nothing else.
            if ($name -like [string]$pattern -or $displayName -like [string]$pattern) { $matched = $true; break }
        }
        if (-not $all -and -not $matched) { continue }
        $startName = [string]$service.StartName
        $account = [ordered]@{ name = ''; sid = $null; kind = 'unknown'; message = 'The service has no logon account (StartName).' }
        if ($startName.Length -gt 0) {
            if (-not $accounts.ContainsKey($startName)) { $accounts[$startName] = Resolve-Account $startName }
            $account = $accounts[$startName]
        }
        $results.Add([ordered]@{
            name        = $name
            displayName = $displayName
            state       = [string]$service.State
            startMode   = [string]$service.StartMode
            account     = $account
            matched     = $matched
            pathName    = [string]$service.PathName
        })
    }
    return [ordered]@{ all = $all; patterns = $patterns; services = $results.ToArray() }
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main $request
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = $_.Exception.Message } }
}
Write-BridgeOutput $output
