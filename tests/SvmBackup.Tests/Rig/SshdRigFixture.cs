using System.Collections.Concurrent;

namespace SvmBackup.Tests.Rig;

/// <summary>
/// Base for collection/class fixtures: one lazily started rig per profile for a Solaris root the derived class
/// builds. Rigs start on first <see cref="GetRig"/> (so an unavailable rig skips/fails the test, not the
/// whole collection) and stop when the fixture is disposed.
/// </summary>
/// <example>
/// public sealed class ClusterNodeFixture : SshdRigFixture
/// {
///     protected override string NodeName => "phys-schost-1";
///     protected override void BuildSolarisRoot(string root) => MySimulator.WriteRoot(root);
/// }
/// </example>
public abstract class SshdRigFixture : IDisposable, IAsyncDisposable
{
    private readonly ConcurrentDictionary<SshdProfile, Lazy<SshdRig>> rigs = new();
    private readonly Lazy<string> root;
    private int disposed;

    protected SshdRigFixture()
    {
        root = new Lazy<string>(() =>
        {
            var dir = Directory.CreateTempSubdirectory("svmrig-root-").FullName;
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
            BuildSolarisRoot(dir);
            return dir;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Node (host) name of the simulated host.</summary>
    protected virtual string NodeName => "phys-schost-1";

    /// <summary>Fill <paramref name="root"/> with usr/sbin, usr/bin, etc files (shims must be executable).</summary>
    protected abstract void BuildSolarisRoot(string root);

    /// <summary>The Solaris root directory (built on first use; deleted on dispose).</summary>
    public string SolarisRoot => root.Value;

    /// <summary>Calls <see cref="RigRequirement.EnsureOrSkip(SshdProfile)"/>, then returns the started rig for the profile.</summary>
    public SshdRig GetRig(SshdProfile profile = SshdProfile.Modern)
    {
        RigRequirement.EnsureOrSkip(profile);
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        // A failed start is cached too (Lazy rethrows), so every test reports the same sshd output.
        return rigs.GetOrAdd(profile, p => new Lazy<SshdRig>(
            () => SshdRig.Start(new SshdRigOptions { NodeName = NodeName, SolarisRoot = SolarisRoot, Profile = p }),
            LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        foreach (var lazy in rigs.Values)
        {
            if (lazy.IsValueCreated) lazy.Value.Dispose();
        }
        if (root.IsValueCreated)
        {
            try { Directory.Delete(root.Value, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        GC.SuppressFinalize(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
