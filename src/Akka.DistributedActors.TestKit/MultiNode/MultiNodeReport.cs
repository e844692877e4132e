namespace Akka.DistributedActors.TestKit;

/// <summary>The result and complete log of one node process of a multi-node run.</summary>
public sealed class MultiNodeReport
{
    internal MultiNodeReport(string name, int processId, MultiNodeOutcome outcome, int? exitCode, string? failure, IReadOnlyList<string> log)
    {
        Name = name;
        ProcessId = processId;
        Outcome = outcome;
        ExitCode = exitCode;
        Failure = failure;
        Log = log;
    }

    /// <summary>The node's name.</summary>
    public string Name { get; }

    /// <summary>The OS process id the node ran in.</summary>
    public int ProcessId { get; }

    /// <summary>How the node ended.</summary>
    public MultiNodeOutcome Outcome { get; }

    /// <summary>The process exit code (null if it could not be observed).</summary>
    public int? ExitCode { get; }

    /// <summary>Why the node failed (the exception it reported), or null.</summary>
    public string? Failure { get; }

    /// <summary>Everything the process wrote (Akka log lines, console output, standard error), in order.</summary>
    public IReadOnlyList<string> Log { get; }

    /// <summary><c>name (pid N): outcome, exit code</c>.</summary>
    public override string ToString() => $"{Name} (pid {ProcessId}): {Outcome}{(ExitCode is { } c ? $", exit code {c}" : "")}";
}
