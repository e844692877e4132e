using System.Security.Cryptography.X509Certificates;

namespace Akka.DistributedActors;

/// <summary>
/// TLS for the cluster transport (Swift's <c>settings.tls</c>): this node's certificate, which peers it trusts, and whether
/// peers must present certificates too. Off by default (plain TCP). Checked at start: a certificate that cannot be loaded, has
/// no private key, or has expired fails with <see cref="ClusterSystemSettingsException"/> naming the setting.
/// </summary>
public sealed class TlsSettings
{
    /// <summary>Encrypts and authenticates every connection with TLS; default false. Every node of one cluster must agree.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// A PKCS#12 (.pfx/.p12) file with this node's certificate and its private key; null by default. Set this or
    /// <see cref="CertificateThumbprint"/>, not both.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>; null (no password) by default. Never written to the Akka configuration.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// The SHA-1 thumbprint (hex) of this node's certificate in the certificate store named by <see cref="CertificateStoreName"/> and
    /// <see cref="CertificateStoreLocation"/>; null by default. The store must hold the private key too.
    /// </summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>The certificate store searched for <see cref="CertificateThumbprint"/>; default "My" (personal certificates).</summary>
    public string CertificateStoreName { get; set; } = "My";

    /// <summary>Whose certificate store is searched for <see cref="CertificateThumbprint"/>; default <see cref="StoreLocation.CurrentUser"/>.</summary>
    public StoreLocation CertificateStoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>
    /// Files (PEM, possibly several certificates, or DER) with the root certificates this node trusts: a peer is accepted only when
    /// its certificate chains to one of them, and the machine's trust store is then ignored. Empty (default): the machine's trust
    /// store decides. A self-signed node certificate listed here is trusted as it is (pinning).
    /// </summary>
    public IList<string> TrustedRootCertificatePaths { get; } = new List<string>();

    /// <summary>
    /// Mutual TLS: a node accepts an incoming connection only from a peer presenting a trusted certificate, and presents its own
    /// when connecting; default true. With false any TLS client may connect and only the accepting node is authenticated.
    /// </summary>
    public bool RequireMutualAuthentication { get; set; } = true;

    /// <summary>
    /// When connecting, also requires the peer certificate to name the host being connected to (DNS name or IP address in its
    /// subject alternative names); default false, since cluster nodes often connect by IP address.
    /// </summary>
    public bool ValidateCertificateHostname { get; set; }
}
