using System;
using System.Globalization;

namespace SvmBackup.Simulator.Rendering;

/// <summary>C-locale %c / ctime: "Mon Mar  4 10:15:02 2024" (day space-padded).</summary>
internal static class SolarisDate
{
    public static string Format(DateTime local) =>
        local.ToString("ddd MMM ", CultureInfo.InvariantCulture) + local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) +
        local.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// ufsdump's unctime(): month from columns 4-6, atoi() of columns 8, 11, 14, 17 and 20 of the first 24 characters,
    /// the weekday ignored; mktime() carries out-of-range fields over. False where unctime() returns -1.
    /// </summary>
    public static bool TryUnctime(string text, out DateTime local)
    {
        local = default;
        var buf = text.Length > 24 ? text.Substring(0, 24) : text;
        var month = buf.Length < 7 ? -1 : "JanFebMarAprMayJunJulAugSepOctNovDec".IndexOf(buf.Substring(4, 3), StringComparison.Ordinal);
        var year = Atoi(buf, 20);
        if (month < 0 || month % 3 != 0 || year < 1970 || year > 9998)
        {
            return false;
        }
        local = new DateTime(year, 1, 1).AddMonths(month / 3).AddDays(Atoi(buf, 8) - 1L).AddHours(Atoi(buf, 11)).AddMinutes(Atoi(buf, 14)).AddSeconds(Atoi(buf, 17));
        return local.Year >= 1970;
    }

    private static int Atoi(string s, int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t'))
        {
            i++;
        }
        var negative = i < s.Length && s[i] == '-';
        if (i < s.Length && (s[i] == '-' || s[i] == '+'))
        {
            i++;
        }
        var value = 0;
        while (i < s.Length && s[i] >= '0' && s[i] <= '9' && value < 100000000)
        {
            value = value * 10 + (s[i++] - '0');
        }
        return negative ? -value : value;
    }

    public static bool TryParse(string text, out DateTime local)
    {
        var parts = text.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        local = default;
        return parts.Length == 5 && DateTime.TryParseExact(string.Join(" ", parts), "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out local);
    }
}
