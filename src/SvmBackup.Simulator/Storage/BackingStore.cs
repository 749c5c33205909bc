using System;
using System.Collections.Generic;
using System.IO;

namespace SvmBackup.Simulator.Storage;

/// <summary>Raw I/O on the sparse files that back stripes. Chunks (1 MiB) are also the resync-region unit.</summary>
internal static class BackingStore
{
    public const int BlockSize = 512;
    public const int ChunkBytes = 1024 * 1024;
    public const long ChunkBlocks = ChunkBytes / BlockSize;

    public static void Create(string path, long sizeBlocks)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        stream.SetLength(sizeBlocks * BlockSize); // sparse: no blocks allocated
    }

    public static void Write(string path, long byteOffset, byte[] data, int offset, int count)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.Position = byteOffset;
        stream.Write(data, offset, count);
    }

    public static byte[] Read(string path, long byteOffset, int count)
    {
        var buffer = new byte[count];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = byteOffset;
        var done = 0;
        while (done < count)
        {
            var n = stream.Read(buffer, done, count - done);
            if (n == 0)
            {
                break; // past the end reads as zeros, like an unwritten region
            }
            done += n;
        }
        return buffer;
    }

    /// <summary>Chunk indices touched by [byteOffset, byteOffset+count).</summary>
    public static IEnumerable<long> ChunksOf(long byteOffset, long count)
    {
        if (count <= 0)
        {
            yield break;
        }
        for (var c = byteOffset / ChunkBytes; c <= (byteOffset + count - 1) / ChunkBytes; c++)
        {
            yield return c;
        }
    }

    /// <summary>Copies whole chunks from source to target (the resync data movement).</summary>
    public static void CopyChunks(string source, string target, IEnumerable<long> chunks, long deviceBytes)
    {
        using var src = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var dst = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        var buffer = new byte[ChunkBytes];
        foreach (var chunk in chunks)
        {
            var offset = chunk * ChunkBytes;
            if (offset >= deviceBytes)
            {
                continue;
            }
            var count = (int)Math.Min(ChunkBytes, deviceBytes - offset);
            Array.Clear(buffer, 0, count);
            src.Position = offset;
            var done = 0;
            while (done < count)
            {
                var n = src.Read(buffer, done, count - done);
                if (n == 0)
                {
                    break;
                }
                done += n;
            }
            dst.Position = offset;
            dst.Write(buffer, 0, count);
        }
    }

    public static bool IsZero(byte[] buffer, int offset, int count)
    {
        for (var i = offset; i < offset + count; i++)
        {
            if (buffer[i] != 0)
            {
                return false;
            }
        }
        return true;
    }
}
