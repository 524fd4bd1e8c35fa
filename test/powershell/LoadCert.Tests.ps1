# association.detect / association.launch and elevation.check with CertDesk.Platform.ps1 mocked: the detected path
# is the only one ever started, the UAC prompt is asked for when not elevated, a refused prompt is cancelled.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    foreach ($module in $BridgeModules) { . (Join-Path $ScriptsDir $module) }
    function Get-BridgeCode([scriptblock]$Block) {
        try { & $Block; return 'no error' } catch { return (Get-BridgeErrorCode $_) }
    }
}

Describe 'LoadCert.exe and elevation' {
    BeforeEach {
        $global:Started = New-Object System.Collections.Generic.List[string]
        Mock Get-PlatformInfo { @{ isWindows = $true; osBuild = 17763; osVersion = 'Microsoft Windows NT 10.0.17763.0'; psVersion = '5.1.17763.1'; machineName = 'SRV'; programData = 'C:\ProgramData'; programFiles = @('C:\Program Files', 'C:\Program Files (x86)') } }
        Mock Get-PlatformIdentity { @{ user = 'SRV\admin'; userSid = 'S-1-5-21-1-2-3-500'; elevated = $false } }
        Mock Test-PlatformFile { $Path -eq 'C:\Program Files (x86)\Intel\AMTConfServer\Tools\LoadCert.exe' }
        Mock Get-PlatformFileVersion { '3.2.1.0' }
        Mock Start-PlatformProcess { $global:Started.Add(('{0}|{1}' -f $Path, $Elevate)); @{ processId = 77; cancelled = $false } }
    }

    It 'finds LoadCert.exe in either Program Files and lists where it looked' {
        $result = (Invoke-FindLoadCert $null).loadCert
        $result.found | Should -BeTrue
        $result.path | Should -Be 'C:\Program Files (x86)\Intel\AMTConfServer\Tools\LoadCert.exe'
        $result.fileVersion | Should -Be '3.2.1.0'
        $result.searched | Should -Be @('C:\Program Files\Intel\AMTConfServer\Tools\LoadCert.exe', 'C:\Program Files (x86)\Intel\AMTConfServer\Tools\LoadCert.exe')
    }
    It 'starts the detected file with the UAC verb when not elevated, without it when elevated' {
        (Invoke-LaunchLoadCert ([pscustomobject]@{ path = 'C:\evil.exe' })).processId | Should -Be 77
        Mock Get-PlatformIdentity { @{ user = 'SRV\admin'; userSid = 'S-1-5-21-1-2-3-500'; elevated = $true } }
        $null = Invoke-LaunchLoadCert $null
        $global:Started | Should -Be @('C:\Program Files (x86)\Intel\AMTConfServer\Tools\LoadCert.exe|True', 'C:\Program Files (x86)\Intel\AMTConfServer\Tools\LoadCert.exe|False')
    }
    It 'answers cancelled for a refused prompt and not-found without LoadCert.exe' {
        Mock Start-PlatformProcess { @{ processId = $null; cancelled = $true } }
        Get-BridgeCode { Invoke-LaunchLoadCert $null } | Should -Be 'cancelled'
        Mock Test-PlatformFile { $false }
        Get-BridgeCode { Invoke-LaunchLoadCert $null } | Should -Be 'not-found'
        (Invoke-FindLoadCert $null).loadCert.found | Should -BeFalse
    }
    It 'runs find-loadcert.ps1, launch-loadcert.ps1 and check-elevation.ps1 end to end in this process' {
        Mock Write-BridgeOutput { $global:BridgeOutput = $Value }
        (ConvertTo-BridgeJson (Invoke-BridgeScriptInProcess 'find-loadcert.ps1' '{}')).loadCert.found | Should -BeTrue
        (ConvertTo-BridgeJson (Invoke-BridgeScriptInProcess 'launch-loadcert.ps1' '{}')).launched | Should -BeTrue
        $elevation = ConvertTo-BridgeJson (Invoke-BridgeScriptInProcess 'check-elevation.ps1' '{}')
        $elevation.elevated | Should -BeFalse
        $elevation.user | Should -Be 'SRV\admin'
        $elevation.psVersion | Should -Be '5.1.17763.1'
        $elevation.osVersion | Should -Match '17763'
    }
    It 'maps failures to codes: bridge code, non-JSON stdin is usage, anything else powershell-failed' {
        try { throw (New-BridgeError 'not-found' 'x') } catch { Get-BridgeErrorCode $_ | Should -Be 'not-found'; Get-BridgeErrorMessage $_ | Should -Be 'x' }
        try { $null = '{' | ConvertFrom-Json } catch { Get-BridgeErrorCode $_ | Should -Be 'usage'; Get-BridgeErrorMessage $_ | Should -Be 'The input on stdin is not one JSON object.' }
        try { throw 'boom' } catch { Get-BridgeErrorCode $_ | Should -Be 'powershell-failed'; Get-BridgeErrorMessage $_ | Should -Be 'boom' }
        Test-FullLanguage | Should -BeTrue
        Get-LanguageModeMessage | Should -Match 'FullLanguage mode'
    }
}
