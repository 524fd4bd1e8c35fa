# CertDesk Windows bridge: list services (provisioning services by name/display-name pattern, or all) with their logon account and its SID.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File list-services.ps1
# Input:  one JSON document on stdin: { all?, patterns:[wildcard...] }
# Output: one line of JSON on stdout: { all, patterns, services:[{ name, displayName, state, startMode, account:{ name, sid, kind }, matched, pathName }] }, or {"error":{"code":"...","message":"..."}}.
# Windows PowerShell 5.1 and PowerShell 7. Data is only read from stdin; nothing is built into a command.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# Shared helpers: fixed file names in this script's own folder, never a path from the input.
try {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Accounts.ps1')
} catch {
    # Without the helpers there is no Write-BridgeOutput: answer with a fixed line of ASCII JSON.
    [Console]::Out.WriteLine('{"error":{"code":"internal","message":"A shared CertDesk PowerShell module (CertDesk.*.ps1, beside this script) is missing or could not be loaded. Reinstall CertDesk."}}')
    exit 1
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
