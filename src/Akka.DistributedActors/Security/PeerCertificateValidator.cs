using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace Akka.DistributedActors.Security;

/// <summary>
/// Decides whether a peer's TLS certificate is trusted, on both ends of a connection: against the configured trusted roots
/// when there are any (the machine's trust store is then ignored), otherwise against the machine's trust store as
/// <see cref="System.Net.Security.SslStream"/> already checked it.
/// </summary>
internal sealed class PeerCertificateValidator
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2Collection? _trustedRoots;
    private readonly bool _validateHostname;

    /// <param name="trustedRoots">The only roots trusted; null trusts the machine's store.</param>
    /// <param name="validateHostname">Whether a certificate that does not name the host connected to is rejected.</param>
    public PeerCertificateValidator(X509Certificate2Collection? trustedRoots, bool validateHostname)
    {
        _trustedRoots = trustedRoots is { Count: > 0 } ? trustedRoots : null;
        _validateHostname = validateHostname;
    }

    /// <summary>The callback Akka's DotNetty transport calls during every TLS handshake; logs why a peer was rejected.</summary>
    public CertificateValidationCallback Callback => (certificate, chain, peer, errors, log) =>
    {
        var problem = Check(certificate, chain, errors);
        if (problem is null) return true;
        log.Warning("Rejected the TLS certificate of {0}: {1}", peer, problem);
        return false;
    };

    /// <summary>Null when <paramref name="certificate"/> is trusted, otherwise why it is not.</summary>
    public string? Check(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return "the peer presented no certificate.";
        if (_validateHostname && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return $"certificate {Describe(certificate)} does not name the host connected to (hostname validation is on).";
        if (_trustedRoots is null)
        {
            return errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors)
                ? $"certificate {Describe(certificate)} is not trusted by this machine's trust store ({StatusOf(chain)})."
                : null;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trustedRoots);
        // Revocation is not checked, as SslStream does not by default: self-made authorities seldom publish revocation lists.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // A handshake must not make the node fetch issuer certificates from addresses named in a peer's certificate.
        custom.ChainPolicy.DisableCertificateDownloads = true;
        // A node both accepts and opens connections, so its certificate must be fit for both (a certificate without the
        // extension is fit for any use); this keeps, say, a web server certificate of the same authority out of the cluster.
        custom.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        custom.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return custom.Build(certificate)
            ? null
            : $"certificate {Describe(certificate)} does not chain to a trusted root of Tls.TrustedRootCertificatePaths ({StatusOf(custom)}).";
    }

    private static string Describe(X509Certificate2 certificate) =>
        $"\"{certificate.Subject}\" (issuer \"{certificate.Issuer}\", thumbprint {certificate.Thumbprint})";

    private static string StatusOf(X509Chain? chain)
    {
        var statuses = chain?.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => s.StatusInformation.Trim().Length > 0 ? s.StatusInformation.Trim() : s.Status.ToString())
            .Distinct()
            .ToList();
        return statuses is { Count: > 0 } ? string.Join("; ", statuses) : "chain errors";
    }
}
