using System.Buffers;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The per-thread buffer that call and reply frames are written into before being copied out at their exact size, so building
/// a frame allocates only the frame itself.
/// </summary>
internal static class FrameBuffer
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    /// <summary>This thread's buffer, emptied; valid until the next call on the same thread.</summary>
    public static ArrayBufferWriter<byte> Rent()
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        return buffer;
    }
}
