namespace SvmBackup.Simulator.State;

/// <summary>The kernel's submirror states that matter here (SMS_RUNNING, SMS_OFFLINE, SMS_OFFLINE_RESYNC, SMS_ATTACHED_RESYNC).</summary>
internal enum SubmirrorState
{
    Okay,
    Offline,
    OfflineResync,
    AttachedResync,
}
