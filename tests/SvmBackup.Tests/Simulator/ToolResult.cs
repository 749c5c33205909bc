namespace SvmBackup.Tests.Simulator;

/// <summary>What one simulated tool invocation produced.</summary>
internal sealed record ToolResult(int Exit, string Stdout, string Stderr, byte[] StdoutBytes);
