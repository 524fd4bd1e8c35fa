# store.import: Invoke-ImportPfx with real PFX files made by openssl (legacy 3DES) read by .NET into real
# X509Certificate2 objects; the LocalMachine stores and the machine key store are mocked (CertDesk.Platform.ps1).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    foreach ($module in $BridgeModules) { . (Join-Path $ScriptsDir $module) }
    $script:Pki = New-TestPki (Join-Path $TestDrive 'pki')
    $script:Sha = @{}
    foreach ($name in $Pki.certificates.Keys) { $script:Sha[$name] = Get-CertSha256 $Pki.certificates[$name] }

    function New-ImportRequest([byte[]]$Bytes, $Plan, [string]$Password = $PfxPassword, [switch]$Exportable, [switch]$NoPlan) {
        $request = [ordered]@{ contentBase64 = [Convert]::ToBase64String($Bytes); password = $Password; exportable = [bool]$Exportable }
        if (-not $NoPlan) { $request['plan'] = @($Plan) }
        # Through JSON, as the script receives it.
        return (ConvertTo-Json -InputObject $request -Depth 5 | ConvertFrom-Json)
    }
    function PlanEntry([string]$Name, $Store, [string]$Action = 'import') {
        return [ordered]@{ sha256 = $Sha[$Name]; store = $Store; action = $Action }
    }
    function Get-BridgeCode([scriptblock]$Block) {
        try { & $Block; return 'no error' } catch { return (Get-BridgeErrorCode $_) }
    }
}

Describe 'Invoke-ImportPfx carries out the placement plan and nothing else' {
    BeforeEach {
        # The machine stores: store name -> list of @{ thumbprint; hasKey }.
        $global:Stores = @{ My = @(); CA = @(); Root = @(); AddressBook = @() }
        $global:Added = New-Object System.Collections.Generic.List[string]
        $global:RemovedKeys = New-Object System.Collections.Generic.List[string]
        $global:ImportModes = New-Object System.Collections.Generic.List[string]
        $global:FailAdd = $null
        Mock Get-PlatformInfo { @{ isWindows = $true; osBuild = 17763; osVersion = 'Microsoft Windows NT 10.0.17763.0'; psVersion = '5.1'; machineName = 'SRV'; programData = 'C:\ProgramData'; programFiles = @('C:\Program Files') } }
        Mock Get-PlatformStoreCertificate {
            foreach ($entry in $global:Stores[$Store]) { if ($entry.thumbprint -eq $Thumbprint) { return [pscustomobject]@{ Thumbprint = $Thumbprint; HasPrivateKey = $entry.hasKey } } }
            return $null
        }
        Mock Add-PlatformStoreCertificate {
            if ($global:FailAdd -eq $Certificate.Thumbprint) { throw 'Access is denied.' }
            $global:Stores[$Store] = @($global:Stores[$Store]) + @(@{ thumbprint = $Certificate.Thumbprint; hasKey = $Certificate.HasPrivateKey })
            $global:Added.Add(('{0}:{1}' -f $Store, $Certificate.Subject))
        }
        Mock Remove-PlatformPersistedKey { $global:RemovedKeys.Add($Certificate.Subject) }
        Mock Import-PlatformPfx {
            $global:ImportModes.Add($Mode)
            $collection = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2Collection
            $collection.Import($Bytes, $Password, [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::EphemeralKeySet)
            return , $collection
        }
    }

    It 'imports each certificate to the store its entry names, with sha256 in every result' {
        $request = New-ImportRequest $Pki.full @((PlanEntry 'leaf' 'My'), (PlanEntry 'inter' 'CA'), (PlanEntry 'root' 'Root'))
        $result = Invoke-ImportPfx $request
        $global:Added | Sort-Object | Should -Be @('CA:CN=CertDesk Test Intermediate', 'My:CN=amt.example.com', 'Root:CN=CertDesk Test Root')
        $byName = @{}
        foreach ($c in $result.certificates) { $byName[$c.subject] = $c }
        $byName['CN=amt.example.com'].sha256 | Should -Be $Sha['leaf']
        $byName['CN=amt.example.com'].store | Should -Be 'LocalMachine\My'
        $byName['CN=amt.example.com'].action | Should -Be 'added'
        $byName['CN=amt.example.com'].hasPrivateKey | Should -BeTrue
        $byName['CN=CertDesk Test Root'].store | Should -Be 'LocalMachine\Root'
        $byName['CN=CertDesk Test Root'].sha256 | Should -Be $Sha['root']
        $result.keyThumbprint | Should -Be $Pki.certificates['leaf'].Thumbprint
        $result.exportable | Should -BeFalse
        $global:ImportModes | Should -Be @('probe', 'persist')
        $global:RemovedKeys.Count | Should -Be 0
        $global:Added[-1] | Should -Be 'My:CN=amt.example.com'
    }

    It 'skips a certificate the plan does not name (a stray self-signed root is never planted in Root)' {
        $request = New-ImportRequest $Pki.stray @((PlanEntry 'leaf' 'My'), (PlanEntry 'inter' 'CA'), (PlanEntry 'root' 'Root'))
        $result = Invoke-ImportPfx $request
        $stray = @($result.certificates | Where-Object { $_.subject -eq 'CN=Stray Root' })
        $stray.Count | Should -Be 1
        $stray[0].action | Should -Be 'skip'
        $stray[0].reason | Should -Be 'not in plan'
        $stray[0].store | Should -BeNullOrEmpty
        $stray[0].sha256 | Should -Be $Sha['stray']
        $global:Added | Should -Not -Contain 'Root:CN=Stray Root'
        $global:Added.Count | Should -Be 3
    }

    It 'skips a certificate whose entry says skip, and adds nothing for it' {
        $request = New-ImportRequest $Pki.full @((PlanEntry 'leaf' 'My'), (PlanEntry 'inter' 'CA'), (PlanEntry 'root' 'Root' 'skip'))
        $result = Invoke-ImportPfx $request
        $root = @($result.certificates | Where-Object { $_.subject -eq 'CN=CertDesk Test Root' })[0]
        $root.action | Should -Be 'skip'
        $root.reason | Should -Be 'plan'
        $global:Added | Should -Be @('CA:CN=CertDesk Test Intermediate', 'My:CN=amt.example.com')
    }

    It 'places a certificate with store null by MMC''s automatic selection' {
        $request = New-ImportRequest $Pki.full @((PlanEntry 'leaf' $null), (PlanEntry 'inter' $null), (PlanEntry 'root' $null))
        $null = Invoke-ImportPfx $request
        $global:Added | Sort-Object | Should -Be @('CA:CN=CertDesk Test Intermediate', 'My:CN=amt.example.com', 'Root:CN=CertDesk Test Root')
    }

    It 'refuses a plan entry whose certificate is not in the PFX (usage) before adding anything' {
        $request = New-ImportRequest $Pki.full @((PlanEntry 'leaf' 'My'), (PlanEntry 'stray' 'Root'))
        Get-BridgeCode { Invoke-ImportPfx $request } | Should -Be 'usage'
        $global:Added.Count | Should -Be 0
        $global:ImportModes | Should -Be @('probe')
    }

    It 'refuses a request without a plan, and malformed plans, with usage' -TestCases @(
        @{ label = 'no plan'; plan = $null; noPlan = $true }
        @{ label = 'plan not a list'; plan = 'x'; noPlan = $false }
        @{ label = 'entry not an object'; plan = @(5); noPlan = $false }
        @{ label = 'lowercase sha256'; plan = @(@{ sha256 = ('a' * 64); store = 'My'; action = 'import' }); noPlan = $false }
        @{ label = 'short sha256'; plan = @(@{ sha256 = 'AB'; store = 'My'; action = 'import' }); noPlan = $false }
        @{ label = 'unknown store'; plan = @(@{ sha256 = ('A' * 64); store = 'Disallowed'; action = 'import' }); noPlan = $false }
        @{ label = 'store of wrong type'; plan = @(@{ sha256 = ('A' * 64); store = 3; action = 'import' }); noPlan = $false }
        @{ label = 'unknown action'; plan = @(@{ sha256 = ('A' * 64); store = 'My'; action = 'install' }); noPlan = $false }
        @{ label = 'duplicate entry'; plan = @(@{ sha256 = ('A' * 64); store = 'My'; action = 'skip' }, @{ sha256 = ('A' * 64); store = 'My'; action = 'skip' }); noPlan = $false }
    ) {
        param($label, $plan, $noPlan)
        if ($noPlan) { $request = New-ImportRequest $Pki.full $null -NoPlan }
        elseif ($plan -is [string]) { $request = New-ImportRequest $Pki.full $null -NoPlan; $request | Add-Member -NotePropertyName plan -NotePropertyValue $plan }
        else { $request = New-ImportRequest $Pki.full $plan }
        Get-BridgeCode { Invoke-ImportPfx $request } | Should -Be 'usage' -Because $label
        $global:ImportModes.Count | Should -Be 0
    }

    It 'reports already-present without persisting a key when the certificates are installed' {
        $global:Stores.My = @(@{ thumbprint = $Pki.certificates['leaf'].Thumbprint; hasKey = $true })
        $global:Stores.CA = @(@{ thumbprint = $Pki.certificates['inter'].Thumbprint; hasKey = $false })
        $global:Stores.Root = @(@{ thumbprint = $Pki.certificates['root'].Thumbprint; hasKey = $false })
        $result = Invoke-ImportPfx (New-ImportRequest $Pki.full @((PlanEntry 'leaf' 'My'), (PlanEntry 'inter' 'CA'), (PlanEntry 'root' 'Root')))
        @($result.certificates | ForEach-Object { $_.action }) | Should -Be @('already-present', 'already-present', 'already-present')
        $global:ImportModes | Should -Be @('probe')
        $global:Added.Count | Should -Be 0
        $result.keyThumbprint | Should -Be $Pki.certificates['leaf'].Thumbprint
    }

    It 'replaces a certificate present without its key, and persists keys (exportable when asked)' {
        $global:Stores.My = @(@{ thumbprint = $Pki.certificates['leaf'].Thumbprint; hasKey = $false })
        $result = Invoke-ImportPfx (New-ImportRequest $Pki.leafOnly @((PlanEntry 'leaf' 'My')) -Exportable)
        $result.certificates[0].action | Should -Be 'replaced'
        $result.exportable | Should -BeTrue
        $global:ImportModes | Should -Be @('probe', 'persist-exportable')
    }

    It 'adds keyless certificates without persisting any key' {
        $result = Invoke-ImportPfx (New-ImportRequest $Pki.noKey @((PlanEntry 'inter' 'CA'), (PlanEntry 'root' 'Root')))
        $global:ImportModes | Should -Be @('probe')
        $global:Added.Count | Should -Be 2
        $result.keyThumbprint | Should -BeNullOrEmpty
    }

    It 'deletes the persisted key when adding its certificate fails (fix 6), and keeps keys of added certificates' {
        $global:FailAdd = $Pki.certificates['leaf'].Thumbprint
        { Invoke-ImportPfx (New-ImportRequest $Pki.full @((PlanEntry 'leaf' 'My'), (PlanEntry 'inter' 'CA'))) } | Should -Throw '*Access is denied*'
        $global:RemovedKeys | Should -Be @('CN=amt.example.com')

        # The chain goes in first: a failing root stops the import before the leaf, whose persisted key goes too.
        $global:RemovedKeys.Clear()
        $global:FailAdd = $Pki.certificates['root'].Thumbprint
        { Invoke-ImportPfx (New-ImportRequest $Pki.full @((PlanEntry 'leaf' 'My'), (PlanEntry 'root' 'Root'))) } | Should -Throw
        $global:Added | Should -Not -Contain 'My:CN=amt.example.com'
        $global:RemovedKeys | Should -Be @('CN=amt.example.com')
    }

    It 'reports the failed Add, not a failure to delete the orphaned key afterwards' {
        $global:FailAdd = $Pki.certificates['leaf'].Thumbprint
        Mock Remove-PlatformPersistedKey { $global:RemovedKeys.Add($Certificate.Subject); throw 'Keyset does not exist.' }
        { Invoke-ImportPfx (New-ImportRequest $Pki.full @((PlanEntry 'leaf' 'My'))) } | Should -Throw '*Access is denied*'
        $global:RemovedKeys | Should -Be @('CN=amt.example.com')
    }

    It 'refuses a plan of more than 100 entries with usage, before reading the PFX' {
        $plan = @(1..101 | ForEach-Object { [ordered]@{ sha256 = ('{0:X64}' -f $_); store = 'CA'; action = 'import' } })
        Get-BridgeCode { Invoke-ImportPfx (New-ImportRequest $Pki.full $plan) } | Should -Be 'usage'
        $global:ImportModes.Count | Should -Be 0
    }

    It 'answers wrong-password, naming AES and --legacy before build 16299 only (fix 1)' {
        $request = New-ImportRequest $Pki.full @((PlanEntry 'leaf' 'My')) -Password 'wrong'
        $message = $null
        try { Invoke-ImportPfx $request } catch { $code = Get-BridgeErrorCode $_; $message = $_.Exception.Message }
        $code | Should -Be 'wrong-password'
        $message | Should -Be 'The PFX password is not correct.'

        Mock Get-PlatformInfo { @{ isWindows = $true; osBuild = 14393; osVersion = 'Microsoft Windows NT 10.0.14393.0' } }
        try { Invoke-ImportPfx $request } catch { $code = Get-BridgeErrorCode $_; $message = $_.Exception.Message }
        $code | Should -Be 'wrong-password'
        $message | Should -Match 'AES-encrypted.*build 14393.*--legacy'
        $global:Added.Count | Should -Be 0
    }

    It 'answers unreadable for bytes that are not a PFX, usage for bad fields' {
        Get-BridgeCode { Invoke-ImportPfx (New-ImportRequest ([byte[]](1..64)) @()) } | Should -Be 'unreadable'
        $bad = New-ImportRequest $Pki.full @(); $bad.contentBase64 = '***not base64***'
        Get-BridgeCode { Invoke-ImportPfx $bad } | Should -Be 'usage'
        $bad = New-ImportRequest $Pki.full @(); $bad.contentBase64 = ''
        Get-BridgeCode { Invoke-ImportPfx $bad } | Should -Be 'usage'
        $bad = New-ImportRequest $Pki.full @(); $bad.contentBase64 = 12
        Get-BridgeCode { Invoke-ImportPfx $bad } | Should -Be 'usage'
        $bad = New-ImportRequest $Pki.full @(); $bad.exportable = 'yes'
        Get-BridgeCode { Invoke-ImportPfx $bad } | Should -Be 'usage'
        $bad = New-ImportRequest $Pki.full @(); $bad.password = @('a')
        Get-BridgeCode { Invoke-ImportPfx $bad } | Should -Be 'usage'
    }

    It 'runs import-pfx.ps1 end to end in this process: one answer, the plan carried out' {
        Mock Get-PlatformIdentity { @{ user = 'SRV\admin'; userSid = 'S-1-5-21-1-2-3-500'; elevated = $true } }
        Mock Write-BridgeOutput { $global:BridgeOutput = $Value }
        $json = ConvertTo-Json -Compress -Depth 5 -InputObject ([ordered]@{ contentBase64 = [Convert]::ToBase64String($Pki.stray); password = $PfxPassword; plan = @((PlanEntry 'leaf' 'My'), (PlanEntry 'inter' 'CA'), (PlanEntry 'root' 'Root')) })
        $out = ConvertTo-BridgeJson (Invoke-BridgeScriptInProcess 'import-pfx.ps1' $json)
        @($out.certificates).Count | Should -Be 4
        @($out.certificates | Where-Object { $_.action -eq 'added' }).Count | Should -Be 3
        Should -Invoke Write-BridgeOutput -Times 1 -Exactly
    }

    It 'import-pfx.ps1 answers not-elevated before reading the PFX' {
        Mock Get-PlatformIdentity { @{ user = 'SRV\user'; userSid = 'S-1-5-21-1-2-3-1001'; elevated = $false } }
        Mock Write-BridgeOutput { $global:BridgeOutput = $Value }
        $out = ConvertTo-BridgeJson (Invoke-BridgeScriptInProcess 'import-pfx.ps1' '{"contentBase64":"AAAA","plan":[]}')
        $out.error.code | Should -Be 'not-elevated'
        $global:ImportModes.Count | Should -Be 0
    }
}

Describe 'Get-AutomaticStore: MMC''s automatic store selection (fix 7)' {
    It 'puts <name> in <store>' -TestCases @(
        @{ name = 'root'; store = 'Root' }
        @{ name = 'stray'; store = 'Root' }
        @{ name = 'inter'; store = 'CA' }
        @{ name = 'other'; store = 'AddressBook' }
        @{ name = 'leaf'; store = 'AddressBook' }
        @{ name = 'v1ca'; store = 'CA' }
        @{ name = 'v1root'; store = 'Root' }
        @{ name = 'nobc'; store = 'AddressBook' }
    ) {
        param($name, $store)
        Get-AutomaticStore $Pki.certificates[$name] | Should -Be $store
    }

    It 'puts the certificate with its private key in My' {
        Get-AutomaticStore (New-LeafWithKey $Pki) | Should -Be 'My'
    }

    It 'sees the v1 certificates as v1 (the test PKI is what it claims)' {
        $Pki.certificates['v1ca'].Version | Should -Be 1
        $Pki.certificates['nobc'].Version | Should -Be 3
    }
}
