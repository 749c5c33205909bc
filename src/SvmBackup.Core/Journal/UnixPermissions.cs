using System;
using System.Runtime.InteropServices;

namespace SvmBackup.Journal
{
    /// <summary>
    /// Best-effort chmod: netstandard2.0 has no API for Unix modes. Skipped on Windows (ACLs of the profile apply there);
    /// a failure leaves the umask's mode, which is no worse than not trying.
    /// </summary>
    internal static class UnixPermissions
    {
        /// <summary>rwx------: the journal directory.</summary>
        public const int OwnerOnlyDirectory = 0b111_000_000;

        /// <summary>rw-------: a journal file.</summary>
        public const int OwnerOnlyFile = 0b110_000_000;

        public static void TrySet(string path, int mode)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            try
            {
                chmod(path, mode);
            }
            catch (DllNotFoundException) { }
            catch (EntryPointNotFoundException) { }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int chmod(string path, int mode);
    }
}
