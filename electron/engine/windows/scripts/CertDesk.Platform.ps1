# CertDesk Windows bridge: the platform layer. Every call that only works on Windows (or only on .NET Framework)
# is one of these small functions: certificate stores, machine key files, key-file ACLs, services, accounts and
# tokens, elevation, the OS, chain building, starting a process. Each returns plain objects (hashtables, strings,
# numbers, X509Certificate2) and holds no decision of its own: the operations (the other CertDesk.*.ps1 modules)
# decide, so they can be tested anywhere with these functions mocked (test/powershell).
# Dot-sourced after CertDesk.Common.ps1 (it uses New-BridgeError) by the scripts beside it.
# Defines functions only: loading it reads no input, writes no output and changes nothing on the machine.
# Windows PowerShell 5.1 (.NET Framework 4.5-4.8) and PowerShell 7.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Get-PlatformInfo {
    $programFiles = New-Object -TypeName 'System.Collections.Generic.List[string]'
    foreach ($folder in @('ProgramFiles', 'ProgramFilesX86')) {
        $root = [Environment]::GetFolderPath($folder)
        if ($root.Length -gt 0 -and -not $programFiles.Contains($root)) { $programFiles.Add($root) }
    }
    return [ordered]@{
        isWindows    = ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT)
        osVersion    = [Environment]::OSVersion.VersionString
        osBuild      = [int][Environment]::OSVersion.Version.Build
        psVersion    = $PSVersionTable.PSVersion.ToString()
        machineName  = [Environment]::MachineName
        programData  = [Environment]::GetFolderPath('CommonApplicationData')
        programFiles = $programFiles.ToArray()
    }
}

function Assert-PlatformWindows {
    if ([Environment]::OSVersion.Platform -ne [PlatformID]::Win32NT) {
        throw (New-BridgeError 'not-windows' ('This step needs Windows; this is {0}.' -f [Environment]::OSVersion.VersionString))
    }
}

function Get-PlatformIdentity {
    # elevated: member of Administrators with a full token (false for a UAC-filtered token).
    Assert-PlatformWindows
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object -TypeName System.Security.Principal.WindowsPrincipal -ArgumentList $identity
    return [ordered]@{
        user     = $identity.Name
        userSid  = $identity.User.Value
        elevated = [bool]$principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
    }
}

function Invoke-PlatformBounded($Instance, $Member, [object[]]$Arguments, [int]$TimeoutMs) {
    # Calls a .NET method or constructor (a MethodInfo / ConstructorInfo chosen by the caller, never from input) on
    # a worker thread and waits at most TimeoutMs: account translation without a reachable domain controller can
    # block for minutes. The call is an expression tree of that one member and constant arguments: no text is
    # ever compiled. Returns @{ completed; value; error }; a call still running after the timeout is abandoned.
    $expression = [System.Linq.Expressions.Expression]
    $parameters = $Member.GetParameters()
    $argumentExpressions = New-Object -TypeName 'System.Collections.Generic.List[System.Linq.Expressions.Expression]'
    for ($i = 0; $i -lt $parameters.Count; $i++) { $argumentExpressions.Add($expression::Constant($Arguments[$i], $parameters[$i].ParameterType)) }
    if ($Member -is [System.Reflection.ConstructorInfo]) {
        # Expression.New by reflection: $type::New(...) would be PowerShell's constructor syntax.
        $newMethod = $expression.GetMethod('New', [type[]]@([System.Reflection.ConstructorInfo], [System.Linq.Expressions.Expression[]]))
        $call = $newMethod.Invoke($null, [object[]]@($Member, $argumentExpressions.ToArray()))
    } elseif ($Member.IsStatic) {
        $call = $expression::Call($Member, $argumentExpressions.ToArray())
    } else {
        $call = $expression::Call($expression::Constant($Instance), $Member, $argumentExpressions.ToArray())
    }
    if ($call.Type -eq [void]) {
        $body = $expression::Block([object], [System.Linq.Expressions.Expression[]]@($call, $expression::Constant($null, [object])))
    } else {
        $body = $expression::Convert($call, [object])
    }
    $function = $expression::Lambda([Func[object]], $body, [System.Linq.Expressions.ParameterExpression[]]@()).Compile()
    $task = New-Object -TypeName 'System.Threading.Tasks.Task[object]' -ArgumentList $function
    $task.Start()
    try {
        if (-not $task.Wait($TimeoutMs)) { return @{ completed = $false; value = $null; error = $null } }
    } catch {
        $inner = $_.Exception
        while ($null -ne $inner.InnerException) { $inner = $inner.InnerException }
        return @{ completed = $true; value = $null; error = $inner.Message }
    }
    return @{ completed = $true; value = $task.Result; error = $null }
}

function Resolve-PlatformAccount([string]$Name, [int]$TimeoutMs) {
    # Account name -> SID (LSA, possibly a domain controller), bounded. Returns @{ sid; error }.
    Assert-PlatformWindows
    $account = New-Object -TypeName System.Security.Principal.NTAccount -ArgumentList $Name
    $translate = [System.Security.Principal.IdentityReference].GetMethod('Translate')
    $call = Invoke-PlatformBounded $account $translate @([System.Security.Principal.SecurityIdentifier]) $TimeoutMs
    if (-not $call.completed) { return @{ sid = $null; error = ('Windows did not resolve the name within {0} seconds (is a domain controller reachable?).' -f [int]($TimeoutMs / 1000)) } }
    if ($null -ne $call.error) { return @{ sid = $null; error = $call.error } }
    return @{ sid = $call.value.Value; error = $null }
}

function Resolve-PlatformSidName([string]$Sid, [int]$TimeoutMs) {
    # SID -> DOMAIN\name, bounded; $null when Windows cannot (or not in time).
    Assert-PlatformWindows
    $identifier = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $Sid
    $translate = [System.Security.Principal.IdentityReference].GetMethod('Translate')
    $call = Invoke-PlatformBounded $identifier $translate @([System.Security.Principal.NTAccount]) $TimeoutMs
    if (-not $call.completed -or $null -ne $call.error) { return $null }
    return $call.value.Value
}

function Get-PlatformAccountDirectoryInfo([string]$Sid, [int]$TimeoutMs) {
    # The domain account's userPrincipalName, sAMAccountName and its domain's DNS name, from Active Directory
    # (bound by SID: LDAP://<SID=...>, the SID is validated, never a name). Returns @{ upn; sam; dnsDomain; error }.
    Assert-PlatformWindows
    if ($Sid -notmatch '^S-1-5-21(-[0-9]+)+$') { return @{ upn = $null; sam = $null; dnsDomain = $null; error = 'not a domain account SID' } }
    $entry = [adsi]('LDAP://<SID=' + $Sid + '>')
    $refresh = [System.DirectoryServices.DirectoryEntry].GetMethod('RefreshCache', [type[]]@([string[]]))
    $call = Invoke-PlatformBounded $entry $refresh @(, [string[]]@('userPrincipalName', 'sAMAccountName', 'distinguishedName')) $TimeoutMs
    if (-not $call.completed) { return @{ upn = $null; sam = $null; dnsDomain = $null; error = ('Active Directory did not answer within {0} seconds.' -f [int]($TimeoutMs / 1000)) } }
    if ($null -ne $call.error) { return @{ upn = $null; sam = $null; dnsDomain = $null; error = $call.error } }
    $values = @{}
    foreach ($name in @('userPrincipalName', 'sAMAccountName', 'distinguishedName')) {
        $values[$name] = $null
        $property = $entry.Properties[$name]
        if ($null -ne $property -and $property.Count -gt 0) { $values[$name] = [string]$property[0] }
    }
    $dnsDomain = $null
    if ($null -ne $values['distinguishedName']) {
        $labels = @(($values['distinguishedName'] -split ',') | Where-Object { $_ -like 'DC=*' } | ForEach-Object { $_.Substring(3) })
        if ($labels.Count -gt 0) { $dnsDomain = $labels -join '.' }
    }
    return @{ upn = $values['userPrincipalName']; sam = $values['sAMAccountName']; dnsDomain = $dnsDomain; error = $null }
}

function Get-PlatformS4uGroups([string]$PrincipalName, [int]$TimeoutMs) {
    # The group SIDs of the account's token, made by an S4U logon (WindowsIdentity(upn)): needs the real UPN or
    # sam@dns-domain. Returns @{ groups; error }.
    Assert-PlatformWindows
    $constructor = [System.Security.Principal.WindowsIdentity].GetConstructor([type[]]@([string]))
    $call = Invoke-PlatformBounded $null $constructor @($PrincipalName) $TimeoutMs
    if (-not $call.completed) { return @{ groups = @(); error = ('the S4U logon did not finish within {0} seconds' -f [int]($TimeoutMs / 1000)) } }
    if ($null -ne $call.error) { return @{ groups = @(); error = $call.error } }
    $groups = New-Object -TypeName 'System.Collections.Generic.List[string]'
    foreach ($group in $call.value.Groups) { $groups.Add($group.Value) }
    return @{ groups = $groups.ToArray(); error = $null }
}

function Get-PlatformServices {
    # Every Win32 service as plain data. No WQL filter: callers compare names in PowerShell.
    Assert-PlatformWindows
    $services = New-Object -TypeName 'System.Collections.Generic.List[object]'
    foreach ($service in @(Get-CimInstance -ClassName Win32_Service)) {
        $services.Add([ordered]@{
            name        = [string]$service.Name
            displayName = [string]$service.DisplayName
            state       = [string]$service.State
            startMode   = [string]$service.StartMode
            startName   = [string]$service.StartName
            pathName    = [string]$service.PathName
        })
    }
    return $services.ToArray()
}

function Get-PlatformStoreCertificate([string]$Store, [string]$Thumbprint) {
    # The certificate with this thumbprint in LocalMachine\<Store>, or $null.
    Assert-PlatformWindows
    $x509 = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Store -ArgumentList $Store, 'LocalMachine'
    $x509.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadOnly)
    try {
        $found = $x509.Certificates.Find([System.Security.Cryptography.X509Certificates.X509FindType]::FindByThumbprint, $Thumbprint, $false)
        if ($found.Count -eq 0) { return $null }
        return $found[0]
    } finally {
        $x509.Close()
    }
}

function Add-PlatformStoreCertificate([string]$Store, $Certificate) {
    Assert-PlatformWindows
    $x509 = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Store -ArgumentList $Store, 'LocalMachine'
    $x509.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite)
    try { $x509.Add($Certificate) } finally { $x509.Close() }
}

function Import-PlatformPfx([byte[]]$Bytes, [string]$Password, [string]$Mode) {
    # Mode 'probe': read without persisting a key (EphemeralKeySet from .NET 4.7.2; before that a temporary user
    # key container that Reset() deletes). 'persist' / 'persist-exportable': keys into the machine key store.
    $keyFlags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]
    if ($Mode -eq 'probe') {
        $flags = $keyFlags::DefaultKeySet
        if ([Enum]::GetNames($keyFlags) -contains 'EphemeralKeySet') { $flags = [Enum]::Parse($keyFlags, 'EphemeralKeySet') }
    } else {
        $exportable = ($Mode -eq 'persist-exportable')
        $persistFlags = $keyFlags::MachineKeySet -bor $keyFlags::PersistKeySet
        if ($exportable) { $persistFlags = $persistFlags -bor $keyFlags::Exportable }
        $flags = $persistFlags
    }
    $collection = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Certificate2Collection
    $collection.Import($Bytes, $Password, $flags)
    return , $collection
}

function Remove-PlatformPersistedKey($Certificate) {
    # Deletes the key container an import persisted for this certificate (it was not added to a store).
    Assert-PlatformWindows
    $rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Certificate)
    if ($null -eq $rsa) { return }
    if ($rsa -is [System.Security.Cryptography.RSACng]) {
        $rsa.Key.Delete()
    } elseif ($rsa -is [System.Security.Cryptography.RSACryptoServiceProvider]) {
        $rsa.PersistKeyInCsp = $false
        $rsa.Clear()
    }
}

function Get-PlatformPrivateKeyInfo($Certificate) {
    # What .NET says about the certificate's private key: RSA or not, and the key's unique (file) names. On .NET
    # Framework 4.6-4.8 GetRSAPrivateKey() gives RSACng for CAPI keys too, so the kind .NET reports says nothing
    # about the provider: the caller decides CNG or CAPI by the folder the key file is in.
    Assert-PlatformWindows
    $rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Certificate)
    if ($null -eq $rsa) { return @{ rsa = $false; uniqueNames = @(); providerName = $null; capiProviderName = $null } }
    $names = New-Object -TypeName 'System.Collections.Generic.List[string]'
    $providerName = $null
    $capiProviderName = $null
    if ($rsa -is [System.Security.Cryptography.RSACng]) {
        $providerName = $rsa.Key.Provider.Provider
        if (-not [string]::IsNullOrEmpty($rsa.Key.UniqueName)) { $names.Add($rsa.Key.UniqueName) }
    } elseif ($rsa -is [System.Security.Cryptography.RSACryptoServiceProvider]) {
        $providerName = $rsa.CspKeyContainerInfo.ProviderName
        $capiProviderName = $providerName
        $names.Add($rsa.CspKeyContainerInfo.UniqueKeyContainerName)
    }
    # The legacy property still opens a CAPI key as RSACryptoServiceProvider on .NET Framework (it throws for CNG).
    try {
        $legacy = $Certificate.PrivateKey
        if ($legacy -is [System.Security.Cryptography.RSACryptoServiceProvider]) {
            $capiProviderName = $legacy.CspKeyContainerInfo.ProviderName
            $unique = $legacy.CspKeyContainerInfo.UniqueKeyContainerName
            if (-not [string]::IsNullOrEmpty($unique) -and -not $names.Contains($unique)) { $names.Add($unique) }
        }
    } catch {
        $null = $_
    }
    return @{ rsa = $true; uniqueNames = $names.ToArray(); providerName = $providerName; capiProviderName = $capiProviderName }
}

function Test-PlatformFile([string]$Path) {
    return [System.IO.File]::Exists($Path)
}

function Get-PlatformFileVersion([string]$Path) {
    return [System.Diagnostics.FileVersionInfo]::GetVersionInfo($Path).FileVersion
}

function Get-PlatformFileAcl([string]$Path) {
    # The DACL and the owner of a file. Rights as the raw access mask (GENERIC_READ is negative as an Int32).
    Assert-PlatformWindows
    $sections = [System.Security.AccessControl.AccessControlSections]::Access -bor [System.Security.AccessControl.AccessControlSections]::Owner
    $security = New-Object -TypeName System.Security.AccessControl.FileSecurity -ArgumentList $Path, $sections
    $rules = New-Object -TypeName 'System.Collections.Generic.List[object]'
    foreach ($rule in $security.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier])) {
        $rules.Add(@{
            sid        = $rule.IdentityReference.Value
            rights     = [int]$rule.FileSystemRights
            rightsText = $rule.FileSystemRights.ToString()
            type       = $rule.AccessControlType.ToString()
            inherited  = [bool]$rule.IsInherited
        })
    }
    $owner = $security.GetOwner([System.Security.Principal.SecurityIdentifier])
    $ownerSid = $null
    if ($null -ne $owner) { $ownerSid = $owner.Value }
    return @{ ownerSid = $ownerSid; rules = $rules.ToArray() }
}

function Add-PlatformFileReadRule([string]$Path, [string]$Sid) {
    # Adds Allow Read for the SID and writes back the DACL only. Set-Acl would write every section of the
    # descriptor and, with the audit section never read, wipe the key file's SACL; FileSecurity persists only the
    # sections that changed (here: Access), through FileInfo.SetAccessControl (.NET Framework) or
    # FileSystemAclExtensions.SetAccessControl (.NET).
    Assert-PlatformWindows
    $security = New-Object -TypeName System.Security.AccessControl.FileSecurity -ArgumentList $Path, ([System.Security.AccessControl.AccessControlSections]::Access)
    $identity = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $Sid
    $rule = New-Object -TypeName System.Security.AccessControl.FileSystemAccessRule -ArgumentList $identity, ([System.Security.AccessControl.FileSystemRights]::Read), ([System.Security.AccessControl.AccessControlType]::Allow)
    $security.AddAccessRule($rule)
    $file = New-Object -TypeName System.IO.FileInfo -ArgumentList $Path
    if ($null -ne $file.PSObject.Methods['SetAccessControl']) {
        $file.SetAccessControl($security)
    } else {
        [System.IO.FileSystemAclExtensions]::SetAccessControl($file, $security)
    }
}

function Invoke-PlatformChainBuild($Certificate, [int]$UrlTimeoutMs) {
    # The chain as this machine builds it from its own stores. No revocation check (AMT does none and a
    # provisioning server is often offline) and a short URL retrieval timeout for missing issuers (AIA).
    $chain = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Chain
    $chain.ChainPolicy.RevocationMode = [System.Security.Cryptography.X509Certificates.X509RevocationMode]::NoCheck
    $chain.ChainPolicy.UrlRetrievalTimeout = [TimeSpan]::FromMilliseconds($UrlTimeoutMs)
    $built = $chain.Build($Certificate)
    $elements = New-Object -TypeName 'System.Collections.Generic.List[object]'
    foreach ($element in $chain.ChainElements) {
        $flags = New-Object -TypeName 'System.Collections.Generic.List[string]'
        foreach ($status in $element.ChainElementStatus) { $flags.Add($status.Status.ToString()) }
        $elements.Add(@{ certificate = $element.Certificate; status = $flags.ToArray() })
    }
    $chainFlags = New-Object -TypeName 'System.Collections.Generic.List[string]'
    foreach ($status in $chain.ChainStatus) { $chainFlags.Add($status.Status.ToString()) }
    return @{ built = [bool]$built; status = $chainFlags.ToArray(); elements = $elements.ToArray(); urlRetrievalTimeoutMs = [int]$chain.ChainPolicy.UrlRetrievalTimeout.TotalMilliseconds }
}

function Start-PlatformProcess([string]$Path, [bool]$Elevate) {
    # Starts the executable (no arguments) through ShellExecute; with the "runas" verb Windows shows the UAC
    # prompt. Returns @{ processId; cancelled } (cancelled: the prompt was refused, ERROR_CANCELLED 1223).
    Assert-PlatformWindows
    $startInfo = New-Object -TypeName System.Diagnostics.ProcessStartInfo -ArgumentList $Path
    $startInfo.WorkingDirectory = [System.IO.Path]::GetDirectoryName($Path)
    $startInfo.UseShellExecute = $true
    if ($Elevate) { $startInfo.Verb = 'runas' }
    try {
        $process = [System.Diagnostics.Process]::Start($startInfo)
    } catch {
        $inner = $_.Exception
        while ($null -ne $inner) {
            if ($inner -is [System.ComponentModel.Win32Exception] -and $inner.NativeErrorCode -eq 1223) { return @{ processId = $null; cancelled = $true } }
            $inner = $inner.InnerException
        }
        throw
    }
    $processId = $null
    if ($null -ne $process) { $processId = $process.Id }
    return @{ processId = $processId; cancelled = $false }
}
