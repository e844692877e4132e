using Akka.Actor.Setup;
using Akka.DistributedActors.Security;
using Akka.Remote.Transport.DotNetty;

namespace Akka.DistributedActors;

public sealed partial class ClusterSystem
{
    static partial void ConfigureSecuritySetup(ClusterSystemSettings settings, ref ActorSystemSetup setup)
    {
        var tls = settings.Tls;
        if (!tls.Enabled) return;
        var validator = new PeerCertificateValidator(TlsCertificates.LoadTrustedRoots(tls), tls.ValidateCertificateHostname);
        setup = setup.And(new DotNettySslSetup(TlsCertificates.LoadOwnCertificate(tls), suppressValidation: false,
            tls.RequireMutualAuthentication, tls.ValidateCertificateHostname, validator.Callback));
    }
}
