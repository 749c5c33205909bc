using System;
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
            // C's "%1.1f" rounds an exact tie (1.25: exact in binary, as every blocks*512/1024^n is) to even: "1.2".
            // .NET's "0.0" rounds ties away from zero ("1.3"), so round first with banker's rounding.
            ? Math.Round(value, 1, MidpointRounding.ToEven).ToString("0.0", CultureInfo.InvariantCulture) + " " + Units[unit] + "B"
            : ((ulong)value).ToString(CultureInfo.InvariantCulture) + " " + Units[unit] + "B";
    }
}
