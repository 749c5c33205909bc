using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace SvmBackup.Simulator;

/// <summary>
/// The simulated ufsdump image (not the real ufsdump tape format): magic "SVMDUMP1", int32 header length, header
/// text ("key=value" lines: device, node, level, date, sizeblocks), then records (int64 byte offset, int32 length,
/// data) for every non-zero 64 KiB chunk of the device, and an end record (offset -1, length 0). All little-endian.
/// Restoring writes the records over zeros, which reproduces the device byte for byte.
/// </summary>
public static class DumpImage
{
    public const string Magic = "SVMDUMP1";
    public const int RecordBytes = 64 * 1024;

    public static DumpHeader ReadHeader(Stream dump)
    {
        var reader = new BinaryReader(dump, Encoding.UTF8, leaveOpen: true);
        var magic = Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length));
        if (magic != Magic)
        {
            throw new InvalidDataException("not a simulated ufsdump image");
        }
        var text = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadInt32()));
        var header = new DumpHeader();
        foreach (var line in text.Split('\n'))
        {
            var eq = line.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }
            var value = line.Substring(eq + 1);
            switch (line.Substring(0, eq))
            {
                case "device": header.Device = value; break;
                case "node": header.Node = value; break;
                case "level": header.Level = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "date": header.DateUtc = DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind); break;
                case "sizeblocks": header.SizeBlocks = long.Parse(value, CultureInfo.InvariantCulture); break;
            }
        }
        return header;
    }

    /// <summary>Restores into a seekable stream (e.g. a sparse file) sized to the device.</summary>
    public static DumpHeader Restore(Stream dump, Stream target)
    {
        var header = ReadHeader(dump);
        target.SetLength(header.SizeBlocks * 512);
        var reader = new BinaryReader(dump, Encoding.UTF8, leaveOpen: true);
        while (true)
        {
            var offset = reader.ReadInt64();
            var length = reader.ReadInt32();
            if (offset < 0)
            {
                return header;
            }
            var data = reader.ReadBytes(length);
            if (data.Length != length)
            {
                throw new EndOfStreamException("truncated dump image");
            }
            target.Position = offset;
            target.Write(data, 0, data.Length);
        }
    }

    /// <summary>Restores the whole device into memory (for small devices).</summary>
    public static byte[] Restore(Stream dump)
    {
        using var memory = new MemoryStream();
        Restore(dump, memory);
        return memory.ToArray();
    }

    internal static byte[] Header(DumpHeader header)
    {
        var text = "device=" + header.Device + "\nnode=" + header.Node + "\nlevel=" + header.Level.ToString(CultureInfo.InvariantCulture) +
                   "\ndate=" + header.DateUtc.ToString("o", CultureInfo.InvariantCulture) + "\nsizeblocks=" + header.SizeBlocks.ToString(CultureInfo.InvariantCulture) + "\n";
        var body = Encoding.UTF8.GetBytes(text);
        using var memory = new MemoryStream();
        var writer = new BinaryWriter(memory);
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write(body.Length);
        writer.Write(body);
        writer.Flush();
        return memory.ToArray();
    }

    internal static byte[] Record(long offset, byte[] data, int index, int count)
    {
        var record = new byte[12 + count];
        Array.Copy(BitConverter.GetBytes(offset), 0, record, 0, 8);
        Array.Copy(BitConverter.GetBytes(count), 0, record, 8, 4);
        Array.Copy(data, index, record, 12, count);
        return record;
    }

    internal static byte[] End()
    {
        var end = new byte[12];
        Array.Copy(BitConverter.GetBytes(-1L), 0, end, 0, 8);
        return end;
    }
}
