# CertDesk.Platform.ps1 for real, where .NET on Linux can run it (PFX reading, chain building, bounded calls, files),
# its not-windows guards, and source checks of what can only run on Windows (the DACL-only write, Set-Acl nowhere).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    foreach ($module in $BridgeModules) { . (Join-Path $ScriptsDir $module) }
    $script:Pki = New-TestPki (Join-Path $TestDrive 'pki')
    function Get-BridgeCode([scriptblock]$Block) {
        try { & $Block; return 'no error' } catch { return (Get-BridgeErrorCode $_) }
    }
    function Get-FunctionAst([string]$File, [string]$Name) {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $ScriptsDir $File), [ref]$null, [ref]$null)
        return $ast.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq $Name }, $true)
    }
}

Describe 'platform functions that run anywhere' {
    It 'Get-PlatformInfo describes this machine' {
        $info = Get-PlatformInfo
        $info.isWindows | Should -Be $IsWindows
        $info.psVersion | Should -Be $PSVersionTable.PSVersion.ToString()
        $info.osBuild | Should -BeOfType [int]
        $info.machineName | Should -Be ([Environment]::MachineName)
    }

    It 'Import-PlatformPfx reads the PFX in every mode, with the key; wrong password is ERROR_INVALID_PASSWORD' {
        foreach ($mode in @('probe', 'persist', 'persist-exportable')) {
            $collection = Import-PlatformPfx $Pki.full $PfxPassword $mode
            $collection.Count | Should -Be 3
            @($collection | Where-Object { $_.HasPrivateKey }).Count | Should -Be 1
            foreach ($c in $collection) { $c.Reset() }
        }
        $failure = $null
        try { $null = Import-PlatformPfx $Pki.full 'wrong' 'probe' } catch { $failure = $_.Exception }
        Test-WrongPassword $failure | Should -BeTrue
        Test-WrongPassword (New-Object System.Exception 'other') | Should -BeFalse
    }

    It 'Invoke-PlatformChainBuild sets the URL retrieval timeout it is given and lists the elements' {
        $chain = Invoke-PlatformChainBuild $Pki.certificates['leaf'] 5000
        $chain.urlRetrievalTimeoutMs | Should -Be 5000
        $chain.built | Should -BeFalse
        @($chain.elements).Count | Should -BeGreaterThan 0
        $chain.elements[0].certificate.Thumbprint | Should -Be $Pki.certificates['leaf'].Thumbprint
        @($chain.status).Count | Should -BeGreaterThan 0
    }

    It 'Invoke-PlatformBounded returns in time from a call that blocks, and passes results and errors (fix 8)' {
        $sleep = [System.Threading.Thread].GetMethod('Sleep', [type[]]@([int]))
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $slow = Invoke-PlatformBounded $null $sleep @(20000) 300
        $watch.ElapsedMilliseconds | Should -BeLessThan 10000
        $slow.completed | Should -BeFalse
        (Invoke-PlatformBounded $null $sleep @(1) 5000).completed | Should -BeTrue
        $parse = [int].GetMethod('Parse', [type[]]@([string]))
        (Invoke-PlatformBounded $null $parse @('42') 5000).value | Should -Be 42
        (Invoke-PlatformBounded $null $parse @('x') 5000).error | Should -Not -BeNullOrEmpty
        $substring = [string].GetMethod('Substring', [type[]]@([int]))
        (Invoke-PlatformBounded 'hello' $substring @(3) 5000).value | Should -Be 'lo'
        $constructor = [System.Text.StringBuilder].GetConstructor([type[]]@([string]))
        (Invoke-PlatformBounded $null $constructor @('abc') 5000).value.ToString() | Should -Be 'abc'
    }

    It 'Test-PlatformFile and Get-PlatformFileVersion read files' {
        Test-PlatformFile (Join-Path $Pki.dir 'full.pfx') | Should -BeTrue
        Test-PlatformFile (Join-Path $Pki.dir 'nope') | Should -BeFalse
        Get-PlatformFileVersion (Join-Path $Pki.dir 'full.pfx') | Should -BeNullOrEmpty
    }
}

Describe 'platform functions off Windows' -Skip:$IsWindows {
    It '<name> answers not-windows' -TestCases @(
        @{ name = 'Get-PlatformIdentity'; call = { Get-PlatformIdentity } }
        @{ name = 'Get-PlatformServices'; call = { Get-PlatformServices } }
        @{ name = 'Get-PlatformStoreCertificate'; call = { Get-PlatformStoreCertificate 'My' ('A' * 40) } }
        @{ name = 'Add-PlatformStoreCertificate'; call = { Add-PlatformStoreCertificate 'Root' $null } }
        @{ name = 'Remove-PlatformPersistedKey'; call = { Remove-PlatformPersistedKey $null } }
        @{ name = 'Get-PlatformPrivateKeyInfo'; call = { Get-PlatformPrivateKeyInfo $null } }
        @{ name = 'Get-PlatformFileAcl'; call = { Get-PlatformFileAcl '/etc/hostname' } }
        @{ name = 'Add-PlatformFileReadRule'; call = { Add-PlatformFileReadRule '/tmp/x' 'S-1-1-0' } }
        @{ name = 'Resolve-PlatformAccount'; call = { Resolve-PlatformAccount 'x' 1000 } }
        @{ name = 'Resolve-PlatformSidName'; call = { Resolve-PlatformSidName 'S-1-1-0' 1000 } }
        @{ name = 'Get-PlatformAccountDirectoryInfo'; call = { Get-PlatformAccountDirectoryInfo 'S-1-5-21-1-2-3-4' 1000 } }
        @{ name = 'Get-PlatformS4uGroups'; call = { Get-PlatformS4uGroups 'a@b.c' 1000 } }
        @{ name = 'Start-PlatformProcess'; call = { Start-PlatformProcess '/bin/true' $false } }
    ) {
        param($name, $call)
        Get-BridgeCode $call | Should -Be 'not-windows' -Because $name
    }
    It 'Find-LoadCert answers not-windows' {
        Get-BridgeCode { Find-LoadCert } | Should -Be 'not-windows'
    }
}

Describe 'platform functions with the Windows-only calls mocked' {
    # The .NET types these functions construct (NTAccount, SecurityIdentifier, FileSecurity, LocalMachine\My) throw
    # off Windows, and Win32_Service has no CIM provider here: New-Object, Get-CimInstance and the bounded call are
    # mocked, so what runs for real is what each function does with the answers (the shape the operations rely on).
    BeforeAll {
        if ($null -eq (Get-Command -Name 'Get-CimInstance' -ErrorAction SilentlyContinue)) {
            # PowerShell on Linux has no CimCmdlets; Mock needs a command to replace (same parameters as the cmdlet's).
            function global:Get-CimInstance([string]$ClassName, [string]$Filter, [string]$Query) { throw 'no CIM here' }
            $script:CimStub = $true
        }
        function New-FakeX509Store($Certificates) {
            # An X509Store with the members the platform functions call; Open/Add/Close go to $global:StoreLog.
            $collection = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2Collection
            foreach ($certificate in @($Certificates)) { $null = $collection.Add($certificate) }
            $store = [pscustomobject]@{ Certificates = $collection }
            $store | Add-Member -MemberType ScriptMethod -Name 'Open' -Value { param($Flags) $global:StoreLog.Add('open ' + $Flags) }
            $store | Add-Member -MemberType ScriptMethod -Name 'Close' -Value { $global:StoreLog.Add('close') }
            $store | Add-Member -MemberType ScriptMethod -Name 'Add' -Value {
                param($Certificate)
                if ($global:StoreAddFails) { throw 'Access is denied.' }
                $global:StoreLog.Add('add ' + $Certificate.Thumbprint)
            }
            return $store
        }
        function New-FakeRule([string]$Sid, [int]$Rights, [string]$Type, [bool]$Inherited) {
            return [pscustomobject]@{
                IdentityReference = [pscustomobject]@{ Value = $Sid }
                FileSystemRights  = [Enum]::ToObject([System.Security.AccessControl.FileSystemRights], $Rights)
                AccessControlType = [Enum]::Parse([System.Security.AccessControl.AccessControlType], $Type)
                IsInherited       = $Inherited
            }
        }
    }
    AfterAll {
        if ($script:CimStub) { Remove-Item -LiteralPath 'function:global:Get-CimInstance' }
    }
    BeforeEach {
        Mock Assert-PlatformWindows { }
        $global:Bounded = New-Object System.Collections.Generic.List[object]
        $global:BoundedAnswer = $null
        Mock Invoke-PlatformBounded { $global:Bounded.Add(@{ instance = $Instance; member = $Member; arguments = $Arguments; timeoutMs = $TimeoutMs }); return $global:BoundedAnswer }
        $global:StoreLog = New-Object System.Collections.Generic.List[string]
        $global:StoreAddFails = $false
    }

    Context 'accounts: name to SID, SID to name, the S4U token, all bounded' {
        BeforeEach {
            Mock New-Object -ParameterFilter { $TypeName -eq 'System.Security.Principal.NTAccount' } { [pscustomobject]@{ kind = 'NTAccount'; name = $ArgumentList[0] } }
            Mock New-Object -ParameterFilter { $TypeName -eq 'System.Security.Principal.SecurityIdentifier' } { [pscustomobject]@{ kind = 'SecurityIdentifier'; sid = $ArgumentList[0] } }
        }

        It 'Resolve-PlatformAccount translates the name to a SecurityIdentifier within the timeout it is given' {
            $global:BoundedAnswer = @{ completed = $true; value = [pscustomobject]@{ Value = 'S-1-5-21-1-2-3-1107' }; error = $null }
            $resolved = Resolve-PlatformAccount 'CORP\svc-amt' 15000
            $resolved.sid | Should -Be 'S-1-5-21-1-2-3-1107'
            $resolved.error | Should -BeNullOrEmpty
            $global:Bounded.Count | Should -Be 1
            $global:Bounded[0].instance.name | Should -Be 'CORP\svc-amt'
            $global:Bounded[0].member.Name | Should -Be 'Translate'
            $global:Bounded[0].arguments[0] | Should -Be ([System.Security.Principal.SecurityIdentifier])
            $global:Bounded[0].timeoutMs | Should -Be 15000
        }

        It 'Resolve-PlatformAccount says why when Windows fails or does not answer in time' {
            $global:BoundedAnswer = @{ completed = $true; value = $null; error = 'No mapping between account names and security IDs was done.' }
            $failed = Resolve-PlatformAccount 'nobody' 15000
            $failed.sid | Should -BeNullOrEmpty
            $failed.error | Should -Be 'No mapping between account names and security IDs was done.'
            $global:BoundedAnswer = @{ completed = $false; value = $null; error = $null }
            $late = Resolve-PlatformAccount 'CORP\svc-amt' 15000
            $late.sid | Should -BeNullOrEmpty
            $late.error | Should -Match 'within 15 seconds.*domain controller'
        }

        It 'Resolve-PlatformSidName translates the SID to an NTAccount, and gives $null on error or timeout' {
            $global:BoundedAnswer = @{ completed = $true; value = [pscustomobject]@{ Value = 'NT SERVICE\CertDeskAMT' }; error = $null }
            Resolve-PlatformSidName 'S-1-5-80-1-2-3-4-5' 15000 | Should -Be 'NT SERVICE\CertDeskAMT'
            $global:Bounded[0].instance.sid | Should -Be 'S-1-5-80-1-2-3-4-5'
            $global:Bounded[0].member.Name | Should -Be 'Translate'
            $global:Bounded[0].arguments[0] | Should -Be ([System.Security.Principal.NTAccount])
            $global:BoundedAnswer = @{ completed = $true; value = $null; error = 'The trust relationship failed.' }
            Resolve-PlatformSidName 'S-1-5-21-1-2-3-4' 15000 | Should -BeNullOrEmpty
            $global:BoundedAnswer = @{ completed = $false; value = $null; error = $null }
            Resolve-PlatformSidName 'S-1-5-21-1-2-3-4' 15000 | Should -BeNullOrEmpty
        }

        It 'Get-PlatformAccountDirectoryInfo asks Active Directory only for a domain account SID' {
            foreach ($sid in @('S-1-5-18', 'S-1-5-80-1-2-3-4-5', 'S-1-5-21-1-2-3-4)(objectClass=*', 'S-1-5-21')) {
                $info = Get-PlatformAccountDirectoryInfo $sid 15000
                $info.error | Should -Be 'not a domain account SID' -Because $sid
                $info.upn | Should -BeNullOrEmpty
            }
            $global:Bounded.Count | Should -Be 0
        }

        It 'Get-PlatformS4uGroups logs on with WindowsIdentity(upn) and lists the token''s group SIDs' {
            $groups = @([pscustomobject]@{ Value = 'S-1-5-21-1-2-3-513' }, [pscustomobject]@{ Value = 'S-1-5-21-1-2-3-4444' })
            $global:BoundedAnswer = @{ completed = $true; value = [pscustomobject]@{ Groups = $groups }; error = $null }
            $token = Get-PlatformS4uGroups 'svc-amt@corp.example.com' 15000
            $token.error | Should -BeNullOrEmpty
            $token.groups | Should -Be @('S-1-5-21-1-2-3-513', 'S-1-5-21-1-2-3-4444')
            $member = $global:Bounded[0].member
            $member | Should -BeOfType [System.Reflection.ConstructorInfo]
            $member.DeclaringType | Should -Be ([System.Security.Principal.WindowsIdentity])
            @($member.GetParameters() | ForEach-Object { $_.ParameterType }) | Should -Be @([string])
            $global:Bounded[0].arguments | Should -Be @('svc-amt@corp.example.com')
        }

        It 'Get-PlatformS4uGroups reports a failed or late logon with no groups' {
            $global:BoundedAnswer = @{ completed = $true; value = $null; error = 'The user name or password is incorrect.' }
            $failed = Get-PlatformS4uGroups 'svc-amt@corp.example.com' 15000
            @($failed.groups).Count | Should -Be 0
            $failed.error | Should -Be 'The user name or password is incorrect.'
            $global:BoundedAnswer = @{ completed = $false; value = $null; error = $null }
            $late = Get-PlatformS4uGroups 'svc-amt@corp.example.com' 3000
            @($late.groups).Count | Should -Be 0
            $late.error | Should -Match 'within 3 seconds'
        }
    }

    Context 'services' {
        It 'Get-PlatformServices asks for every Win32_Service (no WQL filter) and returns plain strings' {
            Mock Get-CimInstance { @(
                [pscustomobject]@{ Name = 'CertDeskAMT'; DisplayName = 'Intel(R) AMT Provisioning'; State = 'Running'; StartMode = 'Auto'; StartName = 'NT SERVICE\CertDeskAMT'; PathName = 'C:\amt.exe -k' },
                [pscustomobject]@{ Name = 'disk'; DisplayName = 'Disk Driver'; State = 'Running'; StartMode = 'Boot'; StartName = $null; PathName = $null }
            ) }
            $services = @(Get-PlatformServices)
            $services.Count | Should -Be 2
            $services[0].name | Should -Be 'CertDeskAMT'
            $services[0].displayName | Should -Be 'Intel(R) AMT Provisioning'
            $services[0].startName | Should -Be 'NT SERVICE\CertDeskAMT'
            $services[0].pathName | Should -Be 'C:\amt.exe -k'
            # A driver has no StartName: '' (a string), which the callers test with .Length.
            $services[1].startName | Should -BeExactly ''
            $services[1].startName | Should -BeOfType [string]
            Should -Invoke Get-CimInstance -Times 1 -Exactly -ParameterFilter { $ClassName -eq 'Win32_Service' -and [string]::IsNullOrEmpty($Filter) -and [string]::IsNullOrEmpty($Query) }
        }

        It 'Get-PlatformServices returns nothing, not $null in a list, when there is no service' {
            Mock Get-CimInstance { }
            @(Get-PlatformServices).Count | Should -Be 0
        }
    }

    Context 'LocalMachine certificate stores' {
        BeforeEach {
            $global:FakeStore = New-FakeX509Store @($Pki.certificates['inter'], $Pki.certificates['root'])
            $global:StoreArguments = $null
            Mock New-Object -ParameterFilter { $TypeName -eq 'System.Security.Cryptography.X509Certificates.X509Store' } { $global:StoreArguments = $ArgumentList; $global:FakeStore }
        }

        It 'Get-PlatformStoreCertificate opens the LocalMachine store read-only, finds by thumbprint, and closes it' {
            $found = Get-PlatformStoreCertificate 'CA' $Pki.certificates['inter'].Thumbprint
            $found.Thumbprint | Should -Be $Pki.certificates['inter'].Thumbprint
            $global:StoreArguments | Should -Be @('CA', 'LocalMachine')
            $global:StoreLog | Should -Be @('open ReadOnly', 'close')
        }

        It 'Get-PlatformStoreCertificate gives $null for a certificate the store does not hold, and still closes it' {
            Get-PlatformStoreCertificate 'CA' $Pki.certificates['leaf'].Thumbprint | Should -BeNullOrEmpty
            $global:StoreLog | Should -Be @('open ReadOnly', 'close')
        }

        It 'Add-PlatformStoreCertificate opens the store read-write, adds, and closes it even when Add fails' {
            Add-PlatformStoreCertificate 'Root' $Pki.certificates['root']
            $global:StoreArguments | Should -Be @('Root', 'LocalMachine')
            $global:StoreLog | Should -Be @('open ReadWrite', ('add ' + $Pki.certificates['root'].Thumbprint), 'close')
            $global:StoreLog.Clear()
            $global:StoreAddFails = $true
            { Add-PlatformStoreCertificate 'Root' $Pki.certificates['root'] } | Should -Throw '*Access is denied*'
            $global:StoreLog | Should -Be @('open ReadWrite', 'close')
        }
    }

    Context 'private keys' {
        It 'Get-PlatformPrivateKeyInfo says rsa: false for a certificate without a key and for a non-RSA key' {
            $none = Get-PlatformPrivateKeyInfo $Pki.certificates['root']
            $none.rsa | Should -BeFalse
            @($none.uniqueNames).Count | Should -Be 0
            $ecdsa = [System.Security.Cryptography.ECDsa]::Create()
            try {
                $request = New-Object System.Security.Cryptography.X509Certificates.CertificateRequest -ArgumentList 'CN=EC key', $ecdsa, ([System.Security.Cryptography.HashAlgorithmName]::SHA256)
                $ec = $request.CreateSelfSigned([DateTimeOffset]::UtcNow, [DateTimeOffset]::UtcNow.AddDays(1))
                $ec.HasPrivateKey | Should -BeTrue
                (Get-PlatformPrivateKeyInfo $ec).rsa | Should -BeFalse
            } finally {
                $ecdsa.Dispose()
            }
        }

        It 'Get-PlatformPrivateKeyInfo says rsa: true for the RSA key of the leaf' {
            $leaf = New-LeafWithKey $Pki
            $info = Get-PlatformPrivateKeyInfo $leaf
            $info.rsa | Should -BeTrue
            # Off Windows the key is neither CNG nor CAPI: no container name to look for (Get-KeyLocation then
            # answers not-found rather than guessing a file).
            if (-not $IsWindows) { @($info.uniqueNames).Count | Should -Be 0 }
        }
    }

    Context 'key file ACL' {
        BeforeEach {
            $global:SecurityCalls = New-Object System.Collections.Generic.List[object]
            $global:FakeRules = @()
            $global:FakeOwner = $null
            $global:FakeSecurity = [pscustomobject]@{ kind = 'FileSecurity' }
            $global:FakeSecurity | Add-Member -MemberType ScriptMethod -Name 'GetAccessRules' -Value {
                param($Explicit, $Inherited, $Type)
                $global:SecurityCalls.Add(@('GetAccessRules', $Explicit, $Inherited, $Type))
                return $global:FakeRules
            }
            $global:FakeSecurity | Add-Member -MemberType ScriptMethod -Name 'GetOwner' -Value { param($Type) $global:SecurityCalls.Add(@('GetOwner', $Type)); return $global:FakeOwner }
            $global:FakeSecurity | Add-Member -MemberType ScriptMethod -Name 'AddAccessRule' -Value { param($Rule) $global:SecurityCalls.Add(@('AddAccessRule', $Rule)) }
            $global:SecurityArguments = $null
            Mock New-Object -ParameterFilter { $TypeName -eq 'System.Security.AccessControl.FileSecurity' } { $global:SecurityArguments = $ArgumentList; $global:FakeSecurity }
        }

        It 'Get-PlatformFileAcl reads the DACL and the owner as SIDs, with the raw access mask (GENERIC_READ < 0)' {
            $global:FakeRules = @(
                (New-FakeRule 'S-1-5-18' 2032127 'Allow' $true),
                (New-FakeRule 'S-1-5-80-1-2-3-4-5' -2147483648 'Allow' $false),
                (New-FakeRule 'S-1-5-11' 1179785 'Deny' $false)
            )
            $global:FakeOwner = [pscustomobject]@{ Value = 'S-1-5-32-544' }
            $acl = Get-PlatformFileAcl 'C:\ProgramData\Microsoft\Crypto\Keys\abc'
            $global:SecurityArguments[0] | Should -Be 'C:\ProgramData\Microsoft\Crypto\Keys\abc'
            $global:SecurityArguments[1] | Should -Be ([System.Security.AccessControl.AccessControlSections]::Access -bor [System.Security.AccessControl.AccessControlSections]::Owner)
            $acl.ownerSid | Should -Be 'S-1-5-32-544'
            $acl.rules.Count | Should -Be 3
            $acl.rules[0].sid | Should -Be 'S-1-5-18'
            $acl.rules[0].rights | Should -Be 2032127
            $acl.rules[0].rightsText | Should -Be 'FullControl'
            $acl.rules[0].inherited | Should -BeTrue
            $acl.rules[1].rights | Should -Be -2147483648
            Test-ReadRight $acl.rules[1].rights | Should -BeTrue
            $acl.rules[2].type | Should -Be 'Deny'
            $acl.rules[2].inherited | Should -BeFalse
            # Explicit and inherited rules, named by SID (names are resolved later, bounded).
            $rulesCall = @($global:SecurityCalls | Where-Object { $_[0] -eq 'GetAccessRules' })[0]
            $rulesCall[1] | Should -BeTrue
            $rulesCall[2] | Should -BeTrue
            $rulesCall[3] | Should -Be ([System.Security.Principal.SecurityIdentifier])
        }

        It 'Get-PlatformFileAcl gives ownerSid $null when the owner cannot be read' {
            $acl = Get-PlatformFileAcl 'C:\key'
            $acl.ownerSid | Should -BeNullOrEmpty
            @($acl.rules).Count | Should -Be 0
        }

        It 'Add-PlatformFileReadRule adds Allow Read for the SID to the DACL alone and writes it with SetAccessControl' {
            $global:FileWrites = New-Object System.Collections.Generic.List[object]
            Mock New-Object -ParameterFilter { $TypeName -eq 'System.Security.Principal.SecurityIdentifier' } { [pscustomobject]@{ sid = $ArgumentList[0] } }
            Mock New-Object -ParameterFilter { $TypeName -eq 'System.Security.AccessControl.FileSystemAccessRule' } { [pscustomobject]@{ identity = $ArgumentList[0]; rights = $ArgumentList[1]; type = $ArgumentList[2] } }
            Mock New-Object -ParameterFilter { $TypeName -eq 'System.IO.FileInfo' } {
                $file = [pscustomobject]@{ path = $ArgumentList[0] }
                $file | Add-Member -MemberType ScriptMethod -Name 'SetAccessControl' -Value { param($Security) $global:FileWrites.Add(@($this.path, $Security)) }
                return $file
            }
            Add-PlatformFileReadRule 'C:\ProgramData\Microsoft\Crypto\Keys\abc' 'S-1-5-80-1-2-3-4-5'
            # Access only: a descriptor read with the owner or audit sections would write them back too.
            $global:SecurityArguments[1] | Should -Be ([System.Security.AccessControl.AccessControlSections]::Access)
            $added = @($global:SecurityCalls | Where-Object { $_[0] -eq 'AddAccessRule' })
            $added.Count | Should -Be 1
            $added[0][1].identity.sid | Should -Be 'S-1-5-80-1-2-3-4-5'
            $added[0][1].rights | Should -Be ([System.Security.AccessControl.FileSystemRights]::Read)
            $added[0][1].type | Should -Be ([System.Security.AccessControl.AccessControlType]::Allow)
            $global:FileWrites.Count | Should -Be 1
            $global:FileWrites[0][0] | Should -Be 'C:\ProgramData\Microsoft\Crypto\Keys\abc'
            $global:FileWrites[0][1].kind | Should -Be 'FileSecurity'
        }
    }

    Context 'starting a process' -Skip:$IsWindows {
        It 'Start-PlatformProcess starts the file without elevation and returns its process id' {
            $started = Start-PlatformProcess '/bin/true' $false
            $started.cancelled | Should -BeFalse
            $started.processId | Should -BeGreaterThan 0
        }

        It 'Start-PlatformProcess throws a launch failure that is not a cancelled prompt' {
            # Off Windows the "runas" verb has no handler (a Win32Exception, but not ERROR_CANCELLED 1223).
            $failure = $null
            try { $null = Start-PlatformProcess '/bin/true' $true } catch { $failure = $_.Exception }
            $failure | Should -Not -BeNullOrEmpty
            $inner = $failure
            while ($null -ne $inner -and $inner -isnot [System.ComponentModel.Win32Exception]) { $inner = $inner.InnerException }
            $inner | Should -Not -BeNullOrEmpty
            $inner.NativeErrorCode | Should -Not -Be 1223
        }
    }
}

Describe 'what only Windows runs, checked in the source' {
    It 'no script or module calls Set-Acl (it writes every section and wipes the audit entries; fix 3)' {
        foreach ($file in (Get-ChildItem -LiteralPath $ScriptsDir -Filter '*.ps1')) {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$null)
            $commands = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() }
            $commands | Should -Not -Contain 'Set-Acl' -Because $file.Name
        }
    }
    It 'Add-PlatformFileReadRule reads the DACL only and persists it with SetAccessControl' {
        $text = (Get-FunctionAst 'CertDesk.Platform.ps1' 'Add-PlatformFileReadRule').Extent.Text
        $text | Should -Match 'FileSecurity -ArgumentList \$Path, \(\[System\.Security\.AccessControl\.AccessControlSections\]::Access\)'
        $text | Should -Not -Match 'AccessControlSections\]::(All|Audit|Owner|Group)'
        $text | Should -Match '\$file\.SetAccessControl\(\$security\)'
        $text | Should -Match 'FileSystemAclExtensions\]::SetAccessControl\(\$file, \$security\)'
    }
    It 'the key file is looked for in the CNG and the CAPI machine key folders' {
        $text = (Get-FunctionAst 'CertDesk.KeyAccess.ps1' 'Get-KeyLocation').Extent.Text
        $text | Should -Match ([regex]::Escape("Microsoft\Crypto\Keys'; provider = 'CNG'"))
        $text | Should -Match ([regex]::Escape("Microsoft\Crypto\SystemKeys'; provider = 'CNG'"))
        $text | Should -Match ([regex]::Escape("Microsoft\Crypto\RSA\MachineKeys'; provider = 'CAPI'"))
    }
    It 'translations and the S4U logon are bounded' {
        foreach ($name in @('Resolve-PlatformAccount', 'Resolve-PlatformSidName', 'Get-PlatformS4uGroups', 'Get-PlatformAccountDirectoryInfo')) {
            (Get-FunctionAst 'CertDesk.Platform.ps1' $name).Extent.Text | Should -Match 'Invoke-PlatformBounded' -Because $name
        }
        Get-TranslateTimeoutMs | Should -BeLessOrEqual 20000
        Get-ChainUrlTimeoutMs | Should -BeLessOrEqual 10000
    }
    It 'every platform function is defined once, in CertDesk.Platform.ps1 only' {
        $platform = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $ScriptsDir 'CertDesk.Platform.ps1'), [ref]$null, [ref]$null)
        $names = @($platform.FindAll({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | ForEach-Object { $_.Name })
        $names.Count | Should -BeGreaterOrEqual 12
        foreach ($file in (Get-ChildItem -LiteralPath $ScriptsDir -Filter '*.ps1' | Where-Object { $_.Name -ne 'CertDesk.Platform.ps1' })) {
            # The code, not the comments (which explain what the platform module does).
            $text = (Get-Content -LiteralPath $file.FullName | Where-Object { $_.Trim() -notlike '#*' }) -join "`n"
            $text | Should -Not -Match 'X509Store|WindowsIdentity|Get-CimInstance|Win32_Service|FileSecurity|NTAccount|ProcessStartInfo|GetRSAPrivateKey|X509Chain\b' -Because $file.Name
        }
    }
}
