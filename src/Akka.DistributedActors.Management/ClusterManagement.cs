using System.Net;
using System.Runtime.CompilerServices;
using Akka.DistributedActors.Management.Dashboard;
using Akka.DistributedActors.Management.Internal;
using Akka.Event;
using Akka.Management.Dsl;
using Akka.Management.Cluster.Bootstrap;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.DistributedActors.Management;

/// <summary>
/// Starts the management HTTP endpoint of a node on Kestrel: <c>GET /cluster/members</c>, <c>/health/alive</c>,
/// <c>/health/ready</c>, ClusterBootstrap's <c>/bootstrap/seed-nodes</c> and the live page <c>/dashboard</c>
/// (<see cref="ClusterDashboard"/>). When the node's discovery is
/// <see cref="ServiceDiscoverySettings.ClusterBootstrap"/>, it also starts Akka.Management's ClusterBootstrap with this endpoint as
/// its contact point (Akka.Management's own HTTP server is not used; see docs/discovery-and-bootstrap.md).
/// </summary>
public static class ClusterManagement
{
    private const int SendBufferBytes = 64 * 1024;

    private static readonly ConditionalWeakTable<ClusterSystem, object> Running = new();
    private static readonly ConditionalWeakTable<ClusterSystem, Uri> Bootstrapped = new();

    /// <summary>
    /// Starts the endpoint for <paramref name="system"/> (defaults: the node's host, port 8558). One endpoint per system; a port
    /// that cannot be bound throws <see cref="ClusterSystemSettingsException"/> naming it.
    /// </summary>
    public static Task<ManagementEndpoint> StartAsync(ClusterSystem system, ManagementSettings? settings = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(system, settings, dashboardEvents: null, cancellationToken);

    /// <summary>Starts the endpoint with the dashboard fed from <paramref name="dashboardEvents"/> instead of the cluster's events.</summary>
    internal static async Task<ManagementEndpoint> StartAsync(ClusterSystem system, ManagementSettings? settings,
        IAsyncEnumerable<Cluster.Event>? dashboardEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        settings ??= new ManagementSettings();
        var host = settings.Host ?? system.Cluster.Node.Host;
        settings.Validate(host);
        if (system.IsTerminated) throw new InvalidOperationException($"{system} has shut down.");
        if (!Running.TryAdd(system, new object()))
            throw new InvalidOperationException($"{system} already has a management endpoint.");

        WebApplication? app = null;
        try
        {
            app = Build(system, settings, settings.BindHost ?? host, settings.Port, dashboardEvents);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Running.Remove(system);
            if (app is not null) await app.DisposeAsync().ConfigureAwait(false);
            if (e is IOException { InnerException: AddressInUseException })
                throw new ClusterSystemSettingsException("Management.Port", settings.Port, "is already in use.", e);
            throw;
        }
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var endpoint = new ManagementEndpoint(app, new UriBuilder(Uri.UriSchemeHttp, host, bound.Port).Uri, () => Running.Remove(system));
        _ = system.Terminated.ContinueWith(_ => endpoint.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap();
        system.Log.Info("Management endpoint listening at {0} (bound {1}).", endpoint.Uri, bound);
        try
        {
            await StartBootstrapAsync(system, endpoint.Uri).ConfigureAwait(false);
        }
        catch
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return endpoint;
    }

    private static async Task StartBootstrapAsync(ClusterSystem system, Uri contactPoint)
    {
        if (system.Settings.Discovery is not { Kind: ServiceDiscoverySettings.DiscoveryKind.ClusterBootstrap }) return;
        if (!Bootstrapped.TryAdd(system, contactPoint))
        {
            // ClusterBootstrap takes its contact point once per ActorSystem.
            system.Log.Warning("ClusterBootstrap already runs with contact point {0}; a restarted management endpoint does not change it.",
                Bootstrapped.TryGetValue(system, out var first) ? first : contactPoint);
            return;
        }
        var bootstrap = ClusterBootstrap.Get(system.ActorSystem);
        // Setting the routes is how ClusterBootstrap learns its own contact point; the routes themselves are served by Kestrel.
        bootstrap.Routes(ManagementRouteProviderSettings.Create(contactPoint, readOnly: true));
        await bootstrap.Start().ConfigureAwait(false);
    }

    private static WebApplication Build(ClusterSystem system, ManagementSettings settings, string bindHost, int port,
        IAsyncEnumerable<Cluster.Event>? dashboardEvents)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            if (bindHost is "0.0.0.0" or "*") options.ListenAnyIP(port);
            else if (IPAddress.TryParse(bindHost, out var ip)) options.Listen(ip, port);
            else if (bindHost == "localhost") options.ListenLocalhost(port);
            else options.Listen(Dns.GetHostAddresses(bindHost).First(), port);
        });
        // A page that stops reading fills its socket's send buffer, which Linux grows up to megabytes per connection; fixed at
        // 64 kB (inherited by every accepted socket), the dashboard's own bounded queue decides when such a page is dropped.
        builder.Services.Configure<SocketTransportOptions>(options => options.CreateBoundListenSocket = endpoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            socket.SendBufferSize = SendBufferBytes;
            return socket;
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        ManagementRoutes.Map(app, () => system);
        DashboardRoutes.Map(app, system, settings, dashboardEvents ?? system.Cluster.Events);
        return app;
    }
}
