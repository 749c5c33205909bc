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

    public T Transact<T>(Func<HostState, T> action, CancellationToken cancellationToken = default)
    {
        using (AcquireLock(cancellationToken))
        {
            var state = JsonSerializer.Deserialize<HostState>(File.ReadAllText(StatePath), Json.Options)
                        ?? throw new InvalidDataException("empty state file: " + StatePath);
            var result = action(state);
            Save(state);
            return result;
        }
    }

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
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Thread.Sleep(5);
            }
        }
    }
}
