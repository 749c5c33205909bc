namespace SvmBackup.Scripts
{
    /// <summary>
    /// Absolute paths of the Solaris tools. A non-interactive SSH session on Solaris 10 gets PATH=/usr/bin for
    /// non-root users (SunSSH session.c), so every tool is called by its absolute path (/usr/sbin symlinks exist
    /// for all of them, see the SVM packaging).
    /// </summary>
    public static class SolarisPaths
    {
        public const string Metastat = "/usr/sbin/metastat";
        public const string Metaset = "/usr/sbin/metaset";
        public const string Metaoffline = "/usr/sbin/metaoffline";
        public const string Metaonline = "/usr/sbin/metaonline";
        public const string Metadetach = "/usr/sbin/metadetach";
        public const string Metattach = "/usr/sbin/metattach";
        public const string Lockfs = "/usr/sbin/lockfs";
        public const string Ufsdump = "/usr/sbin/ufsdump";
        public const string Fsck = "/usr/sbin/fsck";
        public const string Uname = "/usr/bin/uname";
        public const string Cat = "/usr/bin/cat";
        /// <summary>Tape control (SUNWcsu /usr/bin/mt).</summary>
        public const string Mt = "/usr/bin/mt";
        /// <summary>Solaris 10: a hard link to /usr/bin/alias, the wrapper that runs the ksh builtin of its own name.</summary>
        public const string Test = "/usr/bin/test";
        public const string Mnttab = "/etc/mnttab";
        public const string Release = "/etc/release";
        /// <summary>ufsdump's record of dumps (NINCREM; SUNWcsr ships it empty, mode 664 root sys).</summary>
        public const string DumpDates = "/etc/dumpdates";
        public const string Sudo = "/usr/bin/sudo";
    }
}
