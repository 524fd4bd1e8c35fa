# CertDesk Windows bridge: launch the LoadCert.exe this script detects itself (never a path from the input); UAC prompt when not elevated.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File launch-loadcert.ps1
# Input:  one JSON document on stdin: {}
# Output: one line of JSON on stdout: { launched, path, processId }, or {"error":{"code":"...","message":"..."}}.
# Windows PowerShell 5.1 and PowerShell 7. Data is only read from stdin; nothing is built into a command.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# Shared helpers: fixed file names in this script's own folder, never a path from the input.
try {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.LoadCert.ps1')
} catch {
    # Without the helpers there is no Write-BridgeOutput: answer with a fixed line of ASCII JSON.
    [Console]::Out.WriteLine('{"error":{"code":"internal","message":"A shared CertDesk PowerShell module (CertDesk.*.ps1, beside this script) is missing or could not be loaded. Reinstall CertDesk."}}')
    exit 1
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
