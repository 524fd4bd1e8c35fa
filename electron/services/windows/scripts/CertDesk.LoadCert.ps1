# CertDesk Windows bridge: detection of Intel SCS 3.x LoadCert.exe (the association step).
# Dot-sourced by the scripts beside it. Defines functions only: loading it reads no input, writes no output
# and changes nothing on the machine.
# Windows PowerShell 5.1 and PowerShell 7.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

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
