namespace SvmBackup.Model;

/// <summary>Classification of a libmeta error text (svm-formats.md §1, §4).</summary>
public enum SvmToolErrorKind
{
    /// <summary><c>No such file or directory</c> (e.g. metadevice or /dev/md/admin missing).</summary>
    NoSuchFile,
    /// <summary><c>unit not set up</c>.</summary>
    UnitNotSetUp,
    /// <summary><c>no such set</c>.</summary>
    NoSuchSet,
    /// <summary><c>must be owner of the set for this command</c>.</summary>
    NotOwnerOfSet,
    /// <summary><c>there are no existing databases</c>.</summary>
    NoDatabases,
    /// <summary><c>Permission denied.  You must have root privilege to execute this command.</c></summary>
    NotRoot,
    /// <summary><c>Volume administration unavailable within non-global zones.</c></summary>
    NonGlobalZone,
    /// <summary><c>service(s) not online in SMF</c>; the services are in <see cref="SvmToolError.Name"/>.</summary>
    SmfServicesNotOnline,
    /// <summary><c>resync in progress</c>.</summary>
    ResyncInProgress,
    /// <summary><c>attempt operation on a submirror in illegal state</c>.</summary>
    IllegalState,
    /// <summary><c>operation would result in no readable submirrors</c>.</summary>
    NoReadableSubmirrors,
    /// <summary><c>can't find submirror in mirror</c>.</summary>
    CantFindSubmirror,
    /// <summary><c>attempt to detach last running submirror</c>.</summary>
    LastSubmirror,
    /// <summary><c>attempt an operation on a submirror that has erred components</c>.</summary>
    ErredComponents,
    /// <summary><c>metadevice is open</c>.</summary>
    MetadeviceOpen,
    /// <summary><c>metadevice in use</c> or <c>is mounted on ...</c>.</summary>
    MetadeviceInUse,
    /// <summary><c>invalid unit</c>.</summary>
    InvalidUnit,
    /// <summary><c>unit is not a mirror</c>.</summary>
    NotAMirror,
    /// <summary><c>mirror has maximum number of submirrors</c>.</summary>
    MirrorFull,
    /// <summary><c>submirror too small to attach</c>.</summary>
    TooSmall,
    /// <summary>Any other text.</summary>
    Other,
}
