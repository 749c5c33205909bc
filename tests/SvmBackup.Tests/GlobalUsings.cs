global using Xunit;
// The suite runs on Linux only (it starts /bin/sh, sshd and the simulator's shims).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
