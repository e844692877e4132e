// Side-by-side benchmarks of the facade against raw Akka.NET. Each subcommand lives in its own file and prints markdown
// tables; run with -c Release. To add one: a class with a static RunAsync(string[] args) and a case below.
using Akka.DistributedActors.Benchmarks;

var command = args.Length > 0 ? args[0] : "";
var rest = args.Length > 0 ? args[1..] : [];
try
{
    return command switch
    {
        "formation" => await FormationBenchmark.RunAsync(rest),
        "calls" => await CallsBenchmark.RunAsync(rest),
        "transport" => await TransportBenchmark.RunAsync(rest),
        "reception" => await ReceptionBenchmark.RunAsync(rest),
        "downing" => await DowningBenchmark.RunAsync(rest),
        "load" => await LoadBenchmark.RunAsync(rest),
        "sharding" => await ShardingBenchmark.RunAsync(rest),
        "scale" => await ScaleBenchmark.RunAsync(rest),
        "scale-node" => await ScaleBenchmark.RunNodeAsync(rest),
        "scale-idle" => await ScaleBenchmark.RunIdleChildAsync(rest),
        "-h" or "--help" => Usage(Console.Out, 0),
        _ => Usage(Console.Error, 2, command.Length == 0 ? "no benchmark given" : $"unknown benchmark \"{command}\""),
    };
}
catch (UsageException e)
{
    return Usage(Console.Error, 2, $"{command}: {e.Message}");
}

static int Usage(TextWriter writer, int exitCode, string? error = null)
{
    if (error is not null) writer.WriteLine($"error: {error}");
    writer.WriteLine("Usage: dotnet run -c Release --project benchmarks/Akka.DistributedActors.Benchmarks -- <benchmark> [options]");
    writer.WriteLine();
    writer.WriteLine("Benchmarks:");
    writer.WriteLine($"  formation   {FormationBenchmark.Summary}");
    writer.WriteLine($"              options: {FormationBenchmark.OptionsHelp}");
    writer.WriteLine($"  calls       {CallsBenchmark.Summary}");
    writer.WriteLine($"              options: {CallsBenchmark.OptionsHelp}");
    writer.WriteLine($"  transport   {TransportBenchmark.Summary}");
    writer.WriteLine($"              options: {TransportBenchmark.OptionsHelp}");
    writer.WriteLine($"  reception   {ReceptionBenchmark.Summary}");
    writer.WriteLine($"              options: {ReceptionBenchmark.OptionsHelp}");
    writer.WriteLine($"  downing     {DowningBenchmark.Summary}");
    writer.WriteLine($"              options: {DowningBenchmark.OptionsHelp}");
    writer.WriteLine($"  load        {LoadBenchmark.Summary}");
    writer.WriteLine($"              options: {LoadBenchmark.OptionsHelp}");
    writer.WriteLine($"  sharding    {ShardingBenchmark.Summary}");
    writer.WriteLine($"              options: {ShardingBenchmark.OptionsHelp}");
    writer.WriteLine($"  scale       {ScaleBenchmark.Summary}");
    writer.WriteLine($"              options: {ScaleBenchmark.OptionsHelp}");
    return exitCode;
}
