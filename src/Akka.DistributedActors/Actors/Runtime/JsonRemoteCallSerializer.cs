using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Akka.DistributedActors;

/// <summary>
/// The default <see cref="IRemoteCallSerializer"/>: System.Text.Json with web defaults (records, collections, enums as
/// numbers, nullable), plus converters that write <see cref="ActorID"/>s and distributed-actor references as ID strings and read
/// references back as proxies of the receiving system.
/// </summary>
public sealed class JsonRemoteCallSerializer : IRemoteCallSerializer
{
    private readonly JsonSerializerOptions _options;

    /// <summary>Creates the serializer for <paramref name="system"/>; <paramref name="options"/> (copied) adds your own converters and policies.</summary>
    public JsonRemoteCallSerializer(ClusterSystem system, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        _options = options is null ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions(options);
        _options.Converters.Add(new ActorIdConverter());
        _options.Converters.Add(new ActorReferenceConverterFactory(system));
        _options.MakeReadOnly(populateMissingResolver: true);
    }

    [ThreadStatic]
    private static Utf8JsonWriter? _cachedWriter;

    /// <inheritdoc />
    public void Serialize(IBufferWriter<byte> writer, object? value, Type declaredType)
    {
        // One writer per thread, reset onto each call's buffer: a call serializes several values and this is the hot path.
        var json = _cachedWriter ?? new Utf8JsonWriter(writer);
        _cachedWriter = null;
        json.Reset(writer);
        try
        {
            JsonSerializer.Serialize(json, value, declaredType, _options);
            json.Flush();
        }
        finally
        {
            json.Reset();
            _cachedWriter = json;
        }
    }

    /// <inheritdoc />
    public object? Deserialize(ReadOnlySpan<byte> data, Type declaredType) => JsonSerializer.Deserialize(data, declaredType, _options);

    private sealed class ActorIdConverter : JsonConverter<ActorID>
    {
        public override ActorID Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ActorID.Parse(reader.GetString() ?? throw new JsonException("An ActorID must be a string."));

        public override void Write(Utf8JsonWriter writer, ActorID value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    private sealed class ActorReferenceConverterFactory(ClusterSystem system) : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsInterface && typeof(IDistributedActor).IsAssignableFrom(typeToConvert);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ActorReferenceConverter<>).MakeGenericType(typeToConvert), system)!;
    }

    private sealed class ActorReferenceConverter<T>(ClusterSystem system) : JsonConverter<T> where T : class, IDistributedActor
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            system.Resolve<T>(ActorID.Parse(reader.GetString() ?? throw new JsonException("An actor reference must be an ActorID string.")));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Id.ToString());
    }
}
