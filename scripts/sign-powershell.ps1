# Signs the Windows bridge's PowerShell scripts and modules (electron/engine/windows/scripts/*.ps1) with an
# Authenticode code-signing certificate, so they run under an AllSigned execution policy and can be allowed by a
# WDAC / AppLocker publisher rule. Run by the Windows build before `npm run dist` (npm run sign:powershell).
#
#   CERTDESK_SIGN_PFX           path of the code-signing certificate (.pfx, with its key). Not set: nothing is
#                               signed and the script says so (exit 0): unsigned builds stay possible.
#   CERTDESK_SIGN_PASSWORD      its password (from the build machine's secret store, never committed)
#   CERTDESK_SIGN_TIMESTAMP_URL RFC 3161 timestamp server (default http://timestamp.digicert.com): signatures stay
#                               valid after the certificate expires.
#
# Windows only (Set-AuthenticodeSignature); Windows PowerShell 5.1 or PowerShell 7. Signs in place: run it on the
# build's checkout, not on a working copy you commit from (the signature block is appended to each file).
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$pfxPath = $env:CERTDESK_SIGN_PFX
if ([string]::IsNullOrEmpty($pfxPath)) {
    'sign-powershell: CERTDESK_SIGN_PFX is not set; the PowerShell scripts stay unsigned.'
    exit 0
}
if (-not (Get-Command -Name 'Set-AuthenticodeSignature' -ErrorAction SilentlyContinue)) {
    throw 'sign-powershell: Set-AuthenticodeSignature is only available on Windows; sign on the Windows build machine.'
}
$timestamp = $env:CERTDESK_SIGN_TIMESTAMP_URL
if ([string]::IsNullOrEmpty($timestamp)) { $timestamp = 'http://timestamp.digicert.com' }

$flags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::EphemeralKeySet
$certificate = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList $pfxPath, $env:CERTDESK_SIGN_PASSWORD, $flags
if (-not $certificate.HasPrivateKey) { throw "sign-powershell: $pfxPath has no private key." }
$codeSigning = $false
foreach ($extension in $certificate.Extensions) {
    if ($extension -is [System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]) {
        foreach ($usage in $extension.EnhancedKeyUsages) { if ($usage.Value -eq '1.3.6.1.5.5.7.3.3') { $codeSigning = $true } }
    }
}
if (-not $codeSigning) { throw "sign-powershell: $($certificate.Subject) is not a code-signing certificate (EKU 1.3.6.1.5.5.7.3.3)." }

$dir = Join-Path -Path $PSScriptRoot -ChildPath '..\electron\engine\windows\scripts'
$files = @(Get-ChildItem -LiteralPath $dir -Filter '*.ps1' -File)
if ($files.Count -eq 0) { throw "sign-powershell: no .ps1 files in $dir" }
foreach ($file in $files) {
    $result = Set-AuthenticodeSignature -LiteralPath $file.FullName -Certificate $certificate -HashAlgorithm SHA256 -TimestampServer $timestamp -IncludeChain NotRoot
    if ($result.Status -ne 'Valid') { throw "sign-powershell: signing $($file.Name) failed: $($result.Status) $($result.StatusMessage)" }
    "signed $($file.Name)"
}
# Check them again as PowerShell will: every file must carry a valid signature by this certificate.
foreach ($file in $files) {
    $signature = Get-AuthenticodeSignature -LiteralPath $file.FullName
    if ($signature.Status -ne 'Valid' -or $signature.SignerCertificate.Thumbprint -ne $certificate.Thumbprint) {
        throw "sign-powershell: $($file.Name) does not verify: $($signature.Status) $($signature.StatusMessage)"
    }
}
'sign-powershell: {0} files signed by {1}' -f $files.Count, $certificate.Subject
