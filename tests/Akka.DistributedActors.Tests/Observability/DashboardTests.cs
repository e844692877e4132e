using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors.Tests.Observability;

/// <summary>docs/grafana-dashboard.json queries only metrics the library emits, under their Prometheus names.</summary>
public sealed partial class DashboardTests
{
    [Fact]
    public void Every_metric_the_Grafana_dashboard_queries_is_an_instrument_the_library_declares()
    {
        var emitted = PrometheusSeries(DeclaredInstruments());
        var queried = QueriedMetrics(Path.Combine(RepositoryRoot(), "docs", "grafana-dashboard.json"));

        Assert.NotEmpty(queried);
        Assert.All(queried, metric => Assert.True(emitted.Contains(metric), $"The dashboard queries {metric}, which no instrument emits."));
        // The panels the dashboard promises: call rate, error rate, call duration and members by status.
        Assert.Contains("rpc_client_call_duration_seconds_count", queried);
        Assert.Contains("akka_distributed_actors_call_errors_total", queried);
        Assert.Contains("rpc_client_call_duration_seconds_bucket", queried);
        Assert.Contains("akka_distributed_actors_cluster_members", queried);
    }

    [Fact]
    public void Prometheus_names_follow_the_OpenTelemetry_conversion()
    {
        Assert.Equal(["x_y_seconds_bucket", "x_y_seconds_count", "x_y_seconds_sum"],
            PrometheusSeries([("x.y", "s", typeof(Histogram<double>))]).Order());
        Assert.Equal(["a_b_total"], PrometheusSeries([("a.b", "{event}", typeof(Counter<long>))]));
        Assert.Equal(["a_b_bytes_bucket", "a_b_bytes_count", "a_b_bytes_sum"], PrometheusSeries([("a.b", "By", typeof(Histogram<long>))]).Order());
        Assert.Equal(["a_in_flight"], PrometheusSeries([("a.in_flight", "{call}", typeof(UpDownCounter<long>))]));
        Assert.Equal(["a_members"], PrometheusSeries([("a.members", "{member}", typeof(ObservableGauge<int>))]));
    }

    private static List<(string Name, string? Unit, Type Kind)> DeclaredInstruments()
    {
        RuntimeHelpers.RunClassConstructor(typeof(Telemetry).TypeHandle);
        var found = new List<(string, string?, Type)>();
        using var listener = new MeterListener
        {
            // Only enumerates: nothing is enabled, so no other test's measurements change.
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == DistributedActorsTelemetry.MeterName)
                {
                    lock (found) found.Add((instrument.Name, instrument.Unit, instrument.GetType()));
                }
            },
        };
        listener.Start();
        Assert.Contains(found, i => i.Item1 == "rpc.client.call.duration");
        return found;
    }

    /// <summary>The series an OpenTelemetry Prometheus exporter writes for each instrument: unit suffix, then _total or the histogram's.</summary>
    private static HashSet<string> PrometheusSeries(IEnumerable<(string Name, string? Unit, Type Kind)> instruments)
    {
        var series = new HashSet<string>();
        foreach (var (name, unit, kind) in instruments)
        {
            var baseName = InvalidCharacters().Replace(name, "_");
            var suffix = unit switch
            {
                "s" => "_seconds",
                "By" => "_bytes",
                "ms" => "_milliseconds",
                _ => "",
            };
            if (!baseName.EndsWith(suffix, StringComparison.Ordinal)) baseName += suffix;
            var definition = kind.IsGenericType ? kind.GetGenericTypeDefinition() : kind;
            if (definition == typeof(Histogram<>))
            {
                series.UnionWith([baseName + "_bucket", baseName + "_sum", baseName + "_count"]);
            }
            else if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
            {
                series.Add(baseName + "_total");
            }
            else
            {
                series.Add(baseName);
            }
        }
        return series;
    }

    /// <summary>Metric names in every <c>expr</c> of the dashboard, leaving out label matchers and grouping labels.</summary>
    private static HashSet<string> QueriedMetrics(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var expressions = new List<string>();
        Collect(document.RootElement, expressions);
        var metrics = new HashSet<string>();
        foreach (var expression in expressions)
        {
            var withoutLabels = Grouping().Replace(Matchers().Replace(expression, ""), "");
            foreach (Match token in Identifier().Matches(withoutLabels))
            {
                if (token.Value.StartsWith("rpc_", StringComparison.Ordinal) || token.Value.StartsWith("akka_", StringComparison.Ordinal))
                    metrics.Add(token.Value);
            }
        }
        return metrics;
    }

    private static void Collect(JsonElement element, List<string> expressions)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String) expressions.Add(property.Value.GetString()!);
                    else Collect(property.Value, expressions);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Collect(item, expressions);
                break;
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Akka.DistributedActors.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No Akka.DistributedActors.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("[^a-zA-Z0-9_:]")]
    private static partial Regex InvalidCharacters();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(by|without)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex("[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
