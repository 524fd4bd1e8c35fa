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
