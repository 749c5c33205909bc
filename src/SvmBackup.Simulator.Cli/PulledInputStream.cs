using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;

namespace SvmBackup.Simulator.Cli;

/// <summary>
/// A tool's stdin in the resident server: each read asks the client for at most that many bytes, so the client
/// consumes no more of its own stdin than a tool process would (a script's later commands may read the rest).
/// </summary>
internal sealed class PulledInputStream : Stream
{
    private readonly ResidentFrames _frames;
    private readonly CancellationToken _cancellation;
    private readonly BlockingCollection<byte[]> _supplied = new BlockingCollection<byte[]>();
    private byte[] _rest = Array.Empty<byte>();
    private int _restOffset;
    private bool _eof;

    public PulledInputStream(ResidentFrames frames, CancellationToken cancellation)
    {
        _frames = frames;
        _cancellation = cancellation;
    }

    /// <summary>Bytes the client sent; empty = its stdin ended (or the client is gone).</summary>
    public void Supply(byte[] data) => _supplied.Add(data);

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (count == 0)
        {
            return 0;
        }
        if (_restOffset == _rest.Length)
        {
            if (_eof)
            {
                return 0;
            }
            try
            {
                _frames.WriteInt(ResidentFrames.WantStdin, count);
                _rest = _supplied.Take(_cancellation);
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is OperationCanceledException)
            {
                _rest = Array.Empty<byte>();
            }
            _restOffset = 0;
            if (_rest.Length == 0)
            {
                _eof = true;
                return 0;
            }
        }
        var n = Math.Min(count, _rest.Length - _restOffset);
        Buffer.BlockCopy(_rest, _restOffset, buffer, offset, n);
        _restOffset += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
