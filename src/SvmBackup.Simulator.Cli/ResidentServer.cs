using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using SvmBackup.Simulator;

namespace SvmBackup.Simulator.Cli;

/// <summary>
/// svmsim serve: runs simulated tools in this one process for the Perl shims of InstallResidentRoot, one Unix-socket
/// connection per tool invocation, each on its own thread (a hung tool blocks only its own).
/// </summary>
internal sealed class ResidentServer
{
    // sun_path is 108 bytes on Linux (104 on Solaris and the BSDs), including the terminating NUL.
    private const int MaxSocketPath = 103;
    private readonly SolarisSimulator _simulator;
    private readonly string _socketPath;
    private readonly TextWriter _log;
    private readonly List<Thread> _connections = new List<Thread>();

    public ResidentServer(SolarisSimulator simulator, string socketPath, TextWriter log)
    {
        _simulator = simulator;
        _socketPath = Path.GetFullPath(socketPath);
        _log = log;
    }

    public int Serve(CancellationToken stopping)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(_socketPath) > MaxSocketPath)
        {
            throw new ArgumentException("socket path longer than " + MaxSocketPath + " bytes (sun_path): " + _socketPath);
        }
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        RemoveStaleSocket();
        listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
        listener.Listen(512);
        _log.WriteLine("serving " + _simulator.StateDirectory + " on " + _socketPath);
        using var unblock = stopping.Register(listener.Dispose);
        var id = 0;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = listener.Accept();
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    if (stopping.IsCancellationRequested) break;
                    throw;
                }
                var connection = new ResidentConnection(_simulator, client, ++id, _log);
                var thread = new Thread(() => connection.Run(stopping)) { IsBackground = true, Name = "svmsim tool " + id };
                lock (_connections)
                {
                    _connections.RemoveAll(t => !t.IsAlive);
                    _connections.Add(thread);
                }
                thread.Start();
            }
        }
        finally
        {
            try { File.Delete(_socketPath); } catch (IOException) { }
            // Stopping cancels every running tool; let them end their transactions before the process exits.
            lock (_connections)
            {
                foreach (var t in _connections) t.Join(TimeSpan.FromSeconds(10));
            }
        }
        return 0;
    }

    /// <summary>A socket file nobody answers on is left from a killed server; one that answers is another server's.</summary>
    private void RemoveStaleSocket()
    {
        if (!File.Exists(_socketPath))
        {
            return;
        }
        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(_socketPath));
                throw new InvalidOperationException("another server listens on " + _socketPath);
            }
            catch (SocketException)
            {
            }
        }
        File.Delete(_socketPath);
    }
}
