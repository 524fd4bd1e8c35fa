# CertDesk Windows bridge: the machine certificate, its private key file, the key's ACL and who can read it, and
# the acl.show, acl.grant and verify operations.
# Dot-sourced after CertDesk.Common.ps1, CertDesk.Platform.ps1 and CertDesk.Accounts.ps1 by the scripts beside it.
# Defines functions only: loading it reads no input, writes no output and changes nothing on the machine.
# Windows PowerShell 5.1 and PowerShell 7.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Get-ChainUrlTimeoutMs {
    # Fetching a missing issuer (AIA) on an offline server must not eat verify's 90 s: 5 s for all URL retrievals.
    return 5000
}

function Get-RequestThumbprint($Request) {
    $thumbprint = Get-StringField $Request 'thumbprint' 200
    if ($thumbprint -cnotmatch '^[0-9A-Fa-f]{40}$') { throw (New-BridgeError 'usage' 'A thumbprint is 40 hexadecimal digits.') }
    return $thumbprint.ToUpperInvariant()
}

function Find-MachineCertificate([string]$Thumbprint) {
    if ($Thumbprint -cnotmatch '^[0-9A-F]{40}$') { throw (New-BridgeError 'usage' 'A thumbprint is 40 hexadecimal digits.') }
    return (Get-PlatformStoreCertificate 'My' $Thumbprint)
}

function Get-KeyLocation($Certificate) {
    if (-not $Certificate.HasPrivateKey) {
        throw (New-BridgeError 'not-found' ('The certificate {0} in LocalMachine\My has no private key.' -f $Certificate.Thumbprint))
    }
    $info = Get-PlatformPrivateKeyInfo $Certificate
    if (-not $info.rsa) { throw (New-BridgeError 'unsupported-format' 'The private key is not an RSA key (Intel AMT needs RSA).') }
    if (@($info.uniqueNames).Count -eq 0) { throw (New-BridgeError 'not-found' 'Windows did not report the key container''s unique name.') }
    # The provider is where the key file is, not the class .NET hands out: on .NET Framework 4.6-4.8
    # GetRSAPrivateKey() returns RSACng for CAPI keys too.
    $programData = [string](Get-PlatformInfo).programData
    $folders = @(
        @{ folder = 'Microsoft\Crypto\Keys'; provider = 'CNG' },
        @{ folder = 'Microsoft\Crypto\SystemKeys'; provider = 'CNG' },
        @{ folder = 'Microsoft\Crypto\RSA\MachineKeys'; provider = 'CAPI' }
    )
    foreach ($uniqueName in @($info.uniqueNames)) {
        foreach ($place in $folders) {
            $candidate = $programData.TrimEnd('\') + '\' + $place.folder + '\' + $uniqueName
            if (Test-PlatformFile $candidate) {
                $providerName = $info.providerName
                if ($place.provider -eq 'CAPI' -and $null -ne $info.capiProviderName) { $providerName = $info.capiProviderName }
                return [ordered]@{
                    thumbprint   = $Certificate.Thumbprint
                    subject      = $Certificate.Subject
                    provider     = $place.provider
                    providerName = $providerName
                    uniqueName   = $uniqueName
                    keyFile      = $candidate
                }
            }
        }
    }
    throw (New-BridgeError 'not-found' ('The key file {0} was not found under {1}\Microsoft\Crypto (Keys, SystemKeys, RSA\MachineKeys).' -f (@($info.uniqueNames) -join ' / '), $programData))
}

function Test-ReadRight([int]$Rights) {
    # ReadData (0x1), or a generic right written by MMC: GENERIC_ALL (0x10000000) or GENERIC_READ (0x80000000,
    # the sign bit, so negative as an Int32).
    return ((($Rights -band 1) -ne 0) -or (($Rights -band 0x10000000) -ne 0) -or ($Rights -lt 0))
}

function Read-KeyAcl([string]$Path) {
    $acl = Get-PlatformFileAcl $Path
    $names = @{}
    $rules = New-Object -TypeName 'System.Collections.Generic.List[object]'
    foreach ($rule in @($acl.rules)) {
        $sid = [string]$rule.sid
        if (-not $names.ContainsKey($sid)) {
            $name = Resolve-PlatformSidName $sid (Get-TranslateTimeoutMs)
            if ($null -eq $name) { $name = $sid }
            $names[$sid] = $name
        }
        $rules.Add([ordered]@{
            identity  = $names[$sid]
            sid       = $sid
            rights    = [string]$rule.rightsText
            type      = [string]$rule.type
            inherited = [bool]$rule.inherited
            read      = [bool](Test-ReadRight $rule.rights)
        })
    }
    $owner = $null
    if ($null -ne $acl.ownerSid) {
        $owner = Resolve-PlatformSidName ([string]$acl.ownerSid) (Get-TranslateTimeoutMs)
        if ($null -eq $owner) { $owner = [string]$acl.ownerSid }
    }
    return @{ owner = $owner; rules = $rules.ToArray() }
}

function Get-CandidateSids($Account, [bool]$IsService) {
    # The SIDs a process running as the account would carry: its own and, where known, its groups.
    $sids = New-Object -TypeName 'System.Collections.Generic.List[string]'
    $basis = 'well-known'
    $tokenError = $null
    $sids.Add([string]$Account.sid)
    if ($Account.kind -eq 'domain' -or $Account.kind -eq 'managed') {
        $token = Get-AccountTokenSids $Account
        if ($null -eq $token.error) {
            foreach ($sid in $token.sids) { $sids.Add([string]$sid) }
            $basis = 'token'
        } else {
            $tokenError = $token.error
        }
    }
    $sids.Add('S-1-1-0')
    $sids.Add('S-1-5-11')
    $sids.Add('S-1-5-32-545')
    if ($IsService) { $sids.Add('S-1-5-6') }
    if ($Account.kind -eq 'LocalSystem') { $sids.Add('S-1-5-32-544') }
    return @{ sids = $sids.ToArray(); basis = $basis; error = $tokenError }
}

function Test-AccountRead($Rules, $Account, [bool]$IsService) {
    $result = [ordered]@{ name = $Account.name; sid = $Account.sid; kind = $Account.kind; canRead = $false; via = $null; basis = 'well-known' }
    if ($Account.Contains('message')) { $result['message'] = $Account.message }
    if ($null -eq $Account.sid) { return $result }
    $candidates = Get-CandidateSids $Account $IsService
    $result['basis'] = $candidates.basis
    if ($null -ne $candidates.error) {
        # Said, never silent: group rules (other than the well-known groups) were not judged.
        $result['message'] = ('Windows could not make the account''s token ({0}); only its own SID and the well-known groups were checked, not its domain groups.' -f $candidates.error)
    }
    foreach ($rule in $Rules) {
        if (-not $rule.read -or $candidates.sids -notcontains $rule.sid) { continue }
        if ($rule.type -eq 'Deny') {
            $result['canRead'] = $false
            $result['via'] = ('{0}: deny {1}' -f $rule.identity, $rule.rights)
            return $result
        }
        if (-not $result['canRead']) {
            $result['canRead'] = $true
            $result['via'] = ('{0}: {1}' -f $rule.identity, $rule.rights)
        }
    }
    return $result
}

function Invoke-AclShow($Request) {
    $thumbprint = Get-RequestThumbprint $Request
    $certificate = Find-MachineCertificate $thumbprint
    if ($null -eq $certificate) { throw (New-BridgeError 'not-found' ('No certificate with thumbprint {0} in LocalMachine\My.' -f $thumbprint)) }
    $key = Get-KeyLocation $certificate
    $acl = Read-KeyAcl $key.keyFile
    $result = [ordered]@{ key = $key; owner = $acl.owner; rules = $acl.rules }
    $requested = Resolve-RequestedAccount $Request
    if ($null -ne $requested) {
        if ($null -ne $requested.service) { $result['service'] = $requested.service }
        $result['account'] = Test-AccountRead $acl.rules $requested.account $requested.isService
    }
    return $result
}

function Invoke-AclGrant($Request) {
    $thumbprint = Get-RequestThumbprint $Request
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
        # Only the DACL is written (never Set-Acl: it would also write the audit section and the owner).
        Add-PlatformFileReadRule $key.keyFile ([string]$account.sid)
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

function Invoke-Verify($Request) {
    $thumbprint = Get-RequestThumbprint $Request
    $result = [ordered]@{
        thumbprint        = $thumbprint
        store             = 'LocalMachine\My'
        found             = $false
        hasPrivateKey     = $false
        keyError          = $null
        key               = $null
        certificateBase64 = $null
        chain             = $null
        account           = $null
        service           = $null
    }
    $requested = Resolve-RequestedAccount $Request
    if ($null -ne $requested) { $result['service'] = $requested.service }

    $certificate = Find-MachineCertificate $thumbprint
    if ($null -eq $certificate) { return $result }
    $result['found'] = $true
    $result['hasPrivateKey'] = [bool]$certificate.HasPrivateKey
    $result['certificateBase64'] = [Convert]::ToBase64String($certificate.RawData)

    $chain = Invoke-PlatformChainBuild $certificate (Get-ChainUrlTimeoutMs)
    $elements = New-Object -TypeName 'System.Collections.Generic.List[object]'
    foreach ($element in @($chain.elements)) {
        $elements.Add([ordered]@{
            thumbprint = $element.certificate.Thumbprint
            sha256     = (Get-Sha256Hex $element.certificate.RawData)
            subject    = $element.certificate.Subject
            status     = @($element.status)
            rawBase64  = [Convert]::ToBase64String($element.certificate.RawData)
        })
    }
    $result['chain'] = [ordered]@{ built = [bool]$chain.built; status = @($chain.status); elements = $elements.ToArray() }

    if ($certificate.HasPrivateKey) {
        try {
            $key = Get-KeyLocation $certificate
            $result['key'] = $key
            if ($null -ne $requested) {
                $acl = Read-KeyAcl $key.keyFile
                $result['account'] = Test-AccountRead $acl.rules $requested.account $requested.isService
            }
        } catch {
            $result['keyError'] = $_.Exception.Message
        }
    }
    return $result
}
