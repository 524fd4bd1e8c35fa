# CertDesk Windows bridge: report whether this process is elevated (member of Administrators with a full token).
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File check-elevation.ps1
# Input:  one JSON document on stdin: {}
# Output: one line of JSON on stdout: { elevated, user, userSid, psVersion, osVersion }, or {"error":{"code":"...","message":"..."}}.
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

function Invoke-Main($Request) {
    $null = $Request
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    return [ordered]@{
        elevated  = [bool](Test-Elevated)
        user      = $identity.Name
        userSid   = $identity.User.Value
        psVersion = $PSVersionTable.PSVersion.ToString()
        osVersion = [Environment]::OSVersion.VersionString
    }
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main $request
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = $_.Exception.Message } }
}
Write-BridgeOutput $output
