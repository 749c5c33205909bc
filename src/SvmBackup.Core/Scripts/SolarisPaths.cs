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
        public const string Mnttab = "/etc/mnttab";
        public const string Release = "/etc/release";
        public const string Sudo = "/usr/bin/sudo";
    }
}
