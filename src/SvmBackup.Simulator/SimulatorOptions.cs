namespace SvmBackup.Simulator;

/// <summary>Persisted knobs of a simulated cluster.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Resync speed in 512-byte blocks per wall-clock second (a 1 GB full resync takes ~10 s by default).</summary>
    public double ResyncBlocksPerSecond { get; set; } = 200000;
}
