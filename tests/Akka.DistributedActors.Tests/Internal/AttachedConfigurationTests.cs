using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors.Tests.Internal;

public sealed class AttachedConfigurationTests
{
    [Fact]
    public void The_facade_configuration_round_trips_through_its_leaves()
    {
        // Akka.Hosting receives the facade's settings as these leaves; every value the builder writes, empty lists included,
        // must come back as the same configuration.
        var built = HoconBuilder.Build(new ClusterSystemSettings("RoundTrip"));

        var leaves = AttachedConfiguration.Flatten(built);
        var rebuilt = AttachedConfiguration.ToConfig(leaves);

        Assert.Equal(leaves, AttachedConfiguration.Flatten(rebuilt));
        Assert.Equal("[]", leaves["akka.cluster.sharding.distributed-data.durable.keys"]);
    }
}
