using System;
using System.IO;

namespace SvmBackup.Simulator.Cli;

/// <summary>
/// The resident server's wire format (svmsim-client.pl speaks the other end): 1 byte type, 4 bytes big-endian length,
/// payload. Writes are serialised, as stdout, stderr, stdin requests and the exit code share one socket.
/// </summary>
internal sealed class ResidentFrames
{
    public const byte Header = (byte)'H', Stdin = (byte)'I', Cancel = (byte)'C';
    public const byte Stdout = (byte)'O', Stderr = (byte)'E', WantStdin = (byte)'W', Exit = (byte)'X';

    private const int MaxPayload = 1 << 20;
    private readonly Stream _stream;
    private readonly object _writeGate = new object();
    private byte[] _buffer = new byte[64 * 1024 + 5];

    public ResidentFrames(Stream stream) => _stream = stream;

    public void Write(byte type, byte[] data, int offset, int count)
    {
        lock (_writeGate)
        {
            if (_buffer.Length < count + 5)
            {
                _buffer = new byte[count + 5];
            }
            // One send per frame: the client sees whole frames sooner, and a 64 KiB dump record costs one copy.
            _buffer[0] = type;
            WriteInt(_buffer, 1, count);
            Buffer.BlockCopy(data, offset, _buffer, 5, count);
            _stream.Write(_buffer, 0, count + 5);
        }
    }

    public void WriteInt(byte type, int value)
    {
        var data = new byte[4];
        WriteInt(data, 0, value);
        Write(type, data, 0, 4);
    }

    /// <summary>The next frame, or null at the end of the stream.</summary>
    public (byte Type, byte[] Data)? Read()
    {
        var head = new byte[5];
        if (!ReadExactly(head, 5))
        {
            return null;
        }
        var length = (head[1] << 24) | (head[2] << 16) | (head[3] << 8) | head[4];
        if (length < 0 || length > MaxPayload)
        {
            throw new InvalidDataException("resident client sent a frame of " + length + " bytes");
        }
        var data = new byte[length];
        if (!ReadExactly(data, length))
        {
            return null;
        }
        return (head[0], data);
    }

    public static int ReadInt(byte[] data) => (data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3];

    private static void WriteInt(byte[] buffer, int offset, int value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    private bool ReadExactly(byte[] buffer, int count)
    {
        var read = 0;
        while (read < count)
        {
            var n = _stream.Read(buffer, read, count - read);
            if (n == 0)
            {
                return false;
            }
            read += n;
        }
        return true;
    }
}
