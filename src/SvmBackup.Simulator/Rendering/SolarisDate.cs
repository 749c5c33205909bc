using System;
using System.Globalization;

namespace SvmBackup.Simulator.Rendering;

/// <summary>C-locale %c / ctime: "Mon Mar  4 10:15:02 2024" (day space-padded).</summary>
internal static class SolarisDate
{
    public static string Format(DateTime local) =>
        local.ToString("ddd MMM ", CultureInfo.InvariantCulture) + local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) +
        local.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out DateTime local)
    {
        var parts = text.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        local = default;
        return parts.Length == 5 && DateTime.TryParseExact(string.Join(" ", parts), "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out local);
    }
}
