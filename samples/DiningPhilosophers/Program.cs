using Akka.DistributedActors;
using DiningPhilosophers;

// Five philosophers and five forks spread over three nodes. Forks and philosophers check in with the receptionist; a waiter
// singleton keeps one seat free; a worker pool on the first node hands out meals to the philosophers round-robin.
string[] names = ["Plato", "Kant", "Hume", "Locke", "Spinoza"];
var nodes = new List<ClusterSystem>();
try
{
    foreach (var name in new[] { "north", "east", "west" })
    {
        nodes.Add(await ClusterSystem.StartAsync(name, settings =>
        {
            settings.Node.Host = "127.0.0.1";
            settings.Node.Port = 0;
            settings.Logging.UseBuiltInFormatter = true;
            settings.Logging.LogLevel = LogLevel.Warning;
        }));
    }
    foreach (var node in nodes.Skip(1)) node.Cluster.Join(nodes[0].Cluster.Node);
    foreach (var node in nodes) await node.Cluster.WaitForAsync(nodes.Select(n => n.Cluster.UniqueNode), Cluster.MemberStatus.Up, TimeSpan.FromSeconds(30));
    Console.WriteLine($"Cluster of {nodes.Count} nodes is Up.");

    foreach (var node in nodes) node.Singleton.Host<IWaiter>("waiter", () => new Waiter());

    for (var i = 0; i < names.Length; i++)
    {
        var node = nodes[i % nodes.Count];
        await node.Receptionist.CheckInAsync(node.Spawn<IFork>(() => new Fork(), $"fork-{i}"), Keys.Forks);
    }
    // Every node learns of every fork through gossip; the philosophers' nodes wait for the full table.
    using var setUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    foreach (var node in nodes)
    {
        while (node.Receptionist.Lookup(Keys.Forks).Count < names.Length) await Task.Delay(20, setUp.Token);
    }

    for (var i = 0; i < names.Length; i++)
    {
        var node = nodes[(i + 1) % nodes.Count];
        var forks = node.Receptionist.Lookup(Keys.Forks).OrderBy(f => f.Id.Name).ToList();
        var (left, right) = (forks[i], forks[(i + 1) % forks.Count]);
        var philosopher = node.Spawn<IPhilosopher>(() => new Philosopher(names[i], left, right), names[i]);
        await node.Receptionist.CheckInAsync(philosopher, Keys.Philosophers);
    }

    await using var pool = new WorkerPool<IPhilosopher, int, string>(nodes[0], WorkerPoolSelector<IPhilosopher>.Dynamic(Keys.Philosophers));
    while (pool.Workers.Count < names.Length) await Task.Delay(20, setUp.Token);
    var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => pool.SubmitAsync(3)));
    foreach (var line in results.Order()) Console.WriteLine(line);

    var served = await nodes[2].Singleton.Proxy<IWaiter>("waiter").MealsServed();
    Console.WriteLine($"The waiter served {served} meals.");
    if (served != 30) throw new InvalidOperationException($"Expected 30 meals, the waiter counted {served}.");
}
finally
{
    foreach (var node in Enumerable.Reverse(nodes)) await node.ShutdownAsync();
}
Console.WriteLine("All nodes shut down.");
