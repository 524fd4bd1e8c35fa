# Shared by the Pester suites (dot-source it in BeforeAll): paths, a test PKI made with openssl, and running a
# shipped script, either in this process (with the platform functions mocked by Pester) or as a child
# `pwsh -NoProfile -NonInteractive -File` with JSON on stdin.
Set-StrictMode -Version Latest

$script:ProjectRoot = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
$script:ScriptsDir = Join-Path $script:ProjectRoot 'electron/engine/windows/scripts'
$script:BridgeModules = @('CertDesk.Common.ps1', 'CertDesk.Platform.ps1', 'CertDesk.Accounts.ps1', 'CertDesk.KeyAccess.ps1', 'CertDesk.Import.ps1', 'CertDesk.LoadCert.ps1')
$script:BridgeScripts = @('acl-grant.ps1', 'acl-show.ps1', 'check-elevation.ps1', 'find-loadcert.ps1', 'import-pfx.ps1', 'launch-loadcert.ps1', 'list-services.ps1', 'verify.ps1')
# The pwsh of .tools (a .NET tool: this process is the dotnet host, so its own path would not do).
$script:Pwsh = Join-Path $script:ProjectRoot '.tools/pwsh/pwsh'
if (-not (Test-Path -LiteralPath $script:Pwsh)) { $script:Pwsh = (Get-Command -Name 'pwsh' -CommandType Application | Select-Object -First 1).Source }
$script:PfxPassword = 'Pfx-pass 1!'

function Invoke-OpenSsl {
    $output = & openssl @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw ('openssl {0} failed: {1}' -f ($args -join ' '), ($output -join "`n")) }
}

function New-TestPki([string]$Dir) {
    # root (self-signed CA) -> inter (CA) -> leaf (end entity, with key); plus a stray self-signed CA, a keyless
    # end-entity certificate, a v1 CA certificate and a v3 certificate without basic constraints.
    $null = New-Item -ItemType Directory -Force -Path $Dir
    Set-Content -LiteralPath (Join-Path $Dir 'ext.cnf') -Value @(
        '[ca]', 'basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash',
        '[ee]', 'basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth,1.3.6.1.4.1.311.10.12.1',
        '[nobc]', 'subjectKeyIdentifier=hash'
    )
    $p = { param($name) Join-Path $Dir $name }
    $ext = & $p 'ext.cnf'
    Invoke-OpenSsl req -x509 -newkey rsa:2048 -nodes -keyout (& $p 'root.key') -out (& $p 'root.pem') -subj '/CN=CertDesk Test Root' -days 30 -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign'
    Invoke-OpenSsl req -x509 -newkey rsa:2048 -nodes -keyout (& $p 'stray.key') -out (& $p 'stray.pem') -subj '/CN=Stray Root' -days 30 -addext 'basicConstraints=critical,CA:TRUE'
    foreach ($pair in @(@('inter', '/CN=CertDesk Test Intermediate', 'root', 'ca'), @('leaf', '/CN=amt.example.com', 'inter', 'ee'), @('other', '/CN=Someone Else', 'inter', 'ee'), @('nobc', '/CN=No Basic Constraints', 'inter', 'nobc'))) {
        $name, $subject, $issuer, $section = $pair
        Invoke-OpenSsl req -new -newkey rsa:2048 -nodes -keyout (& $p "$name.key") -out (& $p "$name.csr") -subj $subject
        Invoke-OpenSsl x509 -req -in (& $p "$name.csr") -CA (& $p "$issuer.pem") -CAkey (& $p "$issuer.key") -CAcreateserial -out (& $p "$name.pem") -days 30 -extfile $ext -extensions $section
    }
    # v1 certificates: x509 -req without extensions.
    Invoke-OpenSsl req -new -newkey rsa:2048 -nodes -keyout (& $p 'v1ca.key') -out (& $p 'v1ca.csr') -subj '/CN=V1 Intermediate'
    Invoke-OpenSsl x509 -req -in (& $p 'v1ca.csr') -CA (& $p 'root.pem') -CAkey (& $p 'root.key') -CAcreateserial -out (& $p 'v1ca.pem') -days 30
    Invoke-OpenSsl req -new -newkey rsa:2048 -nodes -keyout (& $p 'v1root.key') -out (& $p 'v1root.csr') -subj '/CN=V1 Root'
    Invoke-OpenSsl x509 -req -in (& $p 'v1root.csr') -key (& $p 'v1root.key') -out (& $p 'v1root.pem') -days 30
    Get-Content -LiteralPath (& $p 'inter.pem'), (& $p 'root.pem') | Set-Content -LiteralPath (& $p 'chain.pem')
    Get-Content -LiteralPath (& $p 'inter.pem'), (& $p 'root.pem'), (& $p 'stray.pem') | Set-Content -LiteralPath (& $p 'chain-stray.pem')
    # Legacy 3DES + SHA-1 MAC: what .NET on Linux (and Windows Server 2016) reads.
    $legacy = @('-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1')
    Invoke-OpenSsl pkcs12 -export -inkey (& $p 'leaf.key') -in (& $p 'leaf.pem') -certfile (& $p 'chain.pem') -out (& $p 'full.pfx') -passout "pass:$script:PfxPassword" @legacy
    Invoke-OpenSsl pkcs12 -export -inkey (& $p 'leaf.key') -in (& $p 'leaf.pem') -certfile (& $p 'chain-stray.pem') -out (& $p 'stray.pfx') -passout "pass:$script:PfxPassword" @legacy
    Invoke-OpenSsl pkcs12 -export -inkey (& $p 'leaf.key') -in (& $p 'leaf.pem') -out (& $p 'leaf.pfx') -passout "pass:$script:PfxPassword" @legacy
    Invoke-OpenSsl pkcs12 -export -nokeys -in (& $p 'chain.pem') -out (& $p 'nokey.pfx') -passout "pass:$script:PfxPassword" @legacy
    $certificates = @{}
    foreach ($name in @('root', 'stray', 'inter', 'leaf', 'other', 'nobc', 'v1ca', 'v1root')) {
        $certificates[$name] = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList (& $p "$name.pem")
    }
    return @{
        dir          = $Dir
        certificates = $certificates
        full         = [System.IO.File]::ReadAllBytes((& $p 'full.pfx'))
        stray        = [System.IO.File]::ReadAllBytes((& $p 'stray.pfx'))
        leafOnly     = [System.IO.File]::ReadAllBytes((& $p 'leaf.pfx'))
        noKey        = [System.IO.File]::ReadAllBytes((& $p 'nokey.pfx'))
    }
}

function Get-CertSha256($Certificate) {
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { return [BitConverter]::ToString($sha.ComputeHash($Certificate.RawData)).Replace('-', '') } finally { $sha.Dispose() }
}

function New-LeafWithKey($Pki) {
    # The leaf certificate with its private key, as the store would hand it out.
    $collection = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2Collection
    $collection.Import($Pki.leafOnly, $script:PfxPassword, [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::EphemeralKeySet)
    return $collection[0]
}

function Invoke-BridgeScriptProcess([string]$Script, [string]$Stdin, [string]$Dir = $script:ScriptsDir, [string]$HomeDir = $null) {
    # A child pwsh with the script, exactly as the bridge runs it: -NoProfile -NonInteractive -File, JSON on stdin.
    $info = New-Object System.Diagnostics.ProcessStartInfo -ArgumentList $script:Pwsh
    foreach ($argument in @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Dir $Script))) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    if ($HomeDir) {
        $info.Environment['HOME'] = $HomeDir
        $info.Environment['TMPDIR'] = $HomeDir
        $info.WorkingDirectory = $HomeDir
    }
    $process = [System.Diagnostics.Process]::Start($info)
    $stdoutTask = $process.StandardOutput.ReadToEndAsync()
    $stderrTask = $process.StandardError.ReadToEndAsync()
    $process.StandardInput.Write($Stdin)
    $process.StandardInput.Close()
    if (-not $process.WaitForExit(60000)) { $process.Kill(); throw "$Script did not finish within 60 s" }
    return @{ exitCode = $process.ExitCode; stdout = $stdoutTask.Result; stderr = $stderrTask.Result }
}

function Invoke-BridgeScriptInProcess([string]$Script, [string]$Stdin) {
    # The shipped script in this process, stdin replaced; needs, in the calling test, the bridge modules loaded and
    # Mock Write-BridgeOutput { $global:BridgeOutput = $Value } (Pester's mocks are aliases, which win over the
    # functions the script dot-sources, so the platform functions mocked in the test are the ones it calls).
    $global:BridgeOutput = $null
    [Console]::SetIn((New-Object System.IO.StringReader -ArgumentList $Stdin))
    try {
        & (Join-Path $script:ScriptsDir $Script)
    } finally {
        [Console]::SetIn((New-Object System.IO.StringReader -ArgumentList ''))
    }
    return $global:BridgeOutput
}

function ConvertTo-BridgeJson($Value) {
    # What Write-BridgeOutput would print, read back as the TypeScript side reads it.
    return (ConvertTo-Json -InputObject $Value -Compress -Depth 6 | ConvertFrom-Json)
}
