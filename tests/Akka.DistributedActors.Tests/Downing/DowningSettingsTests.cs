using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;

namespace Akka.DistributedActors.Tests.Downing;

public sealed class DowningSettingsTests
{
    private static Akka.Configuration.Config Hocon(Action<ClusterSystemSettings> configure)
    {
        var settings = new ClusterSystemSettings();
        configure(settings);
        settings.Validate();
        return HoconBuilder.Build(settings);
    }

    [Fact]
    public void Defaults_are_Akkas_split_brain_resolver_and_a_graceful_shutdown_after_three_seconds()
    {
        var settings = new ClusterSystemSettings();
        var config = HoconBuilder.Build(settings);

        Assert.Equal(DowningStrategySettings.DowningKind.SplitBrainResolver, settings.Downing.Kind);
        Assert.Equal(HoconBuilder.SplitBrainResolverProviderClass, config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(20), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal("on", config.GetString("akka.cluster.split-brain-resolver.down-all-when-unstable"));
        Assert.Equal(OnDownActionStrategySettings.ActionKind.GracefulShutdown, settings.OnDownAction.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.OnDownAction.Delay);
        Assert.True(config.GetBoolean("akka.cluster.run-coordinated-shutdown-when-down"));
        Assert.Equal(TimeSpan.FromSeconds(8), config.GetTimeSpan("akka.coordinated-shutdown.phases.before-service-unbind.timeout"));
    }

    [Fact]
    public void None_disables_Akkas_downing_provider()
    {
        var config = Hocon(s => s.Downing = DowningStrategySettings.None);

        Assert.Equal("", config.GetString("akka.cluster.downing-provider-class"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Timeout_and_custom_run_in_the_facades_provider(bool custom)
    {
        var config = Hocon(s => s.Downing = custom
            ? DowningStrategySettings.Custom(ctx => new TimeoutBasedDowningStrategy(new TimeoutBasedDowningStrategySettings(), ctx))
            : DowningStrategySettings.Timeout());

        var type = Type.GetType(config.GetString("akka.cluster.downing-provider-class"), throwOnError: true);
        Assert.Equal(typeof(DowningStrategyProvider), type);
    }

    [Fact]
    public void Timeout_defaults_to_swifts_one_second()
    {
        var timeout = DowningStrategySettings.Timeout();

        Assert.Equal(DowningStrategySettings.DowningKind.Timeout, timeout.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), timeout.TimeoutSettings!.DownUnreachableMembersAfter);
    }

    [Theory]
    [InlineData("keep-majority")]
    [InlineData("keep-oldest")]
    [InlineData("static-quorum")]
    [InlineData("down-all")]
    public void Each_akka_resolver_strategy_selects_akkas_resolver_by_its_hocon_name(string name)
    {
        var strategy = name switch
        {
            "keep-majority" => SplitBrainResolverStrategy.KeepMajority(role: "backend"),
            "keep-oldest" => SplitBrainResolverStrategy.KeepOldest(role: "backend"),
            "static-quorum" => SplitBrainResolverStrategy.StaticQuorum(2, role: "backend"),
            _ => SplitBrainResolverStrategy.DownAll(),
        };

        var config = Hocon(s => s.Downing = DowningStrategySettings.SplitBrainResolver(new SplitBrainResolverSettings { Strategy = strategy }));

        Assert.Equal(HoconBuilder.SplitBrainResolverProviderClass, config.GetString("akka.cluster.downing-provider-class"));
        Assert.NotNull(Type.GetType(config.GetString("akka.cluster.downing-provider-class")));
        Assert.Equal(name, config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        if (name != "down-all") Assert.Equal("backend", config.GetString($"akka.cluster.split-brain-resolver.{name}.role"));
    }

    [Fact]
    public void Split_brain_resolver_settings_map_onto_akkas_keys()
    {
        var config = Hocon(s => s.Downing = DowningStrategySettings.SplitBrainResolver(new SplitBrainResolverSettings
        {
            Strategy = SplitBrainResolverStrategy.StaticQuorum(3, role: "backend"),
            StableAfter = TimeSpan.FromSeconds(7),
            DownAllWhenUnstableAfter = TimeSpan.FromSeconds(9),
        }));

        Assert.Equal("static-quorum", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(TimeSpan.FromSeconds(9), config.GetTimeSpan("akka.cluster.split-brain-resolver.down-all-when-unstable"));
        Assert.Equal(3, config.GetInt("akka.cluster.split-brain-resolver.static-quorum.quorum-size"));
        Assert.Equal("backend", config.GetString("akka.cluster.split-brain-resolver.static-quorum.role"));
    }

    [Fact]
    public void Keep_oldest_and_down_all_when_unstable_off_map_onto_akkas_keys()
    {
        var config = Hocon(s => s.Downing = DowningStrategySettings.SplitBrainResolver(new SplitBrainResolverSettings
        {
            Strategy = SplitBrainResolverStrategy.KeepOldest(downIfAlone: false),
            DownAllWhenUnstable = false,
        }));

        Assert.Equal("keep-oldest", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.False(config.GetBoolean("akka.cluster.split-brain-resolver.keep-oldest.down-if-alone"));
        Assert.Equal("off", config.GetString("akka.cluster.split-brain-resolver.down-all-when-unstable"));
    }

    [Fact]
    public void Keep_referee_selects_akkas_legacy_resolver_with_the_referee_address()
    {
        // The referee's address is only mapped into the HOCON, never contacted; any valid port would do.
        var refereePort = FreePorts.Take(1)[0];
        var config = Hocon(s =>
        {
            s.ClusterName = "shop";
            s.Downing = DowningStrategySettings.SplitBrainResolver(new SplitBrainResolverSettings
            {
                Strategy = SplitBrainResolverStrategy.KeepReferee(new Node("10.0.0.1", refereePort), downAllIfLessThanNodes: 2),
            });
        });

        Assert.Equal(HoconBuilder.LegacySplitBrainResolverProviderClass, config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-referee", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal($"akka.tcp://shop@10.0.0.1:{refereePort}", config.GetString("akka.cluster.split-brain-resolver.keep-referee.address"));
        Assert.Equal(2, config.GetInt("akka.cluster.split-brain-resolver.keep-referee.down-all-if-less-than-nodes"));
        Assert.NotNull(Type.GetType(config.GetString("akka.cluster.downing-provider-class")));
    }

    [Fact]
    public void On_down_action_none_keeps_a_downed_system_running()
    {
        var config = Hocon(s => s.OnDownAction = OnDownActionStrategySettings.None);

        Assert.False(config.GetBoolean("akka.cluster.run-coordinated-shutdown-when-down"));
    }

    public static TheoryData<string, Action<ClusterSystemSettings>> InvalidSettings => new()
    {
        { "Downing", s => s.Downing = null! },
        { "Downing.Timeout.DownUnreachableMembersAfter", s => s.Downing = DowningStrategySettings.Timeout(new() { DownUnreachableMembersAfter = TimeSpan.FromSeconds(-1) }) },
        { "Downing.SplitBrainResolver.StableAfter", s => s.Downing = DowningStrategySettings.SplitBrainResolver(new() { StableAfter = TimeSpan.Zero }) },
        { "Downing.SplitBrainResolver.DownAllWhenUnstableAfter", s => s.Downing = DowningStrategySettings.SplitBrainResolver(new() { DownAllWhenUnstableAfter = TimeSpan.Zero }) },
        { "Downing.SplitBrainResolver.Strategy", s => s.Downing = DowningStrategySettings.SplitBrainResolver(new() { Strategy = null! }) },
        { "Downing.SplitBrainResolver.Strategy.QuorumSize", s => s.Downing = DowningStrategySettings.SplitBrainResolver(new() { Strategy = SplitBrainResolverStrategy.StaticQuorum(0) }) },
        { "Downing.SplitBrainResolver.Strategy.Role", s => s.Downing = DowningStrategySettings.SplitBrainResolver(new() { Strategy = SplitBrainResolverStrategy.KeepMajority(" ") }) },
        { "Downing.SplitBrainResolver.Strategy.DownAllIfLessThanNodes", s => s.Downing = DowningStrategySettings.SplitBrainResolver(new() { Strategy = SplitBrainResolverStrategy.KeepReferee(new Node("h", 1), 0) }) },
        { "Downing.SplitBrainResolver.DownAllWhenUnstableAfter", s => s.Downing = DowningStrategySettings.SplitBrainResolver(new() { Strategy = SplitBrainResolverStrategy.KeepReferee(new Node("h", 1)), DownAllWhenUnstableAfter = TimeSpan.FromSeconds(5) }) },
        { "OnDownAction", s => s.OnDownAction = null! },
        { "OnDownAction.Delay", s => s.OnDownAction = OnDownActionStrategySettings.GracefulShutdown(TimeSpan.FromSeconds(-1)) },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_downing_settings_are_rejected_naming_the_setting(string setting, Action<ClusterSystemSettings> configure)
    {
        var settings = new ClusterSystemSettings();
        configure(settings);

        var e = Assert.Throws<ClusterSystemSettingsException>(settings.Validate);
        Assert.Equal(setting, e.SettingName);
    }
}
