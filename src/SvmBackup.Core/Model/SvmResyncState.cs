namespace SvmBackup.Model;

/// <summary>Resync status of a mirror, from the <c>Resync in progress:</c> / <c>Resync cancelled:</c> lines of metastat.</summary>
public enum SvmResyncState
{
    /// <summary>No resync line was printed.</summary>
    None,
    /// <summary><c>Resync in progress: N % done</c>.</summary>
    InProgress,
    /// <summary><c>Resync cancelled: N % done</c> (a <c>metasync</c> is needed).</summary>
    Cancelled,
}
