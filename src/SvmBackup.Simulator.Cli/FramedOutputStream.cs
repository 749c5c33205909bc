using System;
using System.IO;

namespace SvmBackup.Simulator.Cli;

/// <summary>A tool's stdout or stderr in the resident server: every write goes to the client at once (ufsdump streams).</summary>
internal sealed class FramedOutputStream : Stream
{
    private const int Chunk = 256 * 1024;
    private readonly ResidentFrames _frames;
    private readonly byte _type;
    private readonly Action _clientGone;

    public FramedOutputStream(ResidentFrames frames, byte type, Action clientGone)
    {
        _frames = frames;
        _type = type;
        _clientGone = clientGone;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            for (var done = 0; done < count; done += Chunk)
            {
                _frames.Write(_type, buffer, offset + done, Math.Min(Chunk, count - done));
            }
        }
        catch (Exception e) when (e is IOException || e is ObjectDisposedException)
        {
            // The client is gone: what a closed pipe is to a process (and the tool is cancelled).
            _clientGone();
            throw new IOException("Broken pipe", e);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
