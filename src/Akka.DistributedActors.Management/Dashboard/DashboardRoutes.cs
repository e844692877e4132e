using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Akka.Event;
using Akka.DistributedActors.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using AkkaCluster = Akka.Cluster.Cluster;
using ClusterSpec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Management.Dashboard;

/// <summary>The routes under <c>/dashboard</c>: the page and its assets, the event stream, and the guarded actions.</summary>
internal static class DashboardRoutes
{
    // An action's body is one node name and an operator name; anything longer is not a dashboard's request.
    private const int MaxActionBodyBytes = 4096;
    private const int MaxOperatorLength = 64;

    // Defence in depth: even markup that slipped into the page could run no script and load nothing from elsewhere.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'none'";

    private static readonly byte[] Retry = "retry: 2000\n\n"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<byte[]> Page = new(() => Asset("dashboard.html"));
    private static readonly Lazy<byte[]> Script = new(() => Asset("dashboard.js"));
    private static readonly Lazy<byte[]> Style = new(() => Asset("dashboard.css"));

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, ClusterSystem system, ManagementSettings settings,
        IAsyncEnumerable<ClusterSpec.Event> events)
    {
        settings.ValidateAccess();
        var group = endpoints.MapGroup("/dashboard");
        if (!settings.Dashboard.Enabled) return group;

        var feed = new DashboardFeed(events, system.Cluster.UniqueNode, settings.Dashboard, system.Log);
        endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(feed.Stop);
        _ = system.Terminated.ContinueWith(_ => feed.Stop(), TaskScheduler.Default);
        var token = settings.BearerToken is { } t ? Encoding.UTF8.GetBytes(t) : null;

        group.MapGet("", (HttpContext context) =>
        {
            // Under /dashboard/ the page's relative links would resolve one level too deep.
            if (context.Request.Path.Value?.EndsWith('/') == true) return Results.Redirect("../dashboard");
            return Asset(context, Page.Value, "text/html; charset=utf-8");
        });
        group.MapGet("/dashboard.js", (HttpContext context) => Asset(context, Script.Value, "text/javascript; charset=utf-8"));
        group.MapGet("/dashboard.css", (HttpContext context) => Asset(context, Style.Value, "text/css; charset=utf-8"));
        group.MapGet("/events", (HttpContext context) => StreamAsync(context, feed));
        // Typed as a handler that returns a result: a plain RequestDelegate would drop the IResult unwritten.
        group.MapPost("/actions/leave", (Func<HttpContext, Task<IResult>>)(context => ActAsync(context, "Leave", system, settings, token)));
        group.MapPost("/actions/down", (Func<HttpContext, Task<IResult>>)(context => ActAsync(context, "Down", system, settings, token)));
        return group;
    }

    private static byte[] Asset(string name)
    {
        using var stream = typeof(DashboardRoutes).Assembly.GetManifestResourceStream("Dashboard." + name)
                           ?? throw new InvalidOperationException($"The dashboard asset {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static IResult Asset(HttpContext context, byte[] content, string contentType)
    {
        SecureHeaders(context.Response);
        return Results.Bytes(content, contentType);
    }

    private static void SecureHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static string RemoteOf(HttpContext context) => $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";

    private static async Task StreamAsync(HttpContext context, DashboardFeed feed)
    {
        var client = feed.Connect(RemoteOf(context), context.Abort);
        if (client is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("The cluster system has shut down.").ConfigureAwait(false);
            return;
        }
        try
        {
            var response = context.Response;
            SecureHeaders(response);
            response.ContentType = "text/event-stream";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var aborted = context.RequestAborted;
            await response.Body.WriteAsync(Retry, aborted).ConfigureAwait(false);
            await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            while (await client.Frames.WaitToReadAsync(aborted).ConfigureAwait(false))
            {
                while (client.Frames.TryRead(out var frame)) await response.Body.WriteAsync(frame, aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The page went away, or the feed dropped it for falling behind.
        }
        finally
        {
            feed.Disconnect(client);
        }
    }

    private static async Task<IResult> ActAsync(HttpContext context, string action, ClusterSystem system, ManagementSettings settings,
        byte[]? token)
    {
        var remote = RemoteOf(context);
        if (!settings.Dashboard.ActionsEnabled || token is null)
        {
            system.Log.Warning("Dashboard: refused {0} from {1}: actions are disabled.", action, remote);
            return Results.Text("Dashboard actions are disabled (Management.Dashboard.ActionsEnabled = false).",
                statusCode: StatusCodes.Status403Forbidden);
        }
        if (!HasToken(context.Request, token))
        {
            system.Log.Warning("Dashboard: refused {0} from {1}: missing or wrong bearer token.", action, remote);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Text("This action needs the management endpoint's bearer token (Authorization: Bearer <token>).",
                statusCode: StatusCodes.Status401Unauthorized);
        }
        var request = await ReadRequestAsync(context).ConfigureAwait(false);
        if (request?.Node is null)
        {
            system.Log.Warning("Dashboard: refused {0} from {1}: the body is not {{\"node\": ..., \"operator\": ...}}.", action, remote);
            return Results.Text("The body must be JSON: {\"node\": \"<member's node as listed>\", \"operator\": \"<your name>\"}.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        var member = system.Cluster.MembershipSnapshot.FirstOrDefault(m => m.Node.ToString() == request.Node);
        if (member is null)
            return Results.Text("No member has that node; the list may have changed.", statusCode: StatusCodes.Status404NotFound);

        system.Log.Info("Dashboard: {0} of {1} by operator \"{2}\" from {3} (bearer token).", action, member.Node,
            OperatorName(request.Operator), remote);
        if (action == "Down")
        {
            system.Cluster.Down(member);
        }
        else
        {
            var cluster = AkkaCluster.Get(system.ActorSystem);
            cluster.Leave(AkkaConversions.ToAddress(member.Node.Node, cluster.SelfAddress));
        }
        return Results.Json(new { action, node = member.Node.ToString() }, Json, statusCode: StatusCodes.Status202Accepted);
    }

    private static bool HasToken(HttpRequest request, byte[] token)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), token);
    }

    private static async Task<ActionRequest?> ReadRequestAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxActionBodyBytes;
        if (!context.Request.HasJsonContentType()) return null;
        try
        {
            return await context.Request.ReadFromJsonAsync<ActionRequest>(Json, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException)
        {
            return null;
        }
    }

    // The name is the operator's own claim (the token proves the right to act, not who holds it): shortened and stripped of
    // control characters so that it cannot forge log lines.
    private static string OperatorName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "(unnamed)";
        var clean = new string(name.Where(c => !char.IsControl(c)).Take(MaxOperatorLength).ToArray());
        return clean.Replace("\"", "'");
    }

    private sealed record ActionRequest(string? Node, string? Operator);
}
