using Akka.DistributedActors.Internal;
using Akka.Event;
using Akka.Remote;
using AkkaLevel = Akka.Event.LogLevel;

namespace Akka.DistributedActors.Tests.Logging;

/// <summary>The built-in formatter's filter, fed Akka's own log events as Akka.Remote and DotNetty write them (no network).</summary>
public sealed class LogFilterTests
{
    private const string Remote = "akka.tcp://ClusterSystem@no-such-host.invalid:7337";

    private static LogFilter Default() => new(AkkaLevel.InfoLevel, AkkaLevel.WarningLevel);

    // Akka.Remote's own types are internal; its log events name them.
    private static readonly Type EndpointWriter = typeof(RemoteTransport).Assembly.GetType("Akka.Remote.EndpointWriter", true)!;

    private static Exception Disassociated() =>
        Thrown(() => throw (Exception)Activator.CreateInstance(typeof(RemoteTransport).Assembly.GetType("Akka.Remote.EndpointDisassociatedException", true)!, "Disassociated")!);

    // The line without its timestamp (the event's creation time).
    private static string? Rendered(LogFilter filter, LogEvent e) =>
        filter.Render(e) is { } line ? line[(e.Timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture).Length + 1)..] : null;

    [Fact]
    public void Akka_chatter_below_its_level_is_hidden_and_the_programs_info_lines_are_shown()
    {
        var akkaInfo = new Info("Cluster (akka://ClusterSystem)", typeof(Akka.Cluster.Cluster), "Cluster Node [x] - Started up successfully");
        var programInfo = new Info("akka.tcp://FirstSystem:1@127.0.0.1:7337/user/Greeter-1#2", typeof(LogFilterTests), "Greeting Caplin");

        Assert.Null(Default().Render(akkaInfo));
        Assert.Equal("[info] [akka.tcp://FirstSystem:1@127.0.0.1:7337/user/Greeter-1#2] Greeting Caplin", Rendered(Default(), programInfo));
        Assert.NotNull(new LogFilter(AkkaLevel.InfoLevel, AkkaLevel.InfoLevel).Render(akkaInfo));
        Assert.Null(new LogFilter(AkkaLevel.WarningLevel, AkkaLevel.WarningLevel).Render(programInfo));
    }

    [Fact]
    public void A_peer_that_went_away_is_one_warning_line_without_a_stack_trace()
    {
        var cause = Disassociated();
        var gated = new Warning("akka.tcp://ClusterSystem@127.0.0.1:1/system/endpointManager/reliableEndpointWriter-x", EndpointWriter,
            $"Association with remote system akka.tcp://ClusterSystem@127.0.0.1:2 has failed; address is now gated for 5000 ms. Reason is: [{cause}]");
        var writerFailure = new Error(cause, "akka://ClusterSystem/system/endpointManager/reliableEndpointWriter-x/endpointWriter", EndpointWriter, "Disassociated");

        var filter = Default();
        Assert.Equal("[warning] [akka.tcp://ClusterSystem@127.0.0.1:1/system/endpointManager/reliableEndpointWriter-x] " +
                     "Association with remote system akka.tcp://ClusterSystem@127.0.0.1:2 has failed; address is now gated for 5000 ms. " +
                     "Reason is: [Akka.Remote.EndpointDisassociatedException: Disassociated [...]", Rendered(filter, gated));
        Assert.Null(filter.Render(writerFailure));

        // At Debug, Akka's lines come whole, stack traces included.
        var debug = new LogFilter(AkkaLevel.InfoLevel, AkkaLevel.DebugLevel);
        Assert.Contains("   at ", debug.Render(gated));
        Assert.Contains("   at ", debug.Render(writerFailure));
    }

    [Fact]
    public void An_unexpected_failure_keeps_its_stack_trace()
    {
        var cause = Thrown(() => throw new InvalidOperationException("boom"));
        var line = Rendered(Default(), new Error(cause, "akka://ClusterSystem/system/cluster/core/daemon", typeof(Akka.Cluster.Cluster), "Cluster daemon failed"));

        Assert.StartsWith("[error] [akka://ClusterSystem/system/cluster/core/daemon] Cluster daemon failed" + Environment.NewLine + "System.InvalidOperationException: boom", line);
        Assert.Contains("   at ", line);
    }

    [Fact]
    public void An_unresolvable_host_is_named_once()
    {
        var dns = Thrown(() => throw new System.Net.Sockets.SocketException(0, "Name or service not known"));
        Warning Attempt() => new("remoting (akka://ClusterSystem)", typeof(DummyClassForStringSources),
            $"Tried to associate with unreachable remote address [{Remote}]. Address is now gated for 5000 ms, all messages to this address will be delivered to dead letters. Reason: [Association failed with {Remote}] Caused by: [{dns}]");
        var associationError = new Warning("akka.tcp://ClusterSystem@127.0.0.1:1/system/endpointManager/x/endpointWriter", EndpointWriter,
            $"AssociationError [akka.tcp://ClusterSystem@127.0.0.1:1] -> {Remote}: Error [Association failed with {Remote}] []");

        var filter = Default();
        Assert.Null(filter.Render(associationError));
        Assert.Equal("[warning] [remoting (akka://ClusterSystem)] Cannot resolve host 'no-such-host.invalid' (node no-such-host.invalid:7337): " +
                     "no address is known for it. Check the host name and this machine's DNS; further attempts are logged at Debug.", Rendered(filter, Attempt()));
        Assert.Null(filter.Render(Attempt()));
        Assert.Null(filter.Render(associationError));
    }

    [Fact]
    public void A_non_akka_endpoint_and_a_non_akka_client_are_named_once_each()
    {
        var frame = Thrown(() => throw new DotNetty.Codecs.TooLongFrameException("Adjusted frame length exceeds 128000: 1347703884 - discarded"));
        Error Outbound(int localPort) => new(frame, "TcpClientHandler (akka://ClusterSystem)", typeof(DummyClassForStringSources),
            $"Error caught channel [[::ffff:127.0.0.1]:{localPort}->[::ffff:127.0.0.1]:8558](Id=762c2605)");
        Error Inbound(int remotePort) => new(frame, "TcpServerHandler (akka://ClusterSystem)", typeof(DummyClassForStringSources),
            $"Error caught channel [[::ffff:127.0.0.1]:7337->[::ffff:127.0.0.1]:{remotePort}](Id=37fd117e)");
        var gated = new Warning("remoting (akka://ClusterSystem)", typeof(DummyClassForStringSources),
            "Tried to associate with unreachable remote address [akka.tcp://ClusterSystem@127.0.0.1:8558]. Address is now gated for 5000 ms. Reason: [Association failed]");

        var filter = Default();
        Assert.Equal("[warning] [TcpClientHandler (akka://ClusterSystem)] 127.0.0.1:8558 does not speak Akka.NET remoting: it answered with data " +
                     "that is not an Akka frame. Is it an HTTP port (e.g. the management port) instead of the node's remoting port (Node.Port)? Further attempts are logged at Debug.",
            Rendered(filter, Outbound(40001)));
        Assert.Null(filter.Render(gated));
        Assert.Null(filter.Render(Outbound(40002)));
        Assert.Equal("[warning] [TcpServerHandler (akka://ClusterSystem)] A peer at 127.0.0.1:50001 that does not speak Akka.NET remoting " +
                     "(an HTTP client or health check?) connected to this node's remoting port; its data was dropped. Further connections from 127.0.0.1 are logged at Debug.",
            Rendered(filter, Inbound(50001)));
        Assert.Null(filter.Render(Inbound(50002)));
    }

    private static Exception Thrown(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }
        throw new InvalidOperationException("did not throw");
    }
}
