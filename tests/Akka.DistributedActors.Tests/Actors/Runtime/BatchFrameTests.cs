using System.Buffers.Binary;
using System.Text;
using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors.Tests.Actors.Runtime;

/// <summary>The wire form of a batch: items round-trip, and a frame that is not exactly a sequence of well-formed items is rejected whole.</summary>
public sealed class BatchFrameTests
{
    private static byte[] Frame(params BatchItem[] items)
    {
        var frame = new byte[items.Sum(i => i.Size)];
        var offset = 0;
        foreach (var item in items) offset += BatchFrame.Write(frame.AsSpan(offset), item);
        return frame;
    }

    private static byte[] Invocation(long callId)
    {
        var frame = new byte[RemoteInvocation.MinimumSize];
        BinaryPrimitives.WriteInt64LittleEndian(frame, callId);
        return frame;
    }

    [Fact]
    public void Items_round_trip_in_order_with_their_kind_target_and_payload()
    {
        var frame = Frame(BatchItem.Invocation("/user/grüße", 42, Invocation(5)), BatchItem.Cancel("/user/b", -3, 6), BatchItem.Reply([1, 2, 3]));
        var reader = new BatchFrame.Reader(frame);
        Assert.True(reader.TryRead(out var first));
        Assert.Equal(BatchItemKind.Invocation, first.Kind);
        Assert.Equal("/user/grüße", Encoding.UTF8.GetString(first.Path));
        Assert.Equal(42, first.Uid);
        Assert.Equal(5, BinaryPrimitives.ReadInt64LittleEndian(first.Payload));
        Assert.True(reader.TryRead(out var second));
        Assert.Equal(BatchItemKind.Cancel, second.Kind);
        Assert.Equal(-3, second.Uid);
        Assert.Equal(6, BinaryPrimitives.ReadInt64LittleEndian(second.Payload));
        Assert.True(reader.TryRead(out var third));
        Assert.Equal(BatchItemKind.Reply, third.Kind);
        Assert.Equal(0, third.Path.Length);
        Assert.Equal([1, 2, 3], third.Payload.ToArray());
        Assert.False(reader.TryRead(out _));
        Assert.Null(reader.Error);
    }

    [Fact]
    public void An_empty_frame_is_a_valid_empty_batch()
    {
        Assert.Null(BatchFrame.Validate([], BatchItemKind.Reply, BatchItemKind.Reply));
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "truncated header", "too few for an item header" },
        { "unknown kind", "unknown item kind 9" },
        { "negative path length", "invalid path length -1" },
        { "path past the end", "invalid path length 1000" },
        { "payload past the end", "invalid payload length 1000" },
        { "kind not expected here", "not expected here" },
        { "short invocation", "has a payload of 4 bytes" },
        { "cancel of 9 bytes", "has a payload of 9 bytes" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_frames_are_rejected_with_the_reason(string damage, string reason)
    {
        var good = Frame(BatchItem.Invocation("/user/a", 1, Invocation(1)));
        var frame = (byte[])good.Clone();
        switch (damage)
        {
            case "truncated header": frame = good.Concat(new byte[5]).ToArray(); break;
            case "unknown kind": frame[0] = 9; break;
            case "negative path length": BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(5), -1); break;
            case "path past the end": BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(5), 1000); break;
            case "payload past the end": BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(9 + 7), 1000); break;
            case "kind not expected here": frame = Frame(BatchItem.Reply(Invocation(1))); break;
            case "short invocation": frame = Frame(BatchItem.Invocation("/user/a", 1, [1, 2, 3, 4])); break;
            default: frame = Frame(BatchItem.Invocation("/user/a", 1, Invocation(1))).Concat(Frame(BatchItem.Cancel("/user/a", 1, 1))[..^8]).Concat(new byte[9]).ToArray();
                BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(good.Length + 9 + 7), 9);
                break;
        }
        var error = BatchFrame.Validate(frame, BatchItemKind.Invocation, BatchItemKind.Cancel);
        Assert.NotNull(error);
        Assert.Contains(reason, error);
    }
}
