using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.DistributedActors.Internal;
using Akka.DistributedActors.Security;

namespace Akka.DistributedActors.Tests.Security;

public sealed class TlsSettingsValidationTests : IDisposable
{
    private readonly TestCertificates _certificates = new();
    private readonly TestCertificates.Authority _authority;

    public TlsSettingsValidationTests() => _authority = _certificates.CreateAuthority("validation-ca");

    public void Dispose() => _certificates.Dispose();

    private ClusterSystemSettings WithCertificate(string path, string? password = TestCertificates.Password)
    {
        var settings = new ClusterSystemSettings("secure") { Node = { Port = 0 } };
        settings.Tls.Enabled = true;
        settings.Tls.CertificatePath = path;
        settings.Tls.CertificatePassword = password;
        return settings;
    }

    private static ClusterSystemSettingsException Invalid(ClusterSystemSettings settings, string setting)
    {
        var error = Assert.Throws<ClusterSystemSettingsException>(settings.Validate);
        Assert.Equal(setting, error.SettingName);
        return error;
    }

    [Fact]
    public async Task Missing_certificate_file_fails_at_start_naming_the_path_setting()
    {
        var missing = Path.Combine(_certificates.Folder, "missing.pfx");

        var error = await Assert.ThrowsAsync<ClusterSystemSettingsException>(() => ClusterSystem.StartAsync(WithCertificate(missing)));

        Assert.Equal("Tls.CertificatePath", error.SettingName);
        Assert.Contains($"\"{missing}\": file not found", error.Message);
    }

    [Fact]
    public void Wrong_password_names_the_password_setting_without_showing_the_password()
    {
        var node = _certificates.IssueNode(_authority, "node");

        var error = Invalid(WithCertificate(node.PfxPath, "not-the-password"), "Tls.CertificatePassword");

        Assert.DoesNotContain("not-the-password", error.Message);
        Assert.Contains("wrong password", error.Message);
    }

    [Fact]
    public void Certificate_file_without_private_key_is_rejected()
    {
        var node = _certificates.IssueNode(_authority, "node");

        var error = Invalid(WithCertificate(node.CertificatePath), "Tls.CertificatePath");

        Assert.Contains("without its private key", error.Message);
    }

    [Fact]
    public void Pkcs12_file_without_private_key_is_rejected()
    {
        var node = _certificates.IssueNode(_authority, "node");
        using var publicOnly = X509CertificateLoader.LoadCertificateFromFile(node.CertificatePath);
        var path = Path.Combine(_certificates.Folder, "public-only.pfx");
        File.WriteAllBytes(path, new X509Certificate2Collection(publicOnly).Export(X509ContentType.Pkcs12, TestCertificates.Password)!);

        var error = Invalid(WithCertificate(path), "Tls.CertificatePath");

        Assert.Contains("has no private key", error.Message);
    }

    [Fact]
    public void Expired_certificate_is_rejected()
    {
        var node = _certificates.IssueNode(_authority, "old", notAfter: DateTimeOffset.UtcNow.AddMinutes(-1));

        var error = Invalid(WithCertificate(node.PfxPath), "Tls.CertificatePath");

        Assert.Contains("expired", error.Message);
    }

    [Fact]
    public void Certificate_not_valid_for_client_authentication_is_rejected_only_under_mutual_authentication()
    {
        var node = _certificates.IssueNode(_authority, "server-only", clientAuthentication: false);
        var settings = WithCertificate(node.PfxPath);

        var error = Invalid(settings, "Tls.CertificatePath");
        Assert.Contains("client authentication", error.Message);

        settings.Tls.RequireMutualAuthentication = false;
        settings.Validate();
    }

    [Fact]
    public void Enabled_tls_needs_exactly_one_certificate_source()
    {
        var none = new ClusterSystemSettings { Tls = { Enabled = true } };
        Assert.Contains("no certificate is set", Invalid(none, "Tls.CertificatePath").Message);

        var both = WithCertificate(_certificates.IssueNode(_authority, "node").PfxPath);
        both.Tls.CertificateThumbprint = "00";
        Assert.Contains("not both", Invalid(both, "Tls.CertificateThumbprint").Message);
    }

    [Fact]
    public void Certificate_or_trusted_root_with_tls_off_is_rejected_so_the_node_does_not_silently_run_unencrypted()
    {
        var settings = WithCertificate(_certificates.IssueNode(_authority, "node").PfxPath);
        settings.Tls.Enabled = false;
        Invalid(settings, "Tls.Enabled");

        var rootsOnly = new ClusterSystemSettings { Tls = { TrustedRootCertificatePaths = { _authority.RootPath } } };
        Invalid(rootsOnly, "Tls.Enabled");
    }

    [Fact]
    public void Unknown_thumbprint_names_the_thumbprint_setting()
    {
        var settings = new ClusterSystemSettings { Tls = { Enabled = true, CertificateThumbprint = "0123456789ABCDEF0123456789ABCDEF01234567" } };

        Invalid(settings, "Tls.CertificateThumbprint");
    }

    [Fact]
    public void Trusted_root_that_is_missing_or_not_a_certificate_names_its_index()
    {
        var settings = WithCertificate(_certificates.IssueNode(_authority, "node").PfxPath);
        settings.Tls.TrustedRootCertificatePaths.Add(_authority.RootPath);
        settings.Tls.TrustedRootCertificatePaths.Add(Path.Combine(_certificates.Folder, "missing.pem"));
        Assert.Contains("file not found", Invalid(settings, "Tls.TrustedRootCertificatePaths[1]").Message);

        var garbage = Path.Combine(_certificates.Folder, "garbage.pem");
        File.WriteAllText(garbage, "not a certificate");
        settings.Tls.TrustedRootCertificatePaths[1] = garbage;
        Assert.Contains("not a PEM or DER certificate", Invalid(settings, "Tls.TrustedRootCertificatePaths[1]").Message);
    }

    [Fact]
    public void Tls_settings_become_akka_ssl_settings_without_the_certificate_password()
    {
        var settings = WithCertificate(_certificates.IssueNode(_authority, "node").PfxPath);
        settings.Tls.ValidateCertificateHostname = true;

        var config = HoconBuilder.Build(settings);

        Assert.True(config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.False(config.GetBoolean("akka.remote.dot-netty.tcp.ssl.suppress-validation"));
        Assert.True(config.GetBoolean("akka.remote.dot-netty.tcp.ssl.require-mutual-authentication"));
        Assert.True(config.GetBoolean("akka.remote.dot-netty.tcp.ssl.validate-certificate-hostname"));
        Assert.DoesNotContain(TestCertificates.Password, config.ToString(includeFallback: true));
        Assert.False(HoconBuilder.Build(new ClusterSystemSettings()).GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
    }

    [Fact]
    public void With_trusted_roots_a_certificate_of_the_same_authority_unfit_for_client_authentication_is_not_trusted()
    {
        var webServer = _certificates.IssueNode(_authority, "web-server", clientAuthentication: false);
        var node = _certificates.IssueNode(_authority, "node");
        using var root = X509CertificateLoader.LoadCertificateFromFile(_authority.RootPath);
        var validator = new PeerCertificateValidator(new X509Certificate2Collection(root), validateHostname: false);
        using var webCertificate = X509CertificateLoader.LoadCertificateFromFile(webServer.CertificatePath);
        using var nodeCertificate = X509CertificateLoader.LoadCertificateFromFile(node.CertificatePath);

        Assert.Null(validator.Check(nodeCertificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Contains("does not chain to a trusted root", validator.Check(webCertificate, null, SslPolicyErrors.None));
        Assert.Contains("no certificate", validator.Check(null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }
}
