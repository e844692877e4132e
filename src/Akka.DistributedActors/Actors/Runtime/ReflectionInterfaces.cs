using System.Reflection;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The fallback when an interface has no generated code: validates it with the generator's rules, invokes methods through
/// reflection and makes proxies with <see cref="DispatchProxy"/>. Built once per interface.
/// </summary>
internal static class ReflectionInterfaces
{
    private static readonly MethodInfo ResultOfMethod = typeof(ReflectionInterfaces).GetMethod(nameof(ResultOf), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ValueTaskAsTaskMethod = typeof(ReflectionInterfaces).GetMethod(nameof(ValueTaskAsTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo CallTaskMethod = typeof(ReflectionInterfaces).GetMethod(nameof(CallTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo CallValueTaskMethod = typeof(ReflectionInterfaces).GetMethod(nameof(CallValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo CreateProxyMethod = typeof(DispatchProxy).GetMethod(nameof(DispatchProxy.Create), 2, Type.EmptyTypes)!;

    public static DistributedInterface Describe(Type interfaceType)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        if (!interfaceType.IsInterface || interfaceType == typeof(IDistributedActor) || !typeof(IDistributedActor).IsAssignableFrom(interfaceType))
            throw new ArgumentException($"{interfaceType.FullName} is not an interface deriving IDistributedActor.", nameof(interfaceType));
        if (interfaceType.IsGenericTypeDefinition)
            throw new ArgumentException($"{interfaceType.FullName} is an open generic interface; use a closed one.", nameof(interfaceType));
        var methods = new List<DistributedMethod>();
        var calls = new Dictionary<MethodInfo, ProxyCall>();
        foreach (var iface in new[] { interfaceType }.Concat(interfaceType.GetInterfaces()))
        {
            if (iface == typeof(IDistributedActor)) continue;
            if (!typeof(IDistributedActor).IsAssignableFrom(iface)) continue;
            if (iface.GetProperties().Length > 0)
                throw new ArgumentException($"{iface.FullName}.{iface.GetProperties()[0].Name}: distributed-actor interfaces cannot declare properties; use a method returning Task<T>.");
            if (iface.GetEvents().Length > 0)
                throw new ArgumentException($"{iface.FullName}.{iface.GetEvents()[0].Name}: distributed-actor interfaces cannot declare events.");
            foreach (var method in iface.GetMethods())
            {
                if (method.IsStatic || method.IsSpecialName) continue;
                var (description, call) = DescribeMethod(iface, method);
                methods.Add(description);
                calls[method] = call;
            }
        }
        var create = CreateProxyMethod.MakeGenericMethod(interfaceType, typeof(ReflectionProxy));
        return new DistributedInterface(interfaceType, methods, target =>
        {
            var proxy = (ReflectionProxy)create.Invoke(null, null)!;
            proxy.Initialize(target, calls);
            return (IDistributedActor)proxy;
        }, generated: false);
    }

    private static (DistributedMethod, ProxyCall) DescribeMethod(Type iface, MethodInfo method)
    {
        var where = $"{iface.FullName}.{method.Name}";
        if (method.IsGenericMethodDefinition)
            throw new ArgumentException($"{where}: generic distributed methods are not supported.");
        var returnType = method.ReturnType;
        var kind = ReturnKindOf(returnType)
            ?? throw new ArgumentException($"{where} returns {returnType.Name}; distributed methods must return Task, Task<T>, ValueTask or ValueTask<T>.");
        var parameters = method.GetParameters();
        var ctIndex = -1;
        var types = new List<Type>();
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.ParameterType.IsByRef)
                throw new ArgumentException($"{where}: parameter '{p.Name}' is ref/out/in, which cannot cross the network.");
            if (p.ParameterType == typeof(CancellationToken))
            {
                if (ctIndex >= 0) throw new ArgumentException($"{where}: at most one CancellationToken parameter is allowed.");
                ctIndex = i;
                continue;
            }
            if (Unserializable(p.ParameterType) is { } why)
                throw new ArgumentException($"{where}: parameter '{p.Name}' of type {p.ParameterType.Name} cannot be serialized ({why}).");
            types.Add(p.ParameterType);
        }
        var resultType = kind is ReturnKind.Task or ReturnKind.ValueTask ? null : returnType.GetGenericArguments()[0];
        if (resultType is not null && Unserializable(resultType) is { } resultWhy)
            throw new ArgumentException($"{where}: result type {resultType.Name} cannot be serialized ({resultWhy}).");

        Func<object?, Task> asTask = kind switch
        {
            ReturnKind.ValueTask => static o => ((ValueTask)o!).AsTask(),
            ReturnKind.ValueTaskOfT => ValueTaskAsTaskMethod.MakeGenericMethod(resultType!).CreateDelegate<Func<object?, Task>>(),
            _ => static o => (Task)o!,
        };
        var argumentCount = parameters.Length;
        Task Invoke(object target, object?[] arguments, CancellationToken ct)
        {
            var all = new object?[argumentCount];
            for (int i = 0, j = 0; i < argumentCount; i++) all[i] = i == ctIndex ? ct : arguments[j++];
            return asTask(method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, all, null));
        }
        var description = new DistributedMethod(iface, method.Name, types.ToArray(), ctIndex >= 0, resultType, Invoke,
            resultType is null ? null : ResultOfMethod.MakeGenericMethod(resultType).CreateDelegate<Func<Task, object?>>());

        Func<ProxyTarget, DistributedMethod, object?[], CancellationToken, object> send = kind switch
        {
            ReturnKind.Task => static (t, m, a, ct) => t.CallVoid(m, a, ct),
            ReturnKind.ValueTask => static (t, m, a, ct) => new ValueTask(t.CallVoid(m, a, ct)),
            ReturnKind.TaskOfT => CallTaskMethod.MakeGenericMethod(resultType!).CreateDelegate<Func<ProxyTarget, DistributedMethod, object?[], CancellationToken, object>>(),
            _ => CallValueTaskMethod.MakeGenericMethod(resultType!).CreateDelegate<Func<ProxyTarget, DistributedMethod, object?[], CancellationToken, object>>(),
        };
        return (description, new ProxyCall(description, ctIndex, send));
    }

    /// <summary>Why a type cannot be a parameter or result, or null when it can (the generator's DA0005 rules).</summary>
    internal static string? Unserializable(Type type)
    {
        if (type.IsPointer || type.IsFunctionPointer) return "pointer";
        if (typeof(Delegate).IsAssignableFrom(type)) return "delegate";
        if (typeof(Task).IsAssignableFrom(type) || type == typeof(ValueTask) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            return "task";
        if (type.IsByRefLike) return "ref struct";
        return null;
    }

    private static ReturnKind? ReturnKindOf(Type type)
    {
        if (type == typeof(Task)) return ReturnKind.Task;
        if (type == typeof(ValueTask)) return ReturnKind.ValueTask;
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Task<>)) return ReturnKind.TaskOfT;
        if (definition == typeof(ValueTask<>)) return ReturnKind.ValueTaskOfT;
        return null;
    }

    private static object? ResultOf<T>(Task task) => ((Task<T>)task).Result;

    private static Task ValueTaskAsTask<T>(object? valueTask) => ((ValueTask<T>)valueTask!).AsTask();

    private static object CallTask<T>(ProxyTarget target, DistributedMethod method, object?[] arguments, CancellationToken ct) =>
        target.Call<T>(method, arguments, ct);

    private static object CallValueTask<T>(ProxyTarget target, DistributedMethod method, object?[] arguments, CancellationToken ct) =>
        new ValueTask<T>(target.Call<T>(method, arguments, ct));

    private enum ReturnKind
    {
        Task,
        TaskOfT,
        ValueTask,
        ValueTaskOfT,
    }

    internal sealed record ProxyCall(DistributedMethod Method, int CancellationTokenIndex, Func<ProxyTarget, DistributedMethod, object?[], CancellationToken, object> Send);
}

/// <summary>The DispatchProxy base of fallback proxies (unsealed, as DispatchProxy requires).</summary>
internal class ReflectionProxy : DispatchProxy
{
    private ProxyTarget? _target;
    private Dictionary<MethodInfo, ReflectionInterfaces.ProxyCall>? _calls;

    internal void Initialize(ProxyTarget target, Dictionary<MethodInfo, ReflectionInterfaces.ProxyCall> calls)
    {
        _target = target;
        _calls = calls;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is null) throw new ArgumentNullException(nameof(targetMethod));
        if (targetMethod.DeclaringType == typeof(IDistributedActor)) return _target!.Id;
        var call = _calls![targetMethod];
        args ??= [];
        var ct = CancellationToken.None;
        object?[] arguments;
        if (call.CancellationTokenIndex < 0)
        {
            arguments = args;
        }
        else
        {
            ct = (CancellationToken)args[call.CancellationTokenIndex]!;
            arguments = new object?[args.Length - 1];
            for (int i = 0, j = 0; i < args.Length; i++)
            {
                if (i != call.CancellationTokenIndex) arguments[j++] = args[i];
            }
        }
        return call.Send(_target!, call.Method, arguments, ct);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IDistributedActor other && _target is not null && other.Id.Equals(_target.Id);

    /// <inheritdoc />
    public override int GetHashCode() => _target?.Id.GetHashCode() ?? 0;

    /// <inheritdoc />
    public override string ToString() => $"Proxy({_target?.Id})";
}
