using Akka.Actor.Setup;
using Akka.DistributedActors.Security;
using Akka.Remote.Transport.DotNetty;

namespace Akka.DistributedActors;

public sealed partial class ClusterSystem
{
    static partial void ConfigureSecuritySetup(ClusterSystemSettings settings, ref ActorSystemSetup setup)
    {
        if (TlsSetupFor(settings) is { } tls) setup = setup.And(tls);
    }

    /// <summary>The TLS setup of <paramref name="settings"/>, or null when TLS is off; also used by the Akka.Hosting integration.</summary>
    internal static DotNettySslSetup? TlsSetupFor(ClusterSystemSettings settings)
    {
        var tls = settings.Tls;
        if (!tls.Enabled) return null;
        var validator = new PeerCertificateValidator(TlsCertificates.LoadTrustedRoots(tls), tls.ValidateCertificateHostname);
        return new DotNettySslSetup(TlsCertificates.LoadOwnCertificate(tls), suppressValidation: false,
            tls.RequireMutualAuthentication, tls.ValidateCertificateHostname, validator.Callback);
    }
}
