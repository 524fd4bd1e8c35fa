# CertDesk Windows bridge: launch the LoadCert.exe this script detects itself (never a path from the input); UAC prompt when not elevated.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File launch-loadcert.ps1
# Input:  one JSON document on stdin: {}
# Output: one line of JSON on stdout: { launched, path, processId }, or {"error":{"code":"...","message":"..."}}.
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

function Find-LoadCert {
    # Intel SCS 3.x ships LoadCert.exe in Program Files\Intel\AMTConfServer\Tools (either Program Files).
    $roots = New-Object -TypeName 'System.Collections.Generic.List[string]'
    foreach ($folder in @('ProgramFiles', 'ProgramFilesX86')) {
        $root = [Environment]::GetFolderPath($folder)
        if ($root.Length -gt 0 -and -not $roots.Contains($root)) { $roots.Add($root) }
    }
    $searched = New-Object -TypeName 'System.Collections.Generic.List[string]'
    $found = $null
    foreach ($root in $roots) {
        $candidate = [System.IO.Path]::Combine($root, 'Intel\AMTConfServer\Tools\LoadCert.exe')
        $searched.Add($candidate)
        if ($null -eq $found -and [System.IO.File]::Exists($candidate)) { $found = $candidate }
    }
    $version = $null
    if ($null -ne $found) { $version = [System.Diagnostics.FileVersionInfo]::GetVersionInfo($found).FileVersion }
    return [ordered]@{ found = ($null -ne $found); path = $found; fileVersion = $version; searched = $searched.ToArray() }
}

function Invoke-Main($Request) {
    $null = $Request
    $loadCert = Find-LoadCert
    if (-not $loadCert.found) {
        throw (New-BridgeError 'not-found' ('LoadCert.exe (Intel SCS 3.x) was not found; looked in {0}.' -f ($loadCert.searched -join '; ')))
    }
    # The path is the one detected above, never one given in the input. LoadCert has no arguments here.
    # ShellExecute with the "runas" verb when not elevated: Windows shows the UAC prompt for LoadCert.exe.
    $startInfo = New-Object -TypeName System.Diagnostics.ProcessStartInfo -ArgumentList $loadCert.path
    $startInfo.WorkingDirectory = [System.IO.Path]::GetDirectoryName($loadCert.path)
    $startInfo.UseShellExecute = $true
    if (-not (Test-Elevated)) { $startInfo.Verb = 'runas' }
    try {
        $process = [System.Diagnostics.Process]::Start($startInfo)
    } catch {
        $inner = $_.Exception
        while ($null -ne $inner) {
            # ERROR_CANCELLED (1223): the user said no at the UAC prompt.
            if ($inner -is [System.ComponentModel.Win32Exception] -and $inner.NativeErrorCode -eq 1223) {
                throw (New-BridgeError 'cancelled' 'LoadCert.exe was not started: the administrator prompt was cancelled.')
            }
            $inner = $inner.InnerException
        }
        throw
    }
    $processId = $null
    if ($null -ne $process) { $processId = $process.Id }
    return [ordered]@{ launched = $true; path = $loadCert.path; processId = $processId }
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main $request
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = $_.Exception.Message } }
}
Write-BridgeOutput $output
