using System.IO;

namespace SvmBackup.Simulator.Tools;

/// <summary>Lets "f -" use stdout like a file without closing the caller's stream.</summary>
internal sealed class NonClosingStream : Stream
{
    private readonly Stream _inner;

    public NonClosingStream(Stream inner) => _inner = inner;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new System.NotSupportedException();
    public override long Position { get => throw new System.NotSupportedException(); set => throw new System.NotSupportedException(); }
    public override void Flush() => _inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new System.NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new System.NotSupportedException();
    public override void SetLength(long value) => throw new System.NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    protected override void Dispose(bool disposing) => _inner.Flush();
}
