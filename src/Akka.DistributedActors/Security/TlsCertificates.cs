using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Akka.DistributedActors.Security;

/// <summary>
/// Loads the certificates named by <see cref="TlsSettings"/>, turning every problem into a
/// <see cref="ClusterSystemSettingsException"/> that names the setting (the password is never shown).
/// </summary>
internal static class TlsCertificates
{
    private const string HiddenPassword = "(hidden)";
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Throws for the first TLS setting that is invalid; loads and releases every certificate once.</summary>
    public static void Validate(TlsSettings tls)
    {
        if (!tls.Enabled)
        {
            if (tls.CertificatePath is not null || tls.CertificateThumbprint is not null || tls.TrustedRootCertificatePaths.Count > 0)
                throw new ClusterSystemSettingsException("Tls.Enabled", false,
                    "a certificate or trusted root is configured but TLS is off; set Tls.Enabled = true (or remove them) so the node does not silently run unencrypted.");
            return;
        }
        using (LoadOwnCertificate(tls)) { }
        var roots = LoadTrustedRoots(tls);
        foreach (var root in roots) root.Dispose();
    }

    /// <summary>This node's certificate with its private key, checked for expiry, key access and key usages.</summary>
    public static X509Certificate2 LoadOwnCertificate(TlsSettings tls)
    {
        var (setting, value, certificate) = (tls.CertificatePath, tls.CertificateThumbprint) switch
        {
            (null, null) => throw new ClusterSystemSettingsException("Tls.CertificatePath", null,
                "TLS is enabled but no certificate is set; set Tls.CertificatePath (a PKCS#12/.pfx file) or Tls.CertificateThumbprint (certificate store)."),
            ({ }, { }) => throw new ClusterSystemSettingsException("Tls.CertificateThumbprint", tls.CertificateThumbprint,
                "set either Tls.CertificatePath or Tls.CertificateThumbprint, not both."),
            ({ } path, null) => ("Tls.CertificatePath", path, LoadFromFile(path, tls.CertificatePassword)),
            (null, { } thumbprint) => ("Tls.CertificateThumbprint", thumbprint, LoadFromStore(thumbprint, tls.CertificateStoreName, tls.CertificateStoreLocation)),
        };
        try
        {
            CheckUsable(certificate, setting, value, tls.RequireMutualAuthentication);
            return certificate;
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>The certificates of <see cref="TlsSettings.TrustedRootCertificatePaths"/>; empty when the machine's trust store decides.</summary>
    public static X509Certificate2Collection LoadTrustedRoots(TlsSettings tls)
    {
        var roots = new X509Certificate2Collection();
        for (var i = 0; i < tls.TrustedRootCertificatePaths.Count; i++)
        {
            var setting = $"Tls.TrustedRootCertificatePaths[{i}]";
            var path = tls.TrustedRootCertificatePaths[i];
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
                throw new ClusterSystemSettingsException(setting, path, "file not found.");
            try
            {
                var before = roots.Count;
                if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                    roots.ImportFromPemFile(path);
                else
                    roots.Add(X509CertificateLoader.LoadCertificateFromFile(path));
                if (roots.Count == before)
                    throw new ClusterSystemSettingsException(setting, path, "holds no certificate.");
            }
            catch (CryptographicException e)
            {
                throw new ClusterSystemSettingsException(setting, path, $"is not a PEM or DER certificate file ({e.Message}).", e);
            }
        }
        return roots;
    }

    private static X509Certificate2 LoadFromFile(string path, string? password)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            throw new ClusterSystemSettingsException("Tls.CertificatePath", path, "file not found.");
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            if (IsPlainCertificate(path))
                throw new ClusterSystemSettingsException("Tls.CertificatePath", path,
                    "holds a certificate without its private key; a node needs a PKCS#12 (.pfx) file with the private key to prove its identity.", e);
            throw new ClusterSystemSettingsException("Tls.CertificatePassword", password is null ? null : HiddenPassword,
                $"does not open the PKCS#12 file {path} (wrong password, or not a PKCS#12 file): {e.Message}", e);
        }
    }

    private static bool IsPlainCertificate(string path)
    {
        try
        {
            using var plain = X509CertificateLoader.LoadCertificateFromFile(path);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static X509Certificate2 LoadFromStore(string thumbprint, string storeName, StoreLocation location)
    {
        if (string.IsNullOrWhiteSpace(storeName))
            throw new ClusterSystemSettingsException("Tls.CertificateStoreName", storeName, "must name a certificate store, e.g. \"My\".");
        if (!Enum.IsDefined(location))
            throw new ClusterSystemSettingsException("Tls.CertificateStoreLocation", location, "is not a StoreLocation.");
        try
        {
            using var store = new X509Store(storeName, location);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            foreach (var other in found.Skip(1)) other.Dispose();
            return found.Count > 0
                ? found[0]
                : throw new ClusterSystemSettingsException("Tls.CertificateThumbprint", thumbprint,
                    $"no certificate with this thumbprint in the store {storeName} of {location}.");
        }
        catch (CryptographicException e)
        {
            throw new ClusterSystemSettingsException("Tls.CertificateStoreName", storeName, $"the store {storeName} of {location} cannot be opened ({e.Message}).", e);
        }
    }

    private static void CheckUsable(X509Certificate2 certificate, string setting, string value, bool mutual)
    {
        if (!certificate.HasPrivateKey)
            throw new ClusterSystemSettingsException(setting, value,
                $"certificate \"{certificate.Subject}\" has no private key; a node needs its private key to prove its identity.");
        try
        {
            using var rsa = certificate.GetRSAPrivateKey();
            using var ecdsa = certificate.GetECDsaPrivateKey();
            if (rsa is null && ecdsa is null)
                throw new ClusterSystemSettingsException(setting, value,
                    $"the private key of certificate \"{certificate.Subject}\" is neither RSA nor ECDSA, or this process may not use it.");
        }
        catch (CryptographicException e)
        {
            throw new ClusterSystemSettingsException(setting, value,
                $"the private key of certificate \"{certificate.Subject}\" cannot be used by this process ({e.Message}).", e);
        }
        var now = DateTime.Now;
        if (now > certificate.NotAfter)
            throw new ClusterSystemSettingsException(setting, value, $"certificate \"{certificate.Subject}\" expired on {certificate.NotAfter:u}.");
        if (now < certificate.NotBefore)
            throw new ClusterSystemSettingsException(setting, value, $"certificate \"{certificate.Subject}\" is not valid before {certificate.NotBefore:u}.");
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault()?.EnhancedKeyUsages;
        if (usages is null) return;
        if (!Contains(usages, ServerAuthenticationOid))
            throw new ClusterSystemSettingsException(setting, value,
                $"certificate \"{certificate.Subject}\" is not valid for server authentication ({ServerAuthenticationOid}), which every node needs to accept connections.");
        if (mutual && !Contains(usages, ClientAuthenticationOid))
            throw new ClusterSystemSettingsException(setting, value,
                $"certificate \"{certificate.Subject}\" is not valid for client authentication ({ClientAuthenticationOid}), which mutual TLS needs to connect to other nodes.");
    }

    private static bool Contains(OidCollection usages, string oid) => usages.Cast<Oid>().Any(u => u.Value == oid);
}
