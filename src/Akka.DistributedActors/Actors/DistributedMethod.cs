using System.ComponentModel;

namespace Akka.DistributedActors;

/// <summary>
/// One callable method of a distributed-actor interface, as the call path sees it: its wire id, the types of its serialized
/// parameters and result, and an invoker. Created by generated code (or the reflection fallback); not meant for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DistributedMethod
{
    /// <summary>
    /// Describes a method. <paramref name="parameterTypes"/> excludes a CancellationToken parameter (flagged by
    /// <paramref name="hasCancellationToken"/>); <paramref name="resultType"/> is null for Task/ValueTask;
    /// <paramref name="invoke"/> calls the method on an instance and returns its task; <paramref name="getResult"/> reads a
    /// completed task's result (null when there is none).
    /// </summary>
    public DistributedMethod(Type interfaceType, string name, Type[] parameterTypes, bool hasCancellationToken, Type? resultType,
        Func<object, object?[], CancellationToken, Task> invoke, Func<Task, object?>? getResult)
    {
        Interface = interfaceType ?? throw new ArgumentNullException(nameof(interfaceType));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        ParameterTypes = parameterTypes ?? throw new ArgumentNullException(nameof(parameterTypes));
        HasCancellationToken = hasCancellationToken;
        ResultType = resultType;
        Invoke = invoke ?? throw new ArgumentNullException(nameof(invoke));
        if (resultType is not null && getResult is null)
            throw new ArgumentNullException(nameof(getResult), $"{name} returns {resultType}, so it needs a result reader.");
        GetResult = getResult;
        DisplayName = $"{interfaceType.Name}.{name}";
        ServiceName = interfaceType.FullName ?? interfaceType.Name;
        SpanName = $"{ServiceName}/{name}";
        Id = ComputeId(interfaceType, name, parameterTypes.Length + (hasCancellationToken ? 1 : 0));
    }

    /// <summary>The interface declaring the method.</summary>
    public Type Interface { get; }

    /// <summary>The method name.</summary>
    public string Name { get; }

    /// <summary><c>Interface.Method</c>, used in errors and logs.</summary>
    public string DisplayName { get; }

    /// <summary>The wire id: a hash of interface full name, method name and parameter count (overloads must differ in count).</summary>
    public int Id { get; }

    /// <summary>The types of the serialized parameters, in order.</summary>
    public Type[] ParameterTypes { get; }

    /// <summary>The <c>rpc.service</c> of its spans and measurements: the interface's full name.</summary>
    internal string ServiceName { get; }

    /// <summary>The name of its spans, <c>service/method</c> as OpenTelemetry's RPC conventions ask.</summary>
    internal string SpanName { get; }

    /// <summary>The span tags every call of the method carries: <c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c>.</summary>
    internal KeyValuePair<string, object?>[] SpanTags => _spanTags ??= Internal.Telemetry.MethodTags(this);

    private KeyValuePair<string, object?>[]? _spanTags;

    /// <summary>Whether the method takes a CancellationToken as its last parameter.</summary>
    public bool HasCancellationToken { get; }

    /// <summary>The result type; null for Task and ValueTask.</summary>
    public Type? ResultType { get; }

    /// <summary>Calls the method on an instance.</summary>
    public Func<object, object?[], CancellationToken, Task> Invoke { get; }

    /// <summary>Reads the result of a completed task returned by <see cref="Invoke"/>.</summary>
    public Func<Task, object?>? GetResult { get; }

    internal static int ComputeId(Type interfaceType, string name, int arity)
    {
        // FNV-1a: stable across processes and runtimes, unlike string.GetHashCode.
        var key = $"{interfaceType.FullName}.{name}/{arity}";
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return unchecked((int)hash);
    }

    /// <inheritdoc />
    public override string ToString() => DisplayName;
}
