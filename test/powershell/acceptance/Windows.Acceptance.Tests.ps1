# Windows acceptance suite: the shipped scripts for real, no mocks, on a Windows server, elevated.
# Cannot run on the Linux CI machines (no LocalMachine stores, services or ACLs there); run it on a throwaway
# Windows Server 2016/2019/2022 VM or by .github/workflows/windows-acceptance.yml:
#   powershell.exe -NoProfile -ExecutionPolicy Bypass -Command "Import-Module Pester -MinimumVersion 5.5; Invoke-Pester -Path test/powershell/acceptance -Output Detailed"
# It imports a generated PFX, creates a throwaway service under a virtual account, grants it read on the key,
# proves that account can open the private key (the service's own process signs with it), verifies, and cleans up.
BeforeAll {
    $script:ScriptsDir = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..\..\..\electron\engine\windows\scripts'))
    $script:PowerShell = Join-Path ([Environment]::GetFolderPath('System')) 'WindowsPowerShell\v1.0\powershell.exe'
    $script:ServiceName = 'CertDeskAcceptance'
    $script:Work = Join-Path $env:ProgramData 'CertDeskAcceptance'
    $principal = New-Object System.Security.Principal.WindowsPrincipal ([System.Security.Principal.WindowsIdentity]::GetCurrent())
    if (-not $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)) { throw 'Run the acceptance suite from an elevated PowerShell.' }

    function Invoke-Bridge([string]$Script, $Request) {
        # Exactly as the runner does: constant arguments, JSON on stdin, one line of JSON back.
        $info = New-Object System.Diagnostics.ProcessStartInfo
        $info.FileName = $script:PowerShell
        $info.Arguments = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + (Join-Path $script:ScriptsDir $Script) + '"'
        $info.RedirectStandardInput = $true; $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true; $info.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($info)
        $process.StandardInput.Write((ConvertTo-Json -InputObject $Request -Compress -Depth 6)); $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEnd(); $null = $process.StandardError.ReadToEnd()
        $process.WaitForExit()
        $lines = @($stdout -split "`n" | Where-Object { $_.Trim() -ne '' })
        $lines.Count | Should -Be 1
        return ($lines[0] | ConvertFrom-Json)
    }
    function Get-Sha256([byte[]]$Bytes) {
        $sha = [System.Security.Cryptography.SHA256]::Create()
        try { return [BitConverter]::ToString($sha.ComputeHash($Bytes)).Replace('-', '') } finally { $sha.Dispose() }
    }

    # A generated RSA certificate exported as a legacy (3DES) PFX, then removed from the user store.
    $created = New-SelfSignedCertificate -Subject 'CN=certdesk-acceptance.example.com' -KeyAlgorithm RSA -KeyLength 2048 -KeyExportPolicy Exportable -CertStoreLocation 'Cert:\CurrentUser\My' -Provider 'Microsoft Enhanced RSA and AES Cryptographic Provider'
    $script:Thumbprint = $created.Thumbprint
    $script:Password = 'Acceptance-' + [Guid]::NewGuid().ToString('N')
    $pfxPath = Join-Path $env:TEMP 'certdesk-acceptance.pfx'
    $secure = ConvertTo-SecureString -String $script:Password -AsPlainText -Force
    $null = Export-PfxCertificate -Cert $created -FilePath $pfxPath -Password $secure -CryptoAlgorithmOption TripleDES_SHA1
    Remove-Item -LiteralPath ('Cert:\CurrentUser\My\' + $created.Thumbprint) -DeleteKey
    $script:PfxBytes = [System.IO.File]::ReadAllBytes($pfxPath)
    Remove-Item -LiteralPath $pfxPath
    $script:Sha256 = Get-Sha256 $created.RawData

    # A throwaway service under its virtual account: its "binary" is PowerShell opening the key and writing the
    # result; the SCM kills it as not a service, after it ran.
    $null = New-Item -ItemType Directory -Force -Path $script:Work
    $probe = Join-Path $script:Work 'probe.ps1'
    Set-Content -LiteralPath $probe -Value @(
        '$c = Get-Item -LiteralPath ''Cert:\LocalMachine\My\' + $script:Thumbprint + ''''
        'try { $k = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($c); $s = $k.SignData([byte[]](1,2,3), [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1); Set-Content -LiteralPath ''' + (Join-Path $script:Work 'result.txt') + ''' -Value (''signed '' + $s.Length) }'
        'catch { Set-Content -LiteralPath ''' + (Join-Path $script:Work 'result.txt') + ''' -Value (''failed '' + $_.Exception.Message) }'
    )
    $binary = '"' + $script:PowerShell + '" -NoProfile -ExecutionPolicy Bypass -File "' + $probe + '"'
    $null = New-Service -Name $script:ServiceName -BinaryPathName $binary -StartupType Manual
    $null = & sc.exe config $script:ServiceName obj= ('NT SERVICE\' + $script:ServiceName)
    # The virtual account may write its answer into the work folder.
    $acl = Get-Acl -LiteralPath $script:Work
    $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule ('NT SERVICE\' + $script:ServiceName), 'Modify', 'ContainerInherit,ObjectInherit', 'None', 'Allow'))
    Set-Acl -LiteralPath $script:Work -AclObject $acl

    function Invoke-ServiceProbe {
        Remove-Item -LiteralPath (Join-Path $script:Work 'result.txt') -ErrorAction SilentlyContinue
        try { Start-Service -Name $script:ServiceName -ErrorAction Stop } catch { $null = $_ }
        for ($i = 0; $i -lt 60 -and -not (Test-Path -LiteralPath (Join-Path $script:Work 'result.txt')); $i++) { Start-Sleep -Milliseconds 500 }
        return (Get-Content -LiteralPath (Join-Path $script:Work 'result.txt') -Raw)
    }
}

AfterAll {
    if ($script:Thumbprint) {
        Remove-Item -LiteralPath ('Cert:\LocalMachine\My\' + $script:Thumbprint) -DeleteKey -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath ('Cert:\LocalMachine\Root\' + $script:Thumbprint) -ErrorAction SilentlyContinue
    }
    $null = & sc.exe delete $script:ServiceName
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'the Windows bridge on a real server' {
    It 'check-elevation: elevated' {
        (Invoke-Bridge 'check-elevation.ps1' @{}).elevated | Should -BeTrue
    }
    It 'import-pfx: the plan puts the certificate with its key in LocalMachine\My; a re-run leaves no key file behind' {
        $keys = @(Get-ChildItem -LiteralPath (Join-Path $env:ProgramData 'Microsoft\Crypto\RSA\MachineKeys')).Count
        $request = @{ contentBase64 = [Convert]::ToBase64String($script:PfxBytes); password = $script:Password; plan = @(@{ sha256 = $script:Sha256; store = 'My'; action = 'import' }) }
        $first = Invoke-Bridge 'import-pfx.ps1' $request
        $first.certificates[0].action | Should -Be 'added'
        $first.certificates[0].sha256 | Should -Be $script:Sha256
        $second = Invoke-Bridge 'import-pfx.ps1' $request
        $second.certificates[0].action | Should -Be 'already-present'
        @(Get-ChildItem -LiteralPath (Join-Path $env:ProgramData 'Microsoft\Crypto\RSA\MachineKeys')).Count | Should -Be ($keys + 1)
        Test-Path -LiteralPath ('Cert:\LocalMachine\Root\' + $script:Thumbprint) | Should -BeFalse
    }
    It 'list-services: the throwaway service with its virtual account' {
        $out = Invoke-Bridge 'list-services.ps1' @{ all = $false; patterns = @($script:ServiceName) }
        $out.services[0].account.kind | Should -Be 'virtual'
    }
    It 'acl-show: CAPI key in RSA\MachineKeys; the service cannot read it yet, and its process cannot sign' {
        $out = Invoke-Bridge 'acl-show.ps1' @{ thumbprint = $script:Thumbprint; service = $script:ServiceName }
        $out.key.provider | Should -Be 'CAPI'
        $out.key.keyFile | Should -BeLike '*\Microsoft\Crypto\RSA\MachineKeys\*'
        $out.account.canRead | Should -BeFalse
        Invoke-ServiceProbe | Should -Match '^failed'
    }
    It 'acl-grant: adds the rule, keeps the audit entries, and the service''s own process can now sign' {
        $keyFile = (Invoke-Bridge 'acl-show.ps1' @{ thumbprint = $script:Thumbprint }).key.keyFile
        $sddlBefore = (Get-Acl -LiteralPath $keyFile -Audit).GetSecurityDescriptorSddlForm('Audit')
        $out = Invoke-Bridge 'acl-grant.ps1' @{ thumbprint = $script:Thumbprint; service = $script:ServiceName }
        $out.changed | Should -BeTrue
        $out.verified | Should -BeTrue
        $out.account.canRead | Should -BeTrue
        (Get-Acl -LiteralPath $keyFile -Audit).GetSecurityDescriptorSddlForm('Audit') | Should -Be $sddlBefore
        Invoke-ServiceProbe | Should -Match '^signed 256'
    }
    It 'verify: found, key, the account can read' {
        $out = Invoke-Bridge 'verify.ps1' @{ thumbprint = $script:Thumbprint; service = $script:ServiceName }
        $out.found | Should -BeTrue
        $out.hasPrivateKey | Should -BeTrue
        $out.account.canRead | Should -BeTrue
        @($out.chain.elements).Count | Should -BeGreaterThan 0
    }
}
