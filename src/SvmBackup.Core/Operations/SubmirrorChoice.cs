using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SvmBackup.Model;

namespace SvmBackup.Operations
{
    /// <summary>Which submirror a backup splits off and dumps when the caller does not name one.</summary>
    public static class SubmirrorChoice
    {
        /// <summary>
        /// Candidates are the Okay submirrors whose split leaves another Okay submirror in the mirror. Level 0: the last
        /// candidate by slot. Level N: the candidate whose raw device has the most recent /etc/dumpdates record below
        /// level N — the record ufsdump's getitime() takes as the base of the incremental, so the chain in
        /// /etc/dumpdates stays on one device; without one, the level 0 rule and a <see cref="SubmirrorChoiceResult.Warning"/>.
        /// </summary>
        /// <param name="mirror">A fresh read of the mirror.</param>
        /// <param name="diskSet">The disk set (null: the local set, or the mirror's own).</param>
        /// <param name="level">ufsdump level 0..9.</param>
        /// <param name="dumpDates">The host's /etc/dumpdates (<see cref="Parsing.DumpDatesParser"/>).</param>
        public static SubmirrorChoiceResult Choose(SvmMirror mirror, string? diskSet, int level, IReadOnlyList<DumpDatesEntry> dumpDates)
        {
            if (mirror == null) throw new ArgumentNullException(nameof(mirror));
            if (dumpDates == null) throw new ArgumentNullException(nameof(dumpDates));
            if (level < 0 || level > 9) throw new ArgumentOutOfRangeException(nameof(level), "The dump level is 0 to 9.");
            if (diskSet != null && mirror.DiskSet != null && diskSet != mirror.DiskSet)
                throw new ArgumentException($"{mirror.FullName} is in disk set {mirror.DiskSet}, not {diskSet}.", nameof(diskSet));
            var set = diskSet ?? mirror.DiskSet;
            var host = string.IsNullOrEmpty(mirror.ComputerName) ? "" : " on " + mirror.ComputerName;

            var candidates = mirror.Submirrors.Where(s => s.State == SvmSubmirrorState.Okay).OrderBy(s => s.Index).ToList();
            if (candidates.Count < 2)
                throw new SvmRefusedException(SvmRefusal.LastReadableSubmirror,
                    $"{mirror.FullName}{host} has {candidates.Count} Okay submirror{(candidates.Count == 1 ? "" : "s")} ({string.Join(", ", mirror.Submirrors.Select(s => s.Name + " " + s.StateText))}): " +
                    "splitting one off would leave no readable copy (SVM: operation would result in no readable submirrors), so there is none to back up.", mirror.FullName);

            var last = candidates[candidates.Count - 1];
            var slotRule = $"{last.Name} is the last Okay submirror of {mirror.FullName} by slot (Submirror {last.Index.ToString(CultureInfo.InvariantCulture)}); " +
                           $"{string.Join(", ", candidates.Where(c => c != last).Select(c => c.Name))} stay{(candidates.Count == 2 ? "s" : "")} in the mirror";
            if (level == 0) return new SubmirrorChoiceResult(last.Name, "level 0: " + slotRule + ".");

            SvmSubmirror? chosen = null;
            DumpDatesEntry? chosenBase = null;
            foreach (var candidate in candidates)
            {
                var b = BaseOf(SubmirrorDumpOperations.ResolveDevice(set, candidate.Name, null), level, dumpDates);
                // >=: equal dates go to the later slot, as level 0 does.
                if (b != null && (chosenBase == null || b.Date >= chosenBase.Date))
                {
                    chosen = candidate;
                    chosenBase = b;
                }
            }
            if (chosen != null && chosenBase != null)
                return new SubmirrorChoiceResult(chosen.Name,
                    $"level {level.ToString(CultureInfo.InvariantCulture)}: {chosen.Name} has the most recent lower-level dump in /etc/dumpdates " +
                    $"(level {chosenBase.Level.ToString(CultureInfo.InvariantCulture)} of {chosenBase.Device} on {Ctime(chosenBase.Date)}), the base ufsdump takes for this incremental.",
                    chosenBase);

            var warning = $"no lower-level dump of any submirror in /etc/dumpdates: this level {level.ToString(CultureInfo.InvariantCulture)} dump will be as large as a level 0";
            var mirrorDevice = SvmDevicePath.Raw(set, mirror.Name);
            var mirrorBase = BaseOf(mirrorDevice, level, dumpDates);
            var hint = mirrorBase == null
                ? ""
                : $" (/etc/dumpdates has a level {mirrorBase.Level.ToString(CultureInfo.InvariantCulture)} dump of the mirror's own device {mirrorDevice}, but ufsdump only matches the name of the device it dumps)";
            return new SubmirrorChoiceResult(last.Name, warning + hint + "; " + slotRule + ".", null, warning);
        }

        /// <summary>getitime(): among the records of this name below the level, the latest (the first of equal dates).</summary>
        private static DumpDatesEntry? BaseOf(string device, int level, IReadOnlyList<DumpDatesEntry> dumpDates)
        {
            DumpDatesEntry? best = null;
            foreach (var e in dumpDates)
            {
                if (e.Device != device || e.Level >= level) continue;
                if (best == null || e.Date > best.Date) best = e;
            }
            return best;
        }

        /// <summary>ctime(3) in the C locale, as /etc/dumpdates holds it.</summary>
        private static string Ctime(DateTime d) =>
            d.ToString("ddd MMM ", CultureInfo.InvariantCulture) + d.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) +
            d.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);
    }
}
