// pfx-oracle FILE: loads a PFX with .NET's X509CertificateLoader under its default Pkcs12LoaderLimits, as
// X509CertificateLoader.LoadPkcs12 (the certificate with the key) and LoadPkcs12Collection (all of them), and
// prints one line of JSON. The password comes from the PFX_PASSWORD environment variable, or else from the
// first line of stdin: never from the command line, where other users could read it.
// Exit 0 with { ok: true, ... }; exit 1 with { ok: false, error, message } when .NET refuses the file.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: pfx-oracle FILE  (password in PFX_PASSWORD or on stdin)");
    return 2;
}

var password = Environment.GetEnvironmentVariable("PFX_PASSWORD") ?? Console.In.ReadLine() ?? "";
var bytes = File.ReadAllBytes(args[0]);

static string Hex(byte[] data) => Convert.ToHexString(data);

try
{
    using var leaf = X509CertificateLoader.LoadPkcs12(bytes, password, X509KeyStorageFlags.EphemeralKeySet);
    var collection = X509CertificateLoader.LoadPkcs12Collection(bytes, password, X509KeyStorageFlags.EphemeralKeySet);
    using var rsa = leaf.GetRSAPrivateKey();
    // The key is usable, not only present: sign with it and verify with the certificate's public key.
    var data = new byte[] { 1, 2, 3, 4 };
    var signed = rsa != null && leaf.GetRSAPublicKey()!.VerifyData(data, rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    var result = new
    {
        ok = true,
        count = collection.Count,
        leafHasPrivateKey = leaf.HasPrivateKey,
        leafKeySigns = signed,
        leafThumbprint = leaf.Thumbprint,
        leafSha256 = Hex(leaf.GetCertHash(HashAlgorithmName.SHA256)),
        withKey = collection.Count(c => c.HasPrivateKey),
        thumbprints = collection.Select(c => c.Thumbprint).ToArray(),
        sha256s = collection.Select(c => Hex(c.GetCertHash(HashAlgorithmName.SHA256))).ToArray(),
        subjects = collection.Select(c => c.Subject).ToArray(),
    };
    foreach (var c in collection) c.Dispose();
    Console.WriteLine(JsonSerializer.Serialize(result));
    return 0;
}
catch (CryptographicException e)
{
    Console.WriteLine(JsonSerializer.Serialize(new { ok = false, error = e.GetType().Name, message = e.Message }));
    return 1;
}
