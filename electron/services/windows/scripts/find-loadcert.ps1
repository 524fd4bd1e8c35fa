# CertDesk Windows bridge: detect Intel SCS 3.x's LoadCert.exe (certificate association, the seed's step 7).
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File find-loadcert.ps1
# Input:  one JSON document on stdin: {}
# Output: one line of JSON on stdout: { loadCert:{ found, path, fileVersion, searched } }, or {"error":{"code":"...","message":"..."}}.
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
    return [ordered]@{ loadCert = (Find-LoadCert) }
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main $request
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = $_.Exception.Message } }
}
Write-BridgeOutput $output
