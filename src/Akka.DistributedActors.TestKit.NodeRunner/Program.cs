using System.Reflection;

// The node process of a multi-node spec. It is started by the test process (the conductor) as
//   dotnet exec --depsfile <tests>.deps.json --runtimeconfig <tests>.runtimeconfig.json Akka.DistributedActors.TestKit.NodeRunner.dll ...
// so every assembly of the test project resolves. The runner cannot reference the test kit (the kit references the runner so
// that the runner lands next to every test assembly), hence the one reflective call.
const string EntryType = "Akka.DistributedActors.TestKit.NodeProcess, Akka.DistributedActors.TestKit";
var entry = Type.GetType(EntryType, throwOnError: false)?.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static);
if (entry is null)
{
    Console.Error.WriteLine($"{EntryType} is not resolvable: start this runner with the test assembly's deps.json (--depsfile).");
    return 2;
}
return await (Task<int>)entry.Invoke(null, [args])!;
