# acl.show, acl.grant, verify and the account logic (service.list, S4U tokens), with CertDesk.Platform.ps1 mocked and
# a real certificate with its private key (openssl-made PFX).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    foreach ($module in $BridgeModules) { . (Join-Path $ScriptsDir $module) }
    $script:Pki = New-TestPki (Join-Path $TestDrive 'pki')
    $script:Leaf = New-LeafWithKey $Pki
    $script:Thumb = $Leaf.Thumbprint
    $script:Guid = 'f686aace6942fb7f7ceb231212eef4a4_6e2e7b9d-1234-4c4e-9f1c-0123456789ab'
    # Mock bodies also run inside a script started with & (its own script scope): they read globals.
    $global:TestLeaf = $Leaf
    $global:TestGuid = $Guid
    function Get-BridgeCode([scriptblock]$Block) {
        try { & $Block; return 'no error' } catch { return (Get-BridgeErrorCode $_) }
    }
    function Request([hashtable]$Fields) { return (ConvertTo-Json -InputObject $Fields -Depth 4 | ConvertFrom-Json) }
}

Describe 'key file, ACL and access' {
    BeforeEach {
        $global:KeyFiles = @{}
        $global:Acl = @(
            @{ sid = 'S-1-5-18'; rights = 2032127; rightsText = 'FullControl'; type = 'Allow'; inherited = $false },
            @{ sid = 'S-1-5-32-544'; rights = 2032127; rightsText = 'FullControl'; type = 'Allow'; inherited = $false }
        )
        $global:Written = New-Object System.Collections.Generic.List[string]
        $global:UrlTimeout = $null
        Mock Get-PlatformInfo { @{ isWindows = $true; osBuild = 20348; osVersion = 'Windows'; psVersion = '5.1'; machineName = 'SRV'; programData = 'C:\ProgramData'; programFiles = @() } }
        Mock Get-PlatformIdentity { @{ user = 'SRV\admin'; userSid = 'S-1-5-21-9-9-9-500'; elevated = $true } }
        Mock Get-PlatformStoreCertificate { if ($Store -eq 'My' -and $Thumbprint -eq $global:TestLeaf.Thumbprint) { return $global:TestLeaf }; return $null }
        # What .NET Framework 4.8 says for a CAPI key: RSACng, and the KSP's name.
        Mock Get-PlatformPrivateKeyInfo { @{ rsa = $true; uniqueNames = @($global:TestGuid); providerName = 'Microsoft Software Key Storage Provider'; capiProviderName = 'Microsoft Enhanced RSA and AES Cryptographic Provider' } }
        Mock Test-PlatformFile { $global:KeyFiles.ContainsKey($Path) }
        Mock Get-PlatformFileAcl { @{ ownerSid = 'S-1-5-32-544'; rules = @($global:Acl) } }
        Mock Add-PlatformFileReadRule { $global:Written.Add($Sid); $global:Acl = @($global:Acl) + @(@{ sid = $Sid; rights = 1179785; rightsText = 'Read, Synchronize'; type = 'Allow'; inherited = $false }) }
        Mock Resolve-PlatformSidName { @{ 'S-1-5-18' = 'NT AUTHORITY\SYSTEM'; 'S-1-5-32-544' = 'BUILTIN\Administrators'; 'S-1-5-80-1-2-3-4-5' = 'NT SERVICE\CertDeskAMT' }[$Sid] }
        Mock Resolve-PlatformAccount {
            $known = @{ 'NT SERVICE\CertDeskAMT' = 'S-1-5-80-1-2-3-4-5'; 'CORP\svc-amt' = 'S-1-5-21-1-2-3-1107'; 'SRV\local' = 'S-1-5-21-9-9-9-1001'; 'local' = 'S-1-5-21-9-9-9-1001'; 'CORP\gmsa$' = 'S-1-5-21-1-2-3-1200' }
            if ($known.ContainsKey($Name)) { return @{ sid = $known[$Name]; error = $null } }
            return @{ sid = $null; error = 'No mapping between account names and security IDs was done.' }
        }
        Mock Get-PlatformServices { @(
            [ordered]@{ name = 'CertDeskAMT'; displayName = 'Intel(R) AMT Provisioning'; state = 'Running'; startMode = 'Auto'; startName = 'NT SERVICE\CertDeskAMT'; pathName = 'C:\x.exe' },
            [ordered]@{ name = 'Domain'; displayName = 'RCS domain'; state = 'Stopped'; startMode = 'Manual'; startName = 'CORP\svc-amt'; pathName = 'C:\y.exe' },
            [ordered]@{ name = 'NoAccount'; displayName = 'Driver'; state = 'Running'; startMode = 'Boot'; startName = ''; pathName = '' }
        ) }
        Mock Get-PlatformAccountDirectoryInfo { @{ upn = 'svc-amt@corp.example.com'; sam = 'svc-amt'; dnsDomain = 'corp.example.com'; error = $null } }
        Mock Get-PlatformS4uGroups { @{ groups = @('S-1-5-21-1-2-3-513', 'S-1-5-21-1-2-3-4444'); error = $null } }
        Mock Invoke-PlatformChainBuild {
            $global:UrlTimeout = $UrlTimeoutMs
            @{ built = $false; status = @('PartialChain'); elements = @(@{ certificate = $Certificate; status = @('PartialChain') }); urlRetrievalTimeoutMs = $UrlTimeoutMs }
        }
    }

    Context 'Get-KeyLocation: the provider is where the key file is (fix 2)' {
        It 'reports CAPI for a key file in Crypto\RSA\MachineKeys although .NET handed out RSACng' {
            $global:KeyFiles["C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\$Guid"] = $true
            $key = Get-KeyLocation $Leaf
            $key.provider | Should -Be 'CAPI'
            $key.providerName | Should -Be 'Microsoft Enhanced RSA and AES Cryptographic Provider'
            $key.keyFile | Should -Be "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\$Guid"
        }
        It 'reports CNG for a key file in Crypto\Keys, and in SystemKeys' {
            $global:KeyFiles["C:\ProgramData\Microsoft\Crypto\Keys\$Guid"] = $true
            (Get-KeyLocation $Leaf).provider | Should -Be 'CNG'
            (Get-KeyLocation $Leaf).providerName | Should -Be 'Microsoft Software Key Storage Provider'
            $global:KeyFiles.Clear()
            $global:KeyFiles["C:\ProgramData\Microsoft\Crypto\SystemKeys\$Guid"] = $true
            (Get-KeyLocation $Leaf).provider | Should -Be 'CNG'
        }
        It 'answers not-found when no folder has the file, unsupported-format for a non-RSA key, not-found without a key' {
            Get-BridgeCode { Get-KeyLocation $Leaf } | Should -Be 'not-found'
            Mock Get-PlatformPrivateKeyInfo { @{ rsa = $false; uniqueNames = @(); providerName = $null; capiProviderName = $null } }
            Get-BridgeCode { Get-KeyLocation $Leaf } | Should -Be 'unsupported-format'
            Mock Get-PlatformPrivateKeyInfo { @{ rsa = $true; uniqueNames = @(); providerName = $null; capiProviderName = $null } }
            Get-BridgeCode { Get-KeyLocation $Leaf } | Should -Be 'not-found'
            Get-BridgeCode { Get-KeyLocation $Pki.certificates['root'] } | Should -Be 'not-found'
        }
    }

    Context 'acl.grant' {
        BeforeEach { $global:KeyFiles["C:\ProgramData\Microsoft\Crypto\Keys\$Guid"] = $true }

        It 'adds Allow Read for the service''s virtual account through the DACL-only writer (fix 3), then verifies' {
            $result = Invoke-AclGrant (Request @{ thumbprint = $Thumb; service = 'CertDeskAMT' })
            $global:Written | Should -Be @('S-1-5-80-1-2-3-4-5')
            $result.changed | Should -BeTrue
            $result.verified | Should -BeTrue
            $result.service | Should -Be 'CertDeskAMT'
            $result.account.canRead | Should -BeTrue
            $result.account.kind | Should -Be 'virtual'
            @($result.before).Count | Should -Be 2
            @($result.after).Count | Should -Be 3
        }
        It 'writes nothing when the rule is already there' {
            $global:Acl = @($global:Acl) + @(@{ sid = 'S-1-5-80-1-2-3-4-5'; rights = 1179785; rightsText = 'Read'; type = 'Allow'; inherited = $false })
            $result = Invoke-AclGrant (Request @{ thumbprint = $Thumb; account = 'NT SERVICE\CertDeskAMT' })
            $result.changed | Should -BeFalse
            $global:Written.Count | Should -Be 0
        }
        It 'fails when the rule is not there when read back' {
            Mock Add-PlatformFileReadRule { }
            Get-BridgeCode { Invoke-AclGrant (Request @{ thumbprint = $Thumb; account = 'NT SERVICE\CertDeskAMT' }) } | Should -Be 'powershell-failed'
        }
        It 'answers usage without an account, not-found for an unknown account, service or thumbprint' {
            Get-BridgeCode { Invoke-AclGrant (Request @{ thumbprint = $Thumb }) } | Should -Be 'usage'
            Get-BridgeCode { Invoke-AclGrant (Request @{ thumbprint = $Thumb; account = 'nobody' }) } | Should -Be 'not-found'
            Get-BridgeCode { Invoke-AclGrant (Request @{ thumbprint = $Thumb; service = 'Nope' }) } | Should -Be 'not-found'
            Get-BridgeCode { Invoke-AclGrant (Request @{ thumbprint = $Thumb; service = 'NoAccount' }) } | Should -Be 'not-found'
            Get-BridgeCode { Invoke-AclGrant (Request @{ thumbprint = ('0' * 40); account = 'local' }) } | Should -Be 'not-found'
            Get-BridgeCode { Invoke-AclGrant (Request @{ thumbprint = 'xyz'; account = 'local' }) } | Should -Be 'usage'
            Get-BridgeCode { Invoke-AclGrant (Request @{ thumbprint = 42; account = 'local' }) } | Should -Be 'usage'
            Get-BridgeCode { Invoke-AclGrant (Request @{ thumbprint = $Thumb; account = @{ a = 1 } }) } | Should -Be 'usage'
            $global:Written.Count | Should -Be 0
        }
        It 'runs acl-grant.ps1 end to end in this process' {
            Mock Write-BridgeOutput { $global:BridgeOutput = $Value }
            $out = ConvertTo-BridgeJson (Invoke-BridgeScriptInProcess 'acl-grant.ps1' ('{"thumbprint":"' + $Thumb + '","service":"CertDeskAMT"}'))
            $out.changed | Should -BeTrue
            $out.key.provider | Should -Be 'CNG'
            Should -Invoke Write-BridgeOutput -Times 1 -Exactly
        }
    }

    Context 'acl.show and who can read' {
        BeforeEach { $global:KeyFiles["C:\ProgramData\Microsoft\Crypto\Keys\$Guid"] = $true }

        It 'lists the rules with names and read flags, and judges a domain account by its token (real UPN, fix 5)' {
            $global:Acl = @($global:Acl) + @(@{ sid = 'S-1-5-21-1-2-3-4444'; rights = -2147483648; rightsText = '-2147483648'; type = 'Allow'; inherited = $false })
            $result = Invoke-AclShow (Request @{ thumbprint = $Thumb; service = 'Domain' })
            $result.owner | Should -Be 'BUILTIN\Administrators'
            @($result.rules)[0].identity | Should -Be 'NT AUTHORITY\SYSTEM'
            @($result.rules)[2].identity | Should -Be 'S-1-5-21-1-2-3-4444'
            @($result.rules)[2].read | Should -BeTrue
            $result.account.basis | Should -Be 'token'
            $result.account.canRead | Should -BeTrue
            $result.account.via | Should -Match '4444'
            Should -Invoke Get-PlatformS4uGroups -ParameterFilter { $PrincipalName -eq 'svc-amt@corp.example.com' } -Times 1 -Exactly
        }
        It 'falls back to sam@DNS-domain without a UPN, never user@NETBIOS' {
            Mock Get-PlatformAccountDirectoryInfo { @{ upn = $null; sam = 'svc-amt'; dnsDomain = 'corp.example.com'; error = $null } }
            $null = Invoke-AclShow (Request @{ thumbprint = $Thumb; account = 'CORP\svc-amt' })
            Should -Invoke Get-PlatformS4uGroups -ParameterFilter { $PrincipalName -eq 'svc-amt@corp.example.com' } -Times 1 -Exactly
            Should -Invoke Get-PlatformS4uGroups -ParameterFilter { $PrincipalName -like '*@CORP' } -Times 0 -Exactly
        }
        It 'says why when the token cannot be made (no silent fallback)' {
            Mock Get-PlatformAccountDirectoryInfo { @{ upn = $null; sam = $null; dnsDomain = $null; error = 'The server is not operational.' } }
            $result = Invoke-AclShow (Request @{ thumbprint = $Thumb; account = 'CORP\svc-amt' })
            $result.account.basis | Should -Be 'well-known'
            $result.account.message | Should -Match 'could not make the account''s token.*The server is not operational'
            Should -Invoke Get-PlatformS4uGroups -Times 0 -Exactly

            Mock Get-PlatformAccountDirectoryInfo { @{ upn = 'svc-amt@corp.example.com'; sam = 'svc-amt'; dnsDomain = 'corp.example.com'; error = $null } }
            Mock Get-PlatformS4uGroups { @{ groups = @(); error = 'The user name or password is incorrect.' } }
            $result = Invoke-AclShow (Request @{ thumbprint = $Thumb; account = 'CORP\svc-amt' })
            $result.account.message | Should -Match 'S4U logon as svc-amt@corp.example.com failed: The user name or password is incorrect'
        }
        It 'lets a Deny rule win, and counts Users for a local account' {
            $global:Acl = @(
                @{ sid = 'S-1-5-32-545'; rights = 131209; rightsText = 'Read'; type = 'Allow'; inherited = $false },
                @{ sid = 'S-1-5-21-9-9-9-1001'; rights = 1; rightsText = 'ReadData'; type = 'Deny'; inherited = $false }
            )
            $result = Invoke-AclShow (Request @{ thumbprint = $Thumb; account = 'local' })
            $result.account.kind | Should -Be 'local'
            $result.account.canRead | Should -BeFalse
            $result.account.via | Should -Match 'deny'
            $global:Acl = @($global:Acl[0])
            (Invoke-AclShow (Request @{ thumbprint = $Thumb; account = '.\local' })).account.canRead | Should -BeTrue
        }
        It 'reports an unresolvable account with its reason, and shows the ACL without an account' {
            $result = Invoke-AclShow (Request @{ thumbprint = $Thumb; account = 'x"; New-Item pwned.txt; "$(New-Item pwned2.txt)' })
            $result.account.sid | Should -BeNullOrEmpty
            $result.account.message | Should -Match 'cannot resolve'
            (Invoke-AclShow (Request @{ thumbprint = $Thumb })).Contains('account') | Should -BeFalse
            Test-Path -LiteralPath 'pwned.txt' | Should -BeFalse
        }
        It 'knows the well-known accounts and SIDs without asking Windows' {
            foreach ($name in @('LocalSystem', 'NT AUTHORITY\NETWORK SERVICE', 'LocalService')) { (Resolve-Account $name).sid | Should -Match '^S-1-5-(18|19|20)$' }
            (Resolve-Account 'S-1-5-21-1-2-3-4').kind | Should -Be 'sid'
            (Resolve-Account ('S-1-5' + ('-1' * 16))).sid | Should -BeNullOrEmpty
            (Resolve-Account 'CORP\gmsa$').kind | Should -Be 'managed'
            (Resolve-Account 'CORP\svc-amt').kind | Should -Be 'domain'
            (Resolve-Account 'SRV\local').kind | Should -Be 'local'
            Should -Invoke Resolve-PlatformAccount -ParameterFilter { $TimeoutMs -gt 0 -and $TimeoutMs -le 20000 } -Times 3 -Exactly
            $system = Test-AccountRead @(@{ sid = 'S-1-5-32-544'; read = $true; type = 'Allow'; identity = 'Administrators'; rights = 'FullControl' }) (Resolve-Account 'LocalSystem') $true
            $system.canRead | Should -BeTrue
        }
        It 'answers not-found for a thumbprint that is not in LocalMachine\My, and reads no ACL' {
            Get-BridgeCode { Invoke-AclShow (Request @{ thumbprint = ('B' * 40) }) } | Should -Be 'not-found'
            Should -Invoke Get-PlatformFileAcl -Times 0 -Exactly
        }
        It 'shows an owner Windows cannot name by its SID' {
            Mock Get-PlatformFileAcl { @{ ownerSid = 'S-1-5-21-7-7-7-1234'; rules = @($global:Acl) } }
            (Invoke-AclShow (Request @{ thumbprint = $Thumb })).owner | Should -Be 'S-1-5-21-7-7-7-1234'
            Mock Get-PlatformFileAcl { @{ ownerSid = $null; rules = @($global:Acl) } }
            (Invoke-AclShow (Request @{ thumbprint = $Thumb })).owner | Should -BeNullOrEmpty
        }
        It 'judges a built-in account by the SID Windows gives for its localized name' {
            # A German Windows names LocalSystem "NT-AUTORITÄT\SYSTEM": not in the well-known table, so it is looked up,
            # and the kind must come from the SID (LocalSystem carries Administrators; the others do not).
            Mock Resolve-PlatformAccount {
                $known = @{ 'NT-AUTORITÄT\SYSTEM' = 'S-1-5-18'; 'NT-AUTORITÄT\LOKALER DIENST' = 'S-1-5-19'; 'NT-AUTORITÄT\NETZWERKDIENST' = 'S-1-5-20' }
                return @{ sid = $known[$Name]; error = $null }
            }
            (Resolve-Account 'NT-AUTORITÄT\SYSTEM').kind | Should -Be 'LocalSystem'
            (Resolve-Account 'NT-AUTORITÄT\LOKALER DIENST').kind | Should -Be 'LocalService'
            (Resolve-Account 'NT-AUTORITÄT\NETZWERKDIENST').kind | Should -Be 'NetworkService'
            $global:Acl = @(@{ sid = 'S-1-5-32-544'; rights = 2032127; rightsText = 'FullControl'; type = 'Allow'; inherited = $false })
            (Invoke-AclShow (Request @{ thumbprint = $Thumb; account = 'NT-AUTORITÄT\SYSTEM' })).account.canRead | Should -BeTrue
            (Invoke-AclShow (Request @{ thumbprint = $Thumb; account = 'NT-AUTORITÄT\NETZWERKDIENST' })).account.canRead | Should -BeFalse
        }
        It 'logs a domain account given by its UPN on with that name, without asking Active Directory' {
            Mock Resolve-PlatformAccount { @{ sid = 'S-1-5-21-1-2-3-1107'; error = $null } }
            $null = Invoke-AclShow (Request @{ thumbprint = $Thumb; account = 'svc-amt@corp.example.com' })
            Should -Invoke Get-PlatformAccountDirectoryInfo -Times 0 -Exactly
            Should -Invoke Get-PlatformS4uGroups -ParameterFilter { $PrincipalName -eq 'svc-amt@corp.example.com' } -Times 1 -Exactly
        }
        It 'never looks up a thumbprint that is not 40 upper-case hexadecimal digits' {
            Get-BridgeCode { Find-MachineCertificate $Thumb.ToLowerInvariant() } | Should -Be 'usage'
            Get-BridgeCode { Find-MachineCertificate ($Thumb + '*') } | Should -Be 'usage'
            Should -Invoke Get-PlatformStoreCertificate -Times 0 -Exactly
        }
        It 'runs acl-show.ps1 end to end in this process' {
            Mock Write-BridgeOutput { $global:BridgeOutput = $Value }
            $out = ConvertTo-BridgeJson (Invoke-BridgeScriptInProcess 'acl-show.ps1' ('{"thumbprint":"' + $Thumb.ToLower() + '","account":"NT SERVICE\\CertDeskAMT"}'))
            $out.account.canRead | Should -BeFalse
            @($out.rules).Count | Should -Be 2
        }
    }

    Context 'verify' {
        It 'builds the chain with a short URL retrieval timeout (fix 8) and reports key and access' {
            $global:KeyFiles["C:\ProgramData\Microsoft\Crypto\Keys\$Guid"] = $true
            $result = Invoke-Verify (Request @{ thumbprint = $Thumb; service = 'CertDeskAMT' })
            $global:UrlTimeout | Should -BeGreaterThan 0
            $global:UrlTimeout | Should -BeLessOrEqual 10000
            $result.found | Should -BeTrue
            $result.hasPrivateKey | Should -BeTrue
            $result.chain.built | Should -BeFalse
            $result.chain.elements[0].sha256 | Should -Be (Get-CertSha256 $Leaf)
            $result.key.provider | Should -Be 'CNG'
            $result.account.canRead | Should -BeFalse
            $result.service | Should -Be 'CertDeskAMT'
        }
        It 'reports a missing key file as keyError, a missing certificate as found: false' {
            $result = Invoke-Verify (Request @{ thumbprint = $Thumb })
            $result.keyError | Should -Match 'not found'
            $result = Invoke-Verify (Request @{ thumbprint = ('A' * 40) })
            $result.found | Should -BeFalse
            Should -Invoke Invoke-PlatformChainBuild -Times 1 -Exactly
        }
        It 'runs verify.ps1 end to end in this process, and answers not-elevated unelevated' {
            Mock Write-BridgeOutput { $global:BridgeOutput = $Value }
            $out = ConvertTo-BridgeJson (Invoke-BridgeScriptInProcess 'verify.ps1' ('{"thumbprint":"' + $Thumb + '"}'))
            $out.found | Should -BeTrue
            Mock Get-PlatformIdentity { @{ user = 'SRV\user'; userSid = 'S-1-5-21-9-9-9-1001'; elevated = $false } }
            $out = ConvertTo-BridgeJson (Invoke-BridgeScriptInProcess 'verify.ps1' ('{"thumbprint":"' + $Thumb + '"}'))
            $out.error.code | Should -Be 'not-elevated'
            Should -Invoke Get-PlatformStoreCertificate -Times 1 -Exactly
        }
    }

    Context 'service.list' {
        It 'lists the services matching a pattern with their accounts, or all' {
            $result = Invoke-ListServices (Request @{ patterns = @('*AMT*') })
            @($result.services).Count | Should -Be 1
            $result.services[0].account.sid | Should -Be 'S-1-5-80-1-2-3-4-5'
            $result.services[0].matched | Should -BeTrue
            $all = Invoke-ListServices (Request @{ all = $true; patterns = @('*AMT*') })
            @($all.services).Count | Should -Be 3
            @($all.services | Where-Object { $_.name -eq 'NoAccount' })[0].account.message | Should -Match 'no logon account'
        }
        It 'answers usage for patterns that are not strings or not wildcards, and for all not a boolean' {
            Get-BridgeCode { Invoke-ListServices (Request @{ patterns = @(@{ a = 1 }) }) } | Should -Be 'usage'
            Get-BridgeCode { Invoke-ListServices (Request @{ patterns = @('[') }) } | Should -Be 'usage'
            Get-BridgeCode { Invoke-ListServices (Request @{ patterns = 'x' }) } | Should -Be 'usage'
            Get-BridgeCode { Invoke-ListServices (Request @{ all = 1 }) } | Should -Be 'usage'
        }
        It 'runs list-services.ps1 end to end in this process' {
            Mock Write-BridgeOutput { $global:BridgeOutput = $Value }
            $out = ConvertTo-BridgeJson (Invoke-BridgeScriptInProcess 'list-services.ps1' '{"all":false,"patterns":["*RCS*"]}')
            @($out.services).Count | Should -Be 1
            $out.services[0].account.kind | Should -Be 'domain'
        }
    }
}
