using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors.Sharding.Tests;

/// <summary>The pure parts of sharding: entity IDs and settings validation.</summary>
public sealed class ShardingUnitTests
{
    private static readonly UniqueNode Self = new(new Node("a", "127.0.0.1", 2552), 42);

    [Theory]
    [InlineData("acc-1")]
    [InlineData("a/b#c d%é")]
    public void An_entity_ID_names_type_and_key_not_the_node_and_round_trips_through_its_text(string entityId)
    {
        var id = ShardedIds.For(Self, "IAccount", entityId);
        Assert.Equal(id, ShardedIds.For(new UniqueNode(new Node("b", "10.0.0.2", 2553), 7), "IAccount", entityId));
        var parsed = ActorID.Parse(id.ToString());
        Assert.Equal(id, parsed);
        Assert.True(ShardedIds.TryRead(parsed, out var type, out var key));
        Assert.Equal(("IAccount", entityId), (type, key));
    }

    [Fact]
    public void An_ordinary_actor_ID_is_not_an_entity()
    {
        Assert.False(ShardedIds.TryRead(new ActorID(Self, "/sharding/IAccount/x", 3), out _, out _));
        Assert.False(ShardedIds.TryRead(new ActorID(new UniqueNode(new Node("sharding", "sharding", 0), 0), "/user/x", 0), out _, out _));
    }

    public static TheoryData<Action<ShardingSettings>, string, object?> Invalid => new()
    {
        { s => s.NumberOfShards = 0, nameof(ShardingSettings.NumberOfShards), 0 },
        { s => s.Role = " ", nameof(ShardingSettings.Role), " " },
        { s => s.PassivateIdleAfter = TimeSpan.Zero, nameof(ShardingSettings.PassivateIdleAfter), TimeSpan.Zero },
        { s => s.HandOffTimeout = TimeSpan.FromSeconds(-1), nameof(ShardingSettings.HandOffTimeout), TimeSpan.FromSeconds(-1) },
        { s => s.RetryActivationAfter = TimeSpan.Zero, nameof(ShardingSettings.RetryActivationAfter), TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_settings_fail_naming_the_setting_and_its_value(Action<ShardingSettings> configure, string name, object? value)
    {
        var settings = new ShardingSettings();
        configure(settings);
        var error = Assert.Throws<ClusterSystemSettingsException>(settings.Validate);
        Assert.Equal(name, error.SettingName);
        Assert.Equal(value, error.Value);
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void Default_settings_are_valid()
    {
        var settings = new ShardingSettings();
        settings.Validate();
        Assert.Equal((100, TimeSpan.FromMinutes(2), false), (settings.NumberOfShards, settings.PassivateIdleAfter, settings.RememberEntities));
    }
}
