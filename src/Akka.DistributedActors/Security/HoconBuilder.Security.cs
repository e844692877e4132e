using System.Text;

namespace Akka.DistributedActors.Internal;

internal static partial class HoconBuilder
{
    // The certificate itself and the peer validation travel in a DotNettySslSetup (ClusterSystem.Security.cs), so the
    // certificate path and password never appear in the configuration, which Akka may log; Akka lets that setup take
    // precedence over the ssl.certificate keys, which are therefore not written at all.
    static partial void AppendSecurity(ClusterSystemSettings s, StringBuilder sb)
    {
        if (!s.Tls.Enabled) return;
        sb.AppendLine("akka.remote.dot-netty.tcp.enable-ssl = on");
        sb.AppendLine("akka.remote.dot-netty.tcp.ssl.suppress-validation = off");
        sb.AppendLine($"akka.remote.dot-netty.tcp.ssl.require-mutual-authentication = {OnOff(s.Tls.RequireMutualAuthentication)}");
        sb.AppendLine($"akka.remote.dot-netty.tcp.ssl.validate-certificate-hostname = {OnOff(s.Tls.ValidateCertificateHostname)}");
    }
}
