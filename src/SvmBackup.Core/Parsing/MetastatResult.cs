using System.Collections.Generic;
using SvmBackup.Model;

namespace SvmBackup.Parsing;

/// <summary>Result of <see cref="MetastatParser.Parse"/>.</summary>
public sealed class MetastatResult
{
    internal MetastatResult(IReadOnlyList<SvmMirror> mirrors, IReadOnlyList<MetastatDevice> otherDevices,
        IReadOnlyList<SvmToolError> errors, bool staleReplicas)
    {
        Mirrors = mirrors;
        OtherDevices = otherDevices;
        Errors = errors;
        HasStaleReplicaWarning = staleReplicas;
    }

    /// <summary>Mirrors in output order (the driver's order, not sorted).</summary>
    public IReadOnlyList<SvmMirror> Mirrors { get; }

    /// <summary>Other top-level objects, in output order.</summary>
    public IReadOnlyList<MetastatDevice> OtherDevices { get; }

    /// <summary>libmeta errors found in the text (e.g. the SMF tail when stderr was merged into stdout).</summary>
    public IReadOnlyList<SvmToolError> Errors { get; }

    /// <summary>True when the <c>WARNING: Stale state database replicas</c> banner was printed: the status may be inaccurate.</summary>
    public bool HasStaleReplicaWarning { get; }
}
