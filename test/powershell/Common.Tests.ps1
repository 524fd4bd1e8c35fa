# CertDesk.Common.ps1: the request fields, the error document's code and message, and what every script does when
# WDAC / AppLocker runs it in ConstrainedLanguage (the powershell-blocked code). Test-FullLanguage is mocked here;
# Entry.Tests.ps1 runs a real ConstrainedLanguage child process.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    foreach ($module in $BridgeModules) { . (Join-Path $ScriptsDir $module) }
    function Get-BridgeCode([scriptblock]$Block) {
        try { & $Block; return 'no error' } catch { return (Get-BridgeErrorCode $_) }
    }
}

Describe 'request fields' {
    It 'reads a missing request object as absent fields' {
        Get-StringField $null 'thumbprint' 200 | Should -BeExactly ''
        Get-BoolField $null 'all' | Should -BeFalse
        $patterns = Get-ArrayField $null 'patterns'
        , $patterns | Should -BeOfType [array]
        $patterns.Count | Should -Be 0
    }
    It 'answers usage for a string field longer than its limit, and accepts one at the limit' {
        $request = [pscustomobject]@{ service = ('s' * 257) }
        Get-BridgeCode { Get-StringField $request 'service' 256 } | Should -Be 'usage'
        try { $null = Get-StringField $request 'service' 256 } catch { $_.Exception.Message | Should -Be 'The field "service" is longer than 256 characters.' }
        (Get-StringField ([pscustomobject]@{ service = ('s' * 256) }) 'service' 256).Length | Should -Be 256
    }
}

Describe 'PowerShell in ConstrainedLanguage (powershell-blocked)' {
    BeforeEach {
        Mock Test-FullLanguage { $false }
    }

    It 'maps every failure to powershell-blocked, naming the language mode, even a bridge error' {
        # In ConstrainedLanguage the exception's Data cannot be read: the code must not depend on it.
        try { throw (New-BridgeError 'not-found' 'x') } catch {
            Get-BridgeErrorCode $_ | Should -Be 'powershell-blocked'
            Get-BridgeErrorMessage $_ | Should -Match 'FullLanguage mode.*Application Control or AppLocker'
        }
    }
    It 'refuses the request with powershell-blocked before looking at it' {
        Get-BridgeCode { Assert-BridgeRequest ([pscustomobject]@{ thumbprint = 'x' }) } | Should -Be 'powershell-blocked'
        Get-BridgeCode { Assert-BridgeRequest $null } | Should -Be 'powershell-blocked'
    }
    It 'returns the answer as the script''s output instead of writing to [Console]' {
        $text = Write-BridgeOutput ([ordered]@{ error = [ordered]@{ code = 'powershell-blocked'; message = 'm' } })
        $text | Should -BeExactly '{"error":{"code":"powershell-blocked","message":"m"}}'
    }
    It 'check-elevation.ps1 answers powershell-blocked as one JSON line of output, without touching the platform' {
        Mock Get-PlatformIdentity { throw 'must not be called' }
        [Console]::SetIn((New-Object System.IO.StringReader -ArgumentList '{}'))
        try {
            $lines = @(& (Join-Path $ScriptsDir 'check-elevation.ps1'))
        } finally {
            [Console]::SetIn((New-Object System.IO.StringReader -ArgumentList ''))
        }
        $lines.Count | Should -Be 1
        $answer = $lines[0] | ConvertFrom-Json
        $answer.error.code | Should -Be 'powershell-blocked'
        $answer.error.message | Should -Match 'Allow the signed CertDesk scripts'
        Should -Invoke Get-PlatformIdentity -Times 0 -Exactly
    }
}
