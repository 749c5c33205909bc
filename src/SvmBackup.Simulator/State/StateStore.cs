using System;
using System.IO;
using System.Text.Json;
using System.Threading;

namespace SvmBackup.Simulator.State;

/// <summary>
/// Loads and saves the state file under an exclusive lock file, so concurrent invocations (threads or processes)
/// see read-modify-write as atomic. FileShare.None on Unix is an flock, which also separates two handles of one process.
/// </summary>
internal sealed class StateStore
{
    private readonly string _directory;

    public StateStore(string directory) => _directory = directory;

    public string StatePath => Path.Combine(_directory, "state.json");

    private string LockPath => Path.Combine(_directory, "state.lock");

    public bool Exists => File.Exists(StatePath);

    /// <summary>
    /// Runs a read-modify-write. A caller that may not write the state (a non-root login on a shared simulated
    /// host: on real Solaris it may read status but change nothing) gets a read-only transaction: it sees the
    /// settled state, but nothing is saved and <paramref name="action"/> is told so.
    /// </summary>
    public T Transact<T>(Func<HostState, bool, T> action, CancellationToken cancellationToken = default)
    {
        using (var handle = AcquireLock(cancellationToken))
        {
            var readOnly = !handle.CanWrite;
            var state = JsonSerializer.Deserialize<HostState>(File.ReadAllText(StatePath), Json.Options)
                        ?? throw new InvalidDataException("empty state file: " + StatePath);
            var result = action(state, readOnly);
            if (!readOnly) Save(state);
            return result;
        }
    }

    public T Transact<T>(Func<HostState, T> action, CancellationToken cancellationToken = default) =>
        Transact((state, _) => action(state), cancellationToken);

    public void Initialize(HostState state)
    {
        Directory.CreateDirectory(_directory);
        using (AcquireLock(CancellationToken.None))
        {
            Save(state);
        }
    }

    private void Save(HostState state)
    {
        // Write-then-rename so a crashed writer never leaves a torn state file.
        var temp = StatePath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(state, Json.Options));
        if (File.Exists(StatePath))
        {
            File.Replace(temp, StatePath, null);
        }
        else
        {
            File.Move(temp, StatePath);
        }
    }

    private FileStream AcquireLock(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                try
                {
                    return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (UnauthorizedAccessException) when (File.Exists(LockPath))
                {
                    // flock works on a read-only descriptor too: readers still serialise with writers.
                    return new FileStream(LockPath, FileMode.Open, FileAccess.Read, FileShare.None);
                }
            }
            catch (IOException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Thread.Sleep(5);
            }
        }
    }
}
