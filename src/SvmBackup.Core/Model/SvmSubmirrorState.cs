namespace SvmBackup.Model;

/// <summary>
/// Submirror state as printed by metastat (<c>sm_state_to_name</c>). There is no "Offline" state: an offlined
/// submirror is <see cref="NeedsMaintenance"/> with <c>Invoke: metaonline ...</c> (see <see cref="SvmSubmirror.IsOffline"/>).
/// </summary>
public enum SvmSubmirrorState
{
    /// <summary><c>Okay</c>.</summary>
    Okay,
    /// <summary><c>Resyncing</c>.</summary>
    Resyncing,
    /// <summary><c>Resync cancelled</c>.</summary>
    ResyncCancelled,
    /// <summary><c>Needs maintenance</c> (erred component, offlined, or attached without resync).</summary>
    NeedsMaintenance,
    /// <summary><c>Unavailable</c> (transient error; <c>metastat -i</c> re-probes).</summary>
    Unavailable,
    /// <summary>Any other text; see <see cref="SvmSubmirror.StateText"/>.</summary>
    Unknown,
}
