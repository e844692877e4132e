namespace Akka.DistributedActors.TestKit;

/// <summary>A node process started again: its incarnation (from 2), the port of its address, the entry point it runs, the node it joins.</summary>
internal sealed record NodeRestart(int Incarnation, int Port, string EntryPoint, string Join);
