# CertDesk Windows bridge: grant an account (or a service's logon account) Read on a certificate's private key file; verify by reading back.
# Run as: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File acl-grant.ps1
# Input:  one JSON document on stdin: { thumbprint, service? | account? }
# Output: one line of JSON on stdout: { key, service?, account, before:[...], after:[...], changed, verified }, or {"error":{"code":"...","message":"..."}}.
# Windows PowerShell 5.1 and PowerShell 7. Data is only read from stdin; nothing is built into a command.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# Shared helpers: fixed file names in this script's own folder, never a path from the input.
try {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Accounts.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.KeyAccess.ps1')
} catch {
    # Without the helpers there is no Write-BridgeOutput: answer with a fixed line of ASCII JSON.
    [Console]::Out.WriteLine('{"error":{"code":"internal","message":"A shared CertDesk PowerShell module (CertDesk.*.ps1, beside this script) is missing or could not be loaded. Reinstall CertDesk."}}')
    exit 1
}

function Invoke-Main($Request) {
    Assert-Elevated 'Granting access to the private key'
    $thumbprint = [string](Get-Field $Request 'thumbprint' '')
    $certificate = Find-MachineCertificate $thumbprint
    if ($null -eq $certificate) { throw (New-BridgeError 'not-found' ('No certificate with thumbprint {0} in LocalMachine\My.' -f $thumbprint)) }
    $requested = Resolve-RequestedAccount $Request
    if ($null -eq $requested) { throw (New-BridgeError 'usage' 'Name the service or the account to grant read access to.') }
    $account = $requested.account
    if ($null -eq $account.sid) { throw (New-BridgeError 'not-found' $account.message) }
    $key = Get-KeyLocation $certificate
    $before = Read-KeyAcl $key.keyFile

    # Already there: a direct Allow rule with read for this very SID (group rules are not enough: they may change).
    $present = $false
    foreach ($rule in $before.rules) {
        if ($rule.sid -eq $account.sid -and $rule.type -eq 'Allow' -and $rule.read) { $present = $true }
    }
    $changed = $false
    if (-not $present) {
        # Only the DACL is read and written back: the owner of a machine key is not ours to change.
        $security = New-Object -TypeName System.Security.AccessControl.FileSecurity -ArgumentList $key.keyFile, ([System.Security.AccessControl.AccessControlSections]::Access)
        $identity = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $account.sid
        $rule = New-Object -TypeName System.Security.AccessControl.FileSystemAccessRule -ArgumentList $identity, ([System.Security.AccessControl.FileSystemRights]::Read), ([System.Security.AccessControl.AccessControlType]::Allow)
        $security.AddAccessRule($rule)
        Set-Acl -LiteralPath $key.keyFile -AclObject $security
        $changed = $true
    }

    $after = Read-KeyAcl $key.keyFile
    $verified = $false
    foreach ($rule in $after.rules) {
        if ($rule.sid -eq $account.sid -and $rule.type -eq 'Allow' -and $rule.read) { $verified = $true }
    }
    if (-not $verified) {
        throw (New-BridgeError 'powershell-failed' ('The read rule for {0} was written but is not in the key file''s ACL when read back.' -f $account.name))
    }
    $result = [ordered]@{
        key      = $key
        account  = (Test-AccountRead $after.rules $account $requested.isService)
        before   = $before.rules
        after    = $after.rules
        changed  = $changed
        verified = $verified
    }
    if ($null -ne $requested.service) { $result['service'] = $requested.service }
    return $result
}

$output = $null
try {
    $request = [Console]::In.ReadToEnd() | ConvertFrom-Json
    $output = Invoke-Main $request
} catch {
    $output = @{ error = @{ code = (Get-BridgeErrorCode $_); message = $_.Exception.Message } }
}
Write-BridgeOutput $output
