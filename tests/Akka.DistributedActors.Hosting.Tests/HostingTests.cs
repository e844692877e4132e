using System.Collections.Concurrent;
using Akka.Cluster.Hosting;
using Akka.DistributedActors.TestKit;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Spec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Hosting.Tests;

public sealed class HostingTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    // The kit's transport adapter and shutdown hooks, so hosted and kit nodes talk; its in-memory logger would replace the host's.
    private static readonly string KitHoconWithoutLoggers =
        string.Join('\n', TestSettings.Hocon.Split('\n').Where(line => !line.TrimStart().StartsWith("akka.loggers", StringComparison.Ordinal)));
    private readonly List<IHost> _hosts = [];
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public async Task Hosted_node_joins_a_StartAsync_node_and_actors_are_called_both_ways_with_services_injected_and_logs_in_the_host()
    {
        var host = await StartHostAsync(services: s => s.AddSingleton(new Salutation("Howdy")));
        var hosted = host.Services.GetRequiredService<ClusterSystem>();
        var plain = await SetUpNodeAsync("plain");

        plain.Cluster.Join(hosted.Cluster.Node);
        await EnsureAllUpAsync([hosted, plain], Within);

        // Settings given only to WithDistributedActors reached the ActorSystem Akka.Hosting built.
        Assert.Equal(TimeSpan.FromMilliseconds(200), hosted.ActorSystem.Settings.Config.GetTimeSpan("akka.cluster.gossip-interval"));
        Assert.Equal("hosted", hosted.Cluster.Node.SystemName);
        var injected = hosted.Spawn<IGreeter, InjectedGreeter>();
        var local = plain.Spawn<IGreeter>(() => new Greeter());
        Assert.Equal("Howdy, Caplin!", await plain.Resolve<IGreeter>(injected.Id).Hi("Caplin"));
        Assert.Equal("Hello, Caplin!", await hosted.Resolve<IGreeter>(local.Id).Hi("Caplin"));

        // Akka's own log events and the facade's, under categories of their source, in the host's ILoggerFactory.
        await EventuallyAsync(() => Assert.Contains(_logs.Entries, e =>
            e.Category == "Akka.Cluster" && e.Level == Microsoft.Extensions.Logging.LogLevel.Information && e.Message.Contains("is JOINING", StringComparison.Ordinal)), Within);
    }

    [Fact]
    public async Task Health_checks_follow_the_node_up_and_host_stop_leaves_the_cluster()
    {
        var host = await StartHostAsync(services: s => s.AddHealthChecks().AddClusterSystemChecks());
        var hosted = host.Services.GetRequiredService<ClusterSystem>();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(r => r.Tags.Contains("live"))).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(r => r.Tags.Contains("ready"))).Status);

        var plain = await SetUpNodeAsync("plain");
        var probe = EventProbe(plain);
        plain.Cluster.Join(hosted.Cluster.Node);
        await EnsureAllUpAsync([hosted, plain], Within);
        await EventuallyAsync(async () =>
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(r => r.Tags.Contains("ready"))).Status), Within);

        await host.StopAsync().WaitAsync(Within);

        await probe.ExpectMembershipChangeAsync(hosted.Cluster.UniqueNode, Spec.MemberStatus.Leaving, Within);
        await probe.ExpectMembershipChangeAsync(hosted.Cluster.UniqueNode, Spec.MemberStatus.Removed, Within);
        Assert.DoesNotContain(probe.Events, e => e is Spec.ReachabilityChange r && r.Member.Node.Equals(hosted.Cluster.UniqueNode));
        Assert.True(hosted.ActorSystem.WhenTerminated.IsCompleted);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(r => r.Tags.Contains("ready"))).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(r => r.Tags.Contains("live"))).Status);
    }

    [Fact]
    public async Task Custom_downing_configured_only_through_WithDistributedActors_downs_a_crashed_node()
    {
        var decisions = new ConcurrentQueue<UniqueNode>();
        var host = await StartHostAsync(s =>
        {
            s.Downing = DowningStrategySettings.Custom(_ => new DownWhenUnreachable(decisions));
            s.OnDownAction = OnDownActionStrategySettings.None;
        });
        var hosted = host.Services.GetRequiredService<ClusterSystem>();
        var plain = await SetUpNodeAsync("plain");
        plain.Cluster.Join(hosted.Cluster.Node);
        await EnsureAllUpAsync([hosted, plain], Within);
        var probe = EventProbe(hosted);

        await CrashAsync(plain);

        await probe.ExpectMembershipChangeAsync(plain.Cluster.UniqueNode, Spec.MemberStatus.Down, Within);
        await probe.ExpectMembershipChangeAsync(plain.Cluster.UniqueNode, Spec.MemberStatus.Removed, Within);
        Assert.Contains(plain.Cluster.UniqueNode, decisions);
        // The facade's own log (its downing shell), in the host's ILoggerFactory under the shell's class.
        Assert.Contains(_logs.Entries, e => e.Category.EndsWith(".DowningShell", StringComparison.Ordinal) &&
            e.Message.Contains("Decide to [Down]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explicit_setting_overridden_by_later_HOCON_fails_the_host_start_naming_it()
    {
        var error = await Assert.ThrowsAsync<ClusterSystemSettingsException>(() => StartHostAsync(
            s => s.Downing = DowningStrategySettings.None,
            configureAkka: akka => akka.AddHocon("akka.cluster.downing-provider-class = \"Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster\"",
                HoconAddMode.Prepend)));

        Assert.Equal("Downing", error.SettingName);
        Assert.Contains("akka.cluster.downing-provider-class", error.Message, StringComparison.Ordinal);
    }

    private async Task<IHost> StartHostAsync(Action<ClusterSystemSettings>? configure = null, Action<IServiceCollection>? services = null,
        Action<AkkaConfigurationBuilder>? configureAkka = null)
    {
        var port = FreePorts.Take(1)[0];
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.Services.AddAkka(ClusterSystemSettings.DefaultName, akka =>
        {
            akka.WithRemoting("127.0.0.1", port)
                .WithClustering()
                .WithDistributedActors(s =>
                {
                    TestSettings.Apply(s);
                    s.Name = "hosted";
                    s.Node.Port = port;
                    s.AdditionalHocon = KitHoconWithoutLoggers;
                    configure?.Invoke(s);
                });
            configureAkka?.Invoke(akka);
        });
        builder.Services.AddClusterSystem();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync().WaitAsync(Within);
        return host;
    }

    public override async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync().WaitAsync(Within);
            }
            finally
            {
                host.Dispose();
            }
        }
        await base.DisposeAsync();
    }

    /// <summary>Downs every member the moment it becomes unreachable; records each decision.</summary>
    private sealed class DownWhenUnreachable(ConcurrentQueue<UniqueNode> decisions) : IDowningStrategy
    {
        public DowningStrategyDirective OnClusterEvent(Spec.Event e)
        {
            if (e is not Spec.ReachabilityChange { ToUnreachable: true } change) return DowningStrategyDirective.None;
            decisions.Enqueue(change.Member.Node);
            return DowningStrategyDirective.MarkAsDown(change.Member);
        }

        public DowningStrategyDirective OnTimeout(Spec.Member member) => DowningStrategyDirective.None;
    }
}
