using System.Globalization;

namespace SvmBackup.Simulator.Rendering;

/// <summary>meta_number_to_string(blocks, 512): divide by 1024 while >= 1024; one decimal below 10, else truncated integer.</summary>
internal static class SizeFormatter
{
    private const string Units = " KMGTPE";

    public static string Format(long blocks)
    {
        double value = blocks * 512.0;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value < 10
            ? value.ToString("0.0", CultureInfo.InvariantCulture) + " " + Units[unit] + "B"
            : ((ulong)value).ToString(CultureInfo.InvariantCulture) + " " + Units[unit] + "B";
    }
}
