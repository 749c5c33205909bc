using System.Security.Cryptography;

namespace SvmBackup.Tests.Support;

/// <summary>A write-only sink that keeps only a byte count and a running SHA-256 (proves streaming without buffering).</summary>
public sealed class CountingStream : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;

    public string Sha256() => Convert.ToHexString(_hash.GetCurrentHash());
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count)
    {
        _length += count;
        _hash.AppendData(buffer, offset, count);
    }
}
