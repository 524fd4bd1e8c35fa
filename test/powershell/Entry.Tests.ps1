# Every shipped script run end to end as the bridge runs it: a child `pwsh -NoProfile -NonInteractive -File
# <script>`, JSON on stdin, one line of JSON on stdout. (1) hostile or empty input on this machine (no Windows):
# one JSON line with a contract code, no parser error, no stderr, no file created; (2) ConstrainedLanguage;
# (3) a missing module; (4) every script against a fake Windows server (fixtures/FakePlatform.ps1 copied over the
# platform module in a copy of the scripts folder).
BeforeDiscovery {
    $scriptNames = @('acl-grant.ps1', 'acl-show.ps1', 'check-elevation.ps1', 'find-loadcert.ps1', 'import-pfx.ps1', 'launch-loadcert.ps1', 'list-services.ps1', 'verify.ps1')
    $script:ScriptCases = @($scriptNames | ForEach-Object { @{ script = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    foreach ($module in $BridgeModules) { . (Join-Path $ScriptsDir $module) }
    # The codes the TypeScript side knows (shared/errors.ts) that these inputs may give off Windows.
    $script:ContractCodes = @('usage', 'not-windows')
    $script:Hostile = [ordered]@{
        'empty'              = ''
        'whitespace'         = "  `r`n "
        'not JSON'           = 'certdesk; Remove-Item -Recurse /'
        'JSON null'          = 'null'
        'empty array'        = '[]'
        'array'              = '[{"thumbprint":"A"},{"all":true}]'
        'string'             = '"$(New-Item -ItemType File pwned.txt)"'
        'number'             = '1e400'
        'truncated'          = '{"thumbprint":"AB'
        'case-twin keys'     = '{"a":1,"A":2}'
        'wrong types'        = '{"thumbprint":["x"],"service":{"a":1},"account":5,"all":"yes","patterns":"*","contentBase64":7,"plan":{},"password":[]}'
        'injection in names' = '{"thumbprint":"$(New-Item pwned.txt)","service":"x''; New-Item pwned2.txt; ''","account":"`$(New-Item pwned3.txt)","patterns":["$(New-Item pwned4.txt)"]}'
        'huge string'        = ('{"thumbprint":"' + ('A' * 2000000) + '","contentBase64":"' + ('A' * 100) + '"}')
        'nested deep'        = (('[' * 200) + (']' * 200))
    }
    $script:UsageLabels = @('not JSON', 'JSON null', 'empty', 'whitespace', 'empty array', 'array', 'string', 'number', 'truncated', 'case-twin keys', 'nested deep')
    function Assert-OneJsonLine([hashtable]$Run, [string]$Because) {
        $Run.stderr | Should -BeNullOrEmpty -Because $Because
        $Run.exitCode | Should -Be 0 -Because $Because
        $lines = @($Run.stdout -split "`n" | Where-Object { $_ -ne '' })
        $lines.Count | Should -Be 1 -Because $Because
        return ($lines[0] | ConvertFrom-Json)
    }
    function Get-CreatedFiles([string]$Dir) {
        # pwsh itself keeps a startup cache and a module folder in HOME; anything else was made by the script.
        return @(Get-ChildItem -LiteralPath $Dir -Recurse -Force -File | Where-Object { $_.FullName -notmatch '[\\/](\.cache|\.local[\\/]share)[\\/]powershell[\\/]' } | ForEach-Object { $_.FullName })
    }
}

Describe '<script> with hostile or empty input' -ForEach $ScriptCases {
    It 'answers one JSON line with a contract code for every input, and creates no file (in this process)' {
        # The whole matrix in this process (a child pwsh per input would take minutes); the child runs below.
        Mock Write-BridgeOutput { $global:BridgeOutputs.Add($Value) }
        $workDir = Join-Path $TestDrive ('work-' + $script)
        $null = New-Item -ItemType Directory -Path $workDir
        Push-Location -LiteralPath $workDir
        try {
            foreach ($label in $Hostile.Keys) {
                $global:BridgeOutputs = New-Object System.Collections.Generic.List[object]
                $null = Invoke-BridgeScriptInProcess $script $Hostile[$label]
                $global:BridgeOutputs.Count | Should -Be 1 -Because "$script, $label"
                $answer = ConvertTo-BridgeJson $global:BridgeOutputs[0]
                $answer.error.code | Should -BeIn $ContractCodes -Because "$script, $label"
                $answer.error.message | Should -Not -Match 'ConvertFrom-Json|Conversion from JSON|Unexpected character|at line|ParserError' -Because "$script, $label"
                if ($label -in $UsageLabels) { $answer.error.code | Should -Be 'usage' -Because "$script, $label" }
            }
        } finally {
            Pop-Location
        }
        Get-CreatedFiles $workDir | Should -BeNullOrEmpty
    }

    It 'answers one JSON line as a child pwsh -File for empty input (and hostile names), creating no file' {
        # One child per script (a pwsh start costs seconds on a loaded CI machine); the full matrix ran above.
        $homeDir = Join-Path $TestDrive ('home-' + $script)
        $null = New-Item -ItemType Directory -Path $homeDir
        $labels = @('empty')
        if ($script -in @('acl-show.ps1', 'list-services.ps1')) { $labels += 'injection in names' }
        foreach ($label in $labels) {
            $run = Invoke-BridgeScriptProcess $script $Hostile[$label] -HomeDir $homeDir
            $answer = Assert-OneJsonLine $run "$script, $label"
            $answer.error.code | Should -BeIn $ContractCodes -Because "$script, $label"
            if ($label -in $UsageLabels) { $answer.error.code | Should -Be 'usage' -Because "$script, $label" }
        }
        Get-CreatedFiles $homeDir | Should -BeNullOrEmpty
        Get-ChildItem -LiteralPath $ScriptsDir -Force | Where-Object { $_.Extension -ne '.ps1' } | Should -BeNullOrEmpty
    }
}

Describe 'the entry in ConstrainedLanguage mode and without its modules' {
    It 'answers powershell-blocked in ConstrainedLanguage mode (<script>)' -ForEach @(@{ script = 'import-pfx.ps1' }) {
        $info = New-Object System.Diagnostics.ProcessStartInfo -ArgumentList $Pwsh
        foreach ($argument in @('-NoProfile', '-NonInteractive', '-Command', ('$ExecutionContext.SessionState.LanguageMode = ''ConstrainedLanguage''; & ''{0}''' -f (Join-Path $ScriptsDir $script)))) { $info.ArgumentList.Add($argument) }
        $info.RedirectStandardInput = $true; $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true; $info.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($info)
        $process.StandardInput.Write('{}'); $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEnd(); $stderr = $process.StandardError.ReadToEnd()
        $process.WaitForExit()
        $answer = Assert-OneJsonLine @{ exitCode = $process.ExitCode; stdout = $stdout; stderr = $stderr } $script
        $answer.error.code | Should -Be 'powershell-blocked'
        $answer.error.message | Should -Match 'ConstrainedLanguage'
    }

    It 'answers the fixed internal line when a module is missing (<script>)' -ForEach @(@{ script = 'verify.ps1' }) {
        $dir = Join-Path $TestDrive ('partial-' + $script)
        $null = New-Item -ItemType Directory -Path $dir
        Copy-Item -LiteralPath (Join-Path $ScriptsDir $script), (Join-Path $ScriptsDir 'CertDesk.Common.ps1') -Destination $dir
        $run = Invoke-BridgeScriptProcess $script '{}' -Dir $dir
        $run.exitCode | Should -Be 1
        $answer = ($run.stdout.Trim() | ConvertFrom-Json)
        $answer.error.code | Should -Be 'internal'
    }
}

Describe 'every script end to end against a fake Windows server' {
    BeforeAll {
        $script:Pki = New-TestPki (Join-Path $TestDrive 'pki')
        $script:FakeDir = Join-Path $TestDrive 'install [x86]'
        $null = New-Item -ItemType Directory -Path $FakeDir
        Get-ChildItem -LiteralPath $ScriptsDir -Filter '*.ps1' | Copy-Item -Destination $FakeDir
        Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'fixtures/FakePlatform.ps1') -Destination (Join-Path $FakeDir 'CertDesk.Platform.ps1') -Force
        $script:LeafThumb = $Pki.certificates['leaf'].Thumbprint
        function Set-FakeState([bool]$Elevated = $true) {
            $state = [ordered]@{
                info            = @{ osVersion = 'Microsoft Windows NT 10.0.20348.0'; osBuild = 20348; programFiles = @('C:\Program Files', 'C:\Program Files (x86)') }
                identity        = @{ user = 'SRV\admin'; userSid = 'S-1-5-21-7-7-7-500'; elevated = $Elevated }
                services        = @(@{ name = 'CertDeskAMT'; displayName = 'Intel AMT RCS'; startName = 'NT SERVICE\CertDeskAMT' }, @{ name = 'Spooler'; displayName = 'Print Spooler'; startName = 'LocalSystem' })
                accounts        = @{ 'NT SERVICE\CertDeskAMT' = 'S-1-5-80-11-22-33-44-55'; 'NT AUTHORITY\SYSTEM' = 'S-1-5-18' }
                stores          = @{ My = @($LeafThumb); CA = @(); Root = @(); AddressBook = @() }
                files           = @('C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\abc_123', 'C:\Program Files (x86)\Intel\AMTConfServer\Tools\LoadCert.exe')
                leafPfxBase64   = [Convert]::ToBase64String($Pki.leafOnly)
                leafPfxPassword = $PfxPassword
                log             = @()
            }
            Set-Content -LiteralPath (Join-Path $FakeDir 'fake-platform.json') -Value (ConvertTo-Json -InputObject $state -Depth 10)
        }
        function Get-FakeLog { return @((Get-Content -LiteralPath (Join-Path $FakeDir 'fake-platform.json') -Raw | ConvertFrom-Json).log) }
        function Invoke-Fake([string]$Script, $Request) {
            $run = Invoke-BridgeScriptProcess $Script (ConvertTo-Json -InputObject $Request -Compress -Depth 6) -Dir $FakeDir
            return (Assert-OneJsonLine $run $Script)
        }
    }
    BeforeEach { Set-FakeState }

    It 'check-elevation.ps1' {
        $out = Invoke-Fake 'check-elevation.ps1' @{}
        $out.elevated | Should -BeTrue
        $out.userSid | Should -Be 'S-1-5-21-7-7-7-500'
        $out.osVersion | Should -Match '20348'
    }
    It 'list-services.ps1' {
        $out = Invoke-Fake 'list-services.ps1' @{ patterns = @('*AMT*') }
        @($out.services).Count | Should -Be 1
        $out.services[0].account.kind | Should -Be 'virtual'
        $out.services[0].account.sid | Should -Be 'S-1-5-80-11-22-33-44-55'
    }
    It 'find-loadcert.ps1 and launch-loadcert.ps1 (the detected path only)' {
        $found = Invoke-Fake 'find-loadcert.ps1' @{ path = 'C:\evil.exe' }
        $found.loadCert.found | Should -BeTrue
        $found.loadCert.path | Should -Be 'C:\Program Files (x86)\Intel\AMTConfServer\Tools\LoadCert.exe'
        $found.loadCert.fileVersion | Should -Be '3.0.0.1'
        $launched = Invoke-Fake 'launch-loadcert.ps1' @{ path = 'C:\evil.exe' }
        $launched.processId | Should -Be 4242
        Get-FakeLog | Should -Be @('start C:\Program Files (x86)\Intel\AMTConfServer\Tools\LoadCert.exe elevate=False')
    }
    It 'import-pfx.ps1 carries out the plan: the stray root is skipped' {
        $plan = @(
            @{ sha256 = (Get-CertSha256 $Pki.certificates['leaf']); store = 'My'; action = 'import' },
            @{ sha256 = (Get-CertSha256 $Pki.certificates['inter']); store = 'CA'; action = 'import' },
            @{ sha256 = (Get-CertSha256 $Pki.certificates['root']); store = 'Root'; action = 'import' }
        )
        $out = Invoke-Fake 'import-pfx.ps1' @{ contentBase64 = [Convert]::ToBase64String($Pki.stray); password = $PfxPassword; plan = $plan }
        @($out.certificates).Count | Should -Be 4
        # The leaf is already in My with its key: no key is persisted, the chain is added.
        (@($out.certificates) | Where-Object { $_.subject -eq 'CN=amt.example.com' }).action | Should -Be 'already-present'
        (@($out.certificates) | Where-Object { $_.subject -eq 'CN=Stray Root' }).reason | Should -Be 'not in plan'
        Get-FakeLog | Sort-Object | Should -Be @('add CA CN=CertDesk Test Intermediate', 'add Root CN=CertDesk Test Root', 'read-pfx probe')
    }
    It 'import-pfx.ps1 refuses a request without a plan' {
        (Invoke-Fake 'import-pfx.ps1' @{ contentBase64 = [Convert]::ToBase64String($Pki.full); password = $PfxPassword }).error.code | Should -Be 'usage'
        Get-FakeLog | Should -BeNullOrEmpty
    }
    It 'acl-show.ps1, acl-grant.ps1 and verify.ps1' {
        $shown = Invoke-Fake 'acl-show.ps1' @{ thumbprint = $LeafThumb; service = 'CertDeskAMT' }
        $shown.key.provider | Should -Be 'CAPI'
        $shown.account.canRead | Should -BeFalse
        $granted = Invoke-Fake 'acl-grant.ps1' @{ thumbprint = $LeafThumb; service = 'CertDeskAMT' }
        $granted.changed | Should -BeTrue
        $granted.account.canRead | Should -BeTrue
        Get-FakeLog | Should -Be @('dacl S-1-5-80-11-22-33-44-55')
        $verified = Invoke-Fake 'verify.ps1' @{ thumbprint = $LeafThumb; service = 'CertDeskAMT' }
        $verified.found | Should -BeTrue
        $verified.chain.built | Should -BeTrue
        $verified.account.canRead | Should -BeTrue
    }
    It 'the elevated scripts answer not-elevated and change nothing' {
        Set-FakeState -Elevated $false
        foreach ($script in @('acl-grant.ps1')) {
            (Invoke-Fake $script @{ thumbprint = $LeafThumb; service = 'CertDeskAMT'; contentBase64 = 'AAAA'; plan = @() }).error.code | Should -Be 'not-elevated' -Because $script
        }
        Get-FakeLog | Should -BeNullOrEmpty
    }
}
