# CertDesk Windows bridge: helpers every script shares: bridge errors, the request and its fields, the one output
# path, elevation, and the elevation.check operation.
# Dot-sourced by the scripts beside it: . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')
# Defines functions only: loading it reads no input, writes no output and changes nothing on the machine.
# Every call that only works on Windows (or .NET Framework) is in CertDesk.Platform.ps1, not here.
# Windows PowerShell 5.1 and PowerShell 7.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function New-BridgeError([string]$Code, [string]$Message) {
    $exception = New-Object -TypeName System.Exception -ArgumentList $Message
    $exception.Data['certdesk.code'] = $Code
    return $exception
}

function Test-FullLanguage {
    # WDAC / AppLocker run unapproved scripts in ConstrainedLanguage: no .NET method calls but on core types.
    return ([string]$ExecutionContext.SessionState.LanguageMode -eq 'FullLanguage')
}

function Get-LanguageModeMessage {
    return ('PowerShell runs these scripts in {0} mode on this machine (Windows Defender Application Control or AppLocker), which blocks the .NET calls CertDesk needs. Allow the signed CertDesk scripts in the policy, or run the steps by hand (docs/windows-test.md).' -f [string]$ExecutionContext.SessionState.LanguageMode)
}

function Get-BridgeErrorCode($ErrorRecord) {
    # First: in ConstrainedLanguage even reading the exception's Data would fail again.
    if (-not (Test-FullLanguage)) { return 'powershell-blocked' }
    $exception = $ErrorRecord.Exception
    while ($null -ne $exception) {
        if ($exception.Data.Contains('certdesk.code')) { return [string]$exception.Data['certdesk.code'] }
        $exception = $exception.InnerException
    }
    # stdin that is not JSON (or empty on 5.1): the caller's mistake, not PowerShell's.
    if ([string]$ErrorRecord.FullyQualifiedErrorId -like '*,Microsoft.PowerShell.Commands.ConvertFromJsonCommand') { return 'usage' }
    return 'powershell-failed'
}

function Get-BridgeErrorMessage($ErrorRecord) {
    if (-not (Test-FullLanguage)) { return (Get-LanguageModeMessage) }
    if ([string]$ErrorRecord.FullyQualifiedErrorId -like '*,Microsoft.PowerShell.Commands.ConvertFromJsonCommand') {
        return 'The input on stdin is not one JSON object.'
    }
    return [string]$ErrorRecord.Exception.Message
}

function Assert-BridgeRequest($Request) {
    # The one request a script takes: a JSON object (not null, an array, a string or a number).
    if (-not (Test-FullLanguage)) { throw (New-BridgeError 'powershell-blocked' (Get-LanguageModeMessage)) }
    if ($null -eq $Request -or $Request.GetType().FullName -ne 'System.Management.Automation.PSCustomObject') {
        throw (New-BridgeError 'usage' 'The input on stdin must be one JSON object.')
    }
    return $Request
}

function Get-Field($Object, [string]$Name, $Default) {
    # The unary comma keeps a list a list: a function's output would otherwise unroll it (one element -> the
    # element, an empty list -> nothing).
    if ($null -eq $Object) { return , $Default }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property -or $null -eq $property.Value) { return , $Default }
    return , $property.Value
}

function Get-StringField($Object, [string]$Name, [int]$MaxLength) {
    # A string field, '' when absent or null. Anything else (number, object, array) is the caller's mistake.
    $value = Get-Field $Object $Name $null
    if ($null -eq $value) { return '' }
    if ($value -isnot [string]) { throw (New-BridgeError 'usage' ('The field "{0}" must be a string.' -f $Name)) }
    if ($value.Length -gt $MaxLength) { throw (New-BridgeError 'usage' ('The field "{0}" is longer than {1} characters.' -f $Name, $MaxLength)) }
    return $value
}

function Get-BoolField($Object, [string]$Name) {
    $value = Get-Field $Object $Name $false
    if ($value -isnot [bool]) { throw (New-BridgeError 'usage' ('The field "{0}" must be true or false.' -f $Name)) }
    return $value
}

function Get-ArrayField($Object, [string]$Name) {
    # A JSON array (ConvertFrom-Json gives object[]); absent or null is empty.
    $value = Get-Field $Object $Name $null
    if ($null -eq $value) { return , @() }
    if ($value -isnot [array]) { throw (New-BridgeError 'usage' ('The field "{0}" must be a list.' -f $Name)) }
    return , $value
}

function Get-Sha256Hex([byte[]]$Bytes) {
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { return [BitConverter]::ToString($sha.ComputeHash($Bytes)).Replace('-', '') } finally { $sha.Dispose() }
}

function Write-BridgeOutput($Value) {
    $text = ConvertTo-Json -InputObject $Value -Compress -Depth 6
    if (-not (Test-FullLanguage)) {
        # ConstrainedLanguage cannot reach [Console]: the (ASCII) answer goes out as the script's output.
        return $text
    }
    # UTF-8 bytes straight to stdout: the console code page must not mangle names.
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($text + "`n")
    $stream = [Console]::OpenStandardOutput()
    $stream.Write($bytes, 0, $bytes.Length)
    $stream.Flush()
}

function Test-Elevated {
    return [bool](Get-PlatformIdentity).elevated
}

function Assert-Elevated([string]$What) {
    if (-not (Test-Elevated)) {
        throw (New-BridgeError 'not-elevated' ('{0} needs administrator rights, and this PowerShell is not elevated.' -f $What))
    }
}

function Invoke-CheckElevation($Request) {
    $null = $Request
    $identity = Get-PlatformIdentity
    $platform = Get-PlatformInfo
    return [ordered]@{
        elevated  = [bool]$identity.elevated
        user      = $identity.user
        userSid   = $identity.userSid
        psVersion = $platform.psVersion
        osVersion = $platform.osVersion
    }
}
