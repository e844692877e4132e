using System.Security.Cryptography.X509Certificates;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Security;

[LongRunning(35)]
public sealed class TlsClusterTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly TimeSpan NeverJoinsFor = TimeSpan.FromSeconds(5);
    private readonly TestCertificates _certificates = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _certificates.Dispose();
    }

    private static Action<ClusterSystemSettings> Tls(TestCertificates.NodeCertificate certificate, params string[] trustedRoots) => s =>
    {
        s.Tls.Enabled = true;
        s.Tls.CertificatePath = certificate.PfxPath;
        s.Tls.CertificatePassword = TestCertificates.Password;
        foreach (var root in trustedRoots) s.Tls.TrustedRootCertificatePaths.Add(root);
    };

    [Fact]
    public async Task Nodes_with_certificates_of_a_trusted_authority_form_a_cluster_over_tls()
    {
        var authority = _certificates.CreateAuthority("cluster-ca");
        var first = await SetUpNodeAsync("first", Tls(_certificates.IssueNode(authority, "first"), authority.RootPath));
        var second = await SetUpNodeAsync("second", Tls(_certificates.IssueNode(authority, "second"), authority.RootPath));

        second.Cluster.Join(first.Cluster.Node);
        await EnsureAllUpAsync([first, second]);

        Assert.Contains(".ssl.", first.Cluster.Node.Protocol);
        Assert.Contains(".ssl.", second.Cluster.Node.Protocol);
    }

    [Fact]
    public async Task Node_with_a_certificate_of_an_untrusted_authority_never_becomes_a_member()
    {
        var authority = _certificates.CreateAuthority("cluster-ca");
        var stranger = _certificates.CreateAuthority("stranger-ca");
        var seed = await SetUpNodeAsync("seed", Tls(_certificates.IssueNode(authority, "seed"), authority.RootPath));
        // The intruder trusts the seed, so only the seed's check of the intruder's certificate can keep it out.
        var intruder = await SetUpNodeAsync("intruder", Tls(_certificates.IssueNode(stranger, "intruder"), authority.RootPath, stranger.RootPath));

        intruder.Cluster.Join(seed.Cluster.Node);

        await AssertRejectedAsync(seed, intruder, "does not chain to a trusted root");
    }

    [Fact]
    public async Task Node_that_presents_no_certificate_is_rejected_by_mutual_authentication()
    {
        var authority = _certificates.CreateAuthority("cluster-ca");
        var seed = await SetUpNodeAsync("seed", Tls(_certificates.IssueNode(authority, "seed"), authority.RootPath));
        var anonymous = await SetUpNodeAsync("anonymous", s =>
        {
            Tls(_certificates.IssueNode(authority, "anonymous"), authority.RootPath)(s);
            s.Tls.RequireMutualAuthentication = false;
        });

        anonymous.Cluster.Join(seed.Cluster.Node);

        await AssertRejectedAsync(seed, anonymous, "did not provide a certificate");
    }

    [Fact]
    public async Task Node_without_tls_cannot_join_a_tls_node()
    {
        var authority = _certificates.CreateAuthority("cluster-ca");
        var seed = await SetUpNodeAsync("seed", Tls(_certificates.IssueNode(authority, "seed"), authority.RootPath));
        var plain = await SetUpNodeAsync("plain");

        plain.Cluster.Join(new Node(seed.Cluster.Node.Host, seed.Cluster.Node.Port));

        await AssertRejectedAsync(seed, plain, "Rejected incoming connection");
    }

    [Fact]
    public async Task Without_trusted_roots_only_the_machine_trust_store_decides_so_a_private_authority_is_not_trusted()
    {
        var authority = _certificates.CreateAuthority("private-ca");
        var seed = await SetUpNodeAsync("seed", Tls(_certificates.IssueNode(authority, "seed"), authority.RootPath));
        var machineTrusting = await SetUpNodeAsync("machine-trusting", Tls(_certificates.IssueNode(authority, "machine-trusting")));
        var rootTrusting = await SetUpNodeAsync("root-trusting", Tls(_certificates.IssueNode(authority, "root-trusting"), authority.RootPath));

        machineTrusting.Cluster.Join(seed.Cluster.Node);
        await EventuallyAsync(() => Assert.Contains(CapturingLogger.LinesOf(machineTrusting.ActorSystem),
            l => l.Contains("is not trusted by this machine's trust store", StringComparison.Ordinal)), DefaultWithin);
        await AssertHoldsAsync(() => Assert.Null(seed.Cluster.MembershipSnapshot.AnyMember(machineTrusting.Cluster.Node)), NeverJoinsFor);

        rootTrusting.Cluster.Join(seed.Cluster.Node);
        await EnsureAllUpAsync([seed, rootTrusting]);
    }

    [Fact]
    public async Task Hostname_validation_rejects_a_peer_whose_certificate_names_another_host_and_accepts_a_matching_one()
    {
        var authority = _certificates.CreateAuthority("cluster-ca");
        Action<ClusterSystemSettings> Strict(string name) => s =>
        {
            Tls(_certificates.IssueNode(authority, name), authority.RootPath)(s);
            s.Tls.ValidateCertificateHostname = true;
        };
        var elsewhere = await SetUpNodeAsync("elsewhere", Tls(_certificates.IssueNode(authority, "elsewhere", dnsName: "elsewhere.example"), authority.RootPath));
        var matching = await SetUpNodeAsync("matching", Tls(_certificates.IssueNode(authority, "matching"), authority.RootPath));
        var strictToElsewhere = await SetUpNodeAsync("strict-a", Strict("strict-a"));
        var strictToMatching = await SetUpNodeAsync("strict-b", Strict("strict-b"));

        strictToElsewhere.Cluster.Join(elsewhere.Cluster.Node);
        strictToMatching.Cluster.Join(matching.Cluster.Node);

        await EnsureAllUpAsync([matching, strictToMatching]);
        await EventuallyAsync(() => Assert.Contains(CapturingLogger.LinesOf(strictToElsewhere.ActorSystem),
            l => l.Contains("does not name the host connected to", StringComparison.Ordinal)), DefaultWithin);
        await AssertHoldsAsync(() => Assert.Null(elsewhere.Cluster.MembershipSnapshot.AnyMember(strictToElsewhere.Cluster.Node)), NeverJoinsFor);
    }

    [Fact]
    public async Task Certificates_found_in_the_certificate_store_by_thumbprint_secure_the_cluster()
    {
        var authority = _certificates.CreateAuthority("cluster-ca");
        var nodes = new[] { _certificates.IssueNode(authority, "first"), _certificates.IssueNode(authority, "second") };
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        var added = nodes.Select(n => X509CertificateLoader.LoadPkcs12FromFile(n.PfxPath, TestCertificates.Password, X509KeyStorageFlags.Exportable)).ToList();
        try
        {
            foreach (var certificate in added) store.Add(certificate);
            Action<ClusterSystemSettings> FromStore(TestCertificates.NodeCertificate node) => s =>
            {
                s.Tls.Enabled = true;
                s.Tls.CertificateThumbprint = node.Thumbprint;
                s.Tls.TrustedRootCertificatePaths.Add(authority.RootPath);
            };
            var first = await SetUpNodeAsync("first", FromStore(nodes[0]));
            var second = await SetUpNodeAsync("second", FromStore(nodes[1]));

            second.Cluster.Join(first.Cluster.Node);
            await EnsureAllUpAsync([first, second]);
        }
        finally
        {
            foreach (var certificate in added)
            {
                store.Remove(certificate);
                certificate.Dispose();
            }
        }
    }

    private async Task AssertRejectedAsync(ClusterSystem seed, ClusterSystem rejected, string logged)
    {
        await EventuallyAsync(() => Assert.Contains(CapturingLogger.LinesOf(seed.ActorSystem), l => l.Contains(logged, StringComparison.Ordinal)),
            DefaultWithin);
        await AssertHoldsAsync(() =>
        {
            var members = seed.Cluster.MembershipSnapshot;
            Assert.Null(members.AnyMember(rejected.Cluster.Node));
            Assert.Single(members);
        }, NeverJoinsFor);
    }
}
