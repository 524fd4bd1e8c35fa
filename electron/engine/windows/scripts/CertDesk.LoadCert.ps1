# CertDesk Windows bridge: detection and launch of Intel SCS 3.x LoadCert.exe (the association step): the
# association.detect and association.launch operations.
# Dot-sourced after CertDesk.Common.ps1 and CertDesk.Platform.ps1 by the scripts beside it. Defines functions only:
# loading it reads no input, writes no output and changes nothing on the machine.
# Windows PowerShell 5.1 and PowerShell 7.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Find-LoadCert {
    $platform = Get-PlatformInfo
    if (-not $platform.isWindows) { throw (New-BridgeError 'not-windows' ('LoadCert.exe is looked for on Windows; this is {0}.' -f $platform.osVersion)) }
    # Intel SCS 3.x ships LoadCert.exe in Program Files\Intel\AMTConfServer\Tools (either Program Files).
    $searched = New-Object -TypeName 'System.Collections.Generic.List[string]'
    $found = $null
    foreach ($root in @($platform.programFiles)) {
        $candidate = ([string]$root).TrimEnd('\') + '\Intel\AMTConfServer\Tools\LoadCert.exe'
        $searched.Add($candidate)
        if ($null -eq $found -and (Test-PlatformFile $candidate)) { $found = $candidate }
    }
    $version = $null
    if ($null -ne $found) { $version = Get-PlatformFileVersion $found }
    return [ordered]@{ found = ($null -ne $found); path = $found; fileVersion = $version; searched = $searched.ToArray() }
}

function Invoke-FindLoadCert($Request) {
    $null = $Request
    return [ordered]@{ loadCert = (Find-LoadCert) }
}

function Invoke-LaunchLoadCert($Request) {
    $null = $Request
    $loadCert = Find-LoadCert
    if (-not $loadCert.found) {
        throw (New-BridgeError 'not-found' ('LoadCert.exe (Intel SCS 3.x) was not found; looked in {0}.' -f ($loadCert.searched -join '; ')))
    }
    # The path is the one detected above, never one given in the input. LoadCert has no arguments here.
    # ShellExecute with the "runas" verb when not elevated: Windows shows the UAC prompt for LoadCert.exe.
    $started = Start-PlatformProcess $loadCert.path (-not (Test-Elevated))
    if ($started.cancelled) { throw (New-BridgeError 'cancelled' 'LoadCert.exe was not started: the administrator prompt was cancelled.') }
    return [ordered]@{ launched = $true; path = $loadCert.path; processId = $started.processId }
}
