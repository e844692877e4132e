using System.Reflection;

using ReturnKind = Akka.DistributedActors.Internal.InterfaceRules.ReturnKind;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The fallback when an interface has no generated code: validates it with the generator's rules (<see cref="InterfaceRules"/>),
/// invokes methods through reflection and makes proxies with <see cref="DispatchProxy"/>. Built once per interface.
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
            if (iface.GetProperties().FirstOrDefault() is { } property)
                throw Invalid(iface, property.Name, InterfaceRules.PropertyOrEventId, InterfaceRules.PropertyOrEventMessage, property.Name, "property");
            if (iface.GetEvents().FirstOrDefault() is { } @event)
                throw Invalid(iface, @event.Name, InterfaceRules.PropertyOrEventId, InterfaceRules.PropertyOrEventMessage, @event.Name, "event");
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
        if (method.IsGenericMethodDefinition)
            throw Invalid(iface, method.Name, InterfaceRules.GenericMethodId, InterfaceRules.GenericMethodMessage, method.Name);
        var returnType = method.ReturnType;
        var kind = InterfaceRules.ReturnKindOf(TypeFacts.Instance.MetadataName(returnType))
            ?? throw Invalid(iface, method.Name, InterfaceRules.InvalidReturnTypeId, InterfaceRules.InvalidReturnTypeMessage, method.Name, returnType.Name);
        var parameters = method.GetParameters();
        var ctIndex = -1;
        var types = new List<Type>();
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.ParameterType.IsByRef)
                throw Invalid(iface, method.Name, InterfaceRules.ByRefParameterId, InterfaceRules.ByRefParameterMessage, p.Name!, method.Name,
                    p.IsOut ? "out" : p.IsIn ? "in" : "ref");
            if (TypeFacts.Instance.MetadataName(p.ParameterType) == InterfaceRules.CancellationTokenName)
            {
                if (ctIndex >= 0)
                    throw Invalid(iface, method.Name, InterfaceRules.SeveralCancellationTokensId, InterfaceRules.SeveralCancellationTokensMessage, method.Name);
                ctIndex = i;
                continue;
            }
            if (InterfaceRules.WhyUnserializable(p.ParameterType, TypeFacts.Instance) is { } why)
                throw Invalid(iface, method.Name, InterfaceRules.UnserializableId, InterfaceRules.UnserializableMessage,
                    $"Parameter '{p.Name}'", method.Name, p.ParameterType.Name, why);
            types.Add(p.ParameterType);
        }
        var resultType = kind is ReturnKind.Task or ReturnKind.ValueTask ? null : returnType.GetGenericArguments()[0];
        if (resultType is not null && InterfaceRules.WhyUnserializable(resultType, TypeFacts.Instance) is { } resultWhy)
            throw Invalid(iface, method.Name, InterfaceRules.UnserializableId, InterfaceRules.UnserializableMessage,
                "The result", method.Name, resultType.Name, resultWhy);

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

    /// <summary>A broken rule: <c>Interface.Member: DA000n: message</c>.</summary>
    private static ArgumentException Invalid(Type iface, string member, string id, string format, params object[] arguments) =>
        new($"{iface.FullName}.{member}: {id}: {string.Format(format, arguments)}");

    private static object? ResultOf<T>(Task task) => ((Task<T>)task).Result;

    private static Task ValueTaskAsTask<T>(object? valueTask) => ((ValueTask<T>)valueTask!).AsTask();

    private static object CallTask<T>(ProxyTarget target, DistributedMethod method, object?[] arguments, CancellationToken ct) =>
        target.Call<T>(method, arguments, ct);

    private static object CallValueTask<T>(ProxyTarget target, DistributedMethod method, object?[] arguments, CancellationToken ct) =>
        new ValueTask<T>(target.Call<T>(method, arguments, ct));

    /// <summary>The facts <see cref="InterfaceRules"/> needs, read by reflection.</summary>
    private sealed class TypeFacts : InterfaceRules.ITypeFacts<Type>
    {
        public static readonly TypeFacts Instance = new();

        public string? MetadataName(Type type)
        {
            var definition = type.IsConstructedGenericType ? type.GetGenericTypeDefinition() : type;
            return definition.FullName;
        }

        public bool IsPointer(Type type) => type.IsPointer || type.IsFunctionPointer;

        public bool IsDelegate(Type type) => type.IsSubclassOf(typeof(MulticastDelegate));

        public bool IsRefLike(Type type) => type.IsByRefLike;

        public Type? ElementType(Type type) => type.IsArray ? type.GetElementType() : null;

        public Type? BaseType(Type type) => type.BaseType;

        public IEnumerable<Type> TypeArguments(Type type) => type.IsConstructedGenericType ? type.GetGenericArguments() : [];
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
