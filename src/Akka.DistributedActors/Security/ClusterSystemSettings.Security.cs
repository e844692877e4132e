namespace Akka.DistributedActors;

public sealed partial class ClusterSystemSettings
{
    /// <summary>TLS for the cluster transport (certificate, trusted roots, mutual authentication); off by default.</summary>
    public TlsSettings Tls { get; } = new();

    partial void ValidateSecurity() => Security.TlsCertificates.Validate(Tls);
}
