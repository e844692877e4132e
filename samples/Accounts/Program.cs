using System.Diagnostics;
using Accounts;
using Akka.DistributedActors;

// 10 000 accounts sharded over three nodes; callers on two of them make transfers while the third leaves. Every call is answered
// once or fails visibly (RemoteCallException); failed calls are retried with the same transfer id, which the accounts apply once,
// so no money is created or lost: the total at the end must equal the total at the start.
const int Accounts = 10_000;
const long OpeningBalance = 100;
const int Transfers = 20_000;
const int CallersPerNode = 16;
var ledger = new Ledger(OpeningBalance);
var nodes = new List<ClusterSystem>();
var clock = Stopwatch.StartNew();
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
            settings.RemoteCall.DefaultTimeout = TimeSpan.FromSeconds(3);
            settings.AdditionalHocon = "akka.cluster.sharding.retry-interval = 200ms";
        }));
    }
    nodes[0].Cluster.Join(nodes[0].Cluster.Node);
    foreach (var node in nodes.Skip(1)) node.Cluster.Join(nodes[0].Cluster.Node);
    foreach (var node in nodes) await node.Cluster.WaitForAsync(nodes.Select(n => n.Cluster.UniqueNode), Cluster.MemberStatus.Up, TimeSpan.FromSeconds(30));
    foreach (var node in nodes) node.Sharding.Start<IAccount>(id => new Account(ledger, id), s => s.NumberOfShards = 30);
    Console.WriteLine($"Cluster of {nodes.Count} nodes is Up; {Accounts} accounts of {OpeningBalance} each ({clock.ElapsedMilliseconds} ms).");

    var leaver = nodes[2];
    var next = 0L;
    var (done, declined, retries) = (0, 0, 0);
    var leaving = Task.CompletedTask;
    async Task<T> Retry<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RemoteCallException e) when (attempt < 10)
            {
                Interlocked.Increment(ref retries);
                if (attempt == 1) Console.WriteLine($"  retrying after {e.Kind}: {e.Method}");
            }
        }
    }
    var callers = nodes.Take(2).SelectMany(node => Enumerable.Range(0, CallersPerNode).Select(c => Task.Run(async () =>
    {
        var random = new Random(c * 31 + node.Settings.Name.Length);
        while (true)
        {
            var transfer = Interlocked.Increment(ref next);
            if (transfer > Transfers) return;
            if (transfer == Transfers / 3)
            {
                Console.WriteLine($"{transfer} transfers started; {leaver.Settings.Name} leaves the cluster.");
                leaving = leaver.ShutdownAsync();
            }
            var from = node.Sharding.Get<IAccount>($"acc-{random.Next(Accounts)}");
            var to = node.Sharding.Get<IAccount>($"acc-{random.Next(Accounts)}");
            var amount = random.Next(1, 50);
            if (from.Equals(to)) continue;
            if (!await Retry(() => from.Withdraw(transfer, amount)))
            {
                Interlocked.Increment(ref declined);
                continue;
            }
            await Retry(async () =>
            {
                await to.Deposit(transfer, amount);
                return true;
            });
            Interlocked.Increment(ref done);
        }
    }))).ToList();
    await Task.WhenAll(callers);
    await leaving;
    Console.WriteLine($"{done} transfers done, {declined} declined (funds too low), {retries} calls failed visibly and were retried ({clock.ElapsedMilliseconds} ms).");

    var total = 0L;
    var survivor = nodes[0];
    foreach (var chunk in Enumerable.Range(0, Accounts).Chunk(500))
    {
        var balances = await Task.WhenAll(chunk.Select(i => survivor.Sharding.Get<IAccount>($"acc-{i}").Balance()));
        total += balances.Sum();
    }
    var expected = Accounts * OpeningBalance;
    Console.WriteLine($"Invariant: the sum of all balances ({total}) equals the opening total ({expected}): {(total == expected ? "holds" : "VIOLATED")}.");
    if (total != expected) return 1;
}
finally
{
    foreach (var node in Enumerable.Reverse(nodes)) await node.ShutdownAsync();
}
Console.WriteLine($"All nodes shut down ({clock.ElapsedMilliseconds} ms).");
return 0;
