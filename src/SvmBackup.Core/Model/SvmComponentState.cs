namespace SvmBackup.Model;

/// <summary>State of a stripe component (comp_state_to_name in meta_stripe.c).</summary>
public enum SvmComponentState
{
    /// <summary>A state text this module does not know; see <see cref="SvmComponent.StateText"/>.</summary>
    Unknown,
    Okay,
    Maintenance,
    LastErred,
    Resyncing,
    Unavailable,
    /// <summary>"-": a plain disk under a transiently unavailable metadevice.</summary>
    NotApplicable,
}
