namespace SvmBackup.Model;

/// <summary>How a submirror was taken out of its mirror.</summary>
public enum SvmSplitMethod
{
    /// <summary>metaoffline: stays in the mirror, read-only; metaonline resyncs only the regions written meanwhile. Never write to it.</summary>
    Offline,
    /// <summary>metadetach: a stand-alone, writable metadevice; metattach resyncs it in full (the cluster procedure).</summary>
    Detach,
}
