using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Akka.DistributedActors.Tests.Security;

/// <summary>
/// Certificate authorities and node certificates made at test time (ECDSA P-256), written to a private temporary folder that
/// is deleted on dispose: no key material is ever committed.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    public const string Password = "test-only-password";

    private readonly List<X509Certificate2> _owned = [];

    public string Folder { get; } = Directory.CreateTempSubdirectory("dda-tls-").FullName;

    /// <summary>A self-signed authority; its public certificate is written as PEM to <see cref="Authority.RootPath"/>.</summary>
    public Authority CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        _owned.Add(certificate);
        var rootPath = Path.Combine(Folder, $"{name}.pem");
        File.WriteAllText(rootPath, certificate.ExportCertificatePem());
        return new Authority(certificate, rootPath);
    }

    /// <summary>
    /// A node certificate issued by <paramref name="issuer"/> for 127.0.0.1 (or <paramref name="dnsName"/> only), exported with its
    /// key to a PKCS#12 file protected by <see cref="Password"/>.
    /// </summary>
    public NodeCertificate IssueNode(Authority issuer, string name, string? dnsName = null, bool clientAuthentication = true,
        DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (dnsName is null) names.AddIpAddress(IPAddress.Loopback);
        else names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection { new("1.3.6.1.5.5.7.3.1") };
        if (clientAuthentication) usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var issued = request.Create(issuer.Certificate, notBefore, notAfter ?? DateTimeOffset.UtcNow.AddDays(7),
            RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        var pfxPath = Path.Combine(Folder, $"{name}.pfx");
        File.WriteAllBytes(pfxPath, withKey.Export(X509ContentType.Pkcs12, Password));
        var certificatePath = Path.Combine(Folder, $"{name}.cer");
        File.WriteAllBytes(certificatePath, withKey.Export(X509ContentType.Cert));
        return new NodeCertificate(pfxPath, certificatePath, withKey.Thumbprint);
    }

    public void Dispose()
    {
        foreach (var certificate in _owned) certificate.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    public sealed record Authority(X509Certificate2 Certificate, string RootPath);

    /// <summary>The node's PKCS#12 file (with key), its public certificate alone (DER), and its thumbprint.</summary>
    public sealed record NodeCertificate(string PfxPath, string CertificatePath, string Thumbprint);
}
