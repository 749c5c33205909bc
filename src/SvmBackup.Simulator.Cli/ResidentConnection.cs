using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using SvmBackup.Simulator;

namespace SvmBackup.Simulator.Cli;

/// <summary>One tool invocation of a resident client: header, then the tool with its streams relayed, then the exit code.</summary>
internal sealed class ResidentConnection
{
    private readonly SolarisSimulator _simulator;
    private readonly Socket _socket;
    private readonly int _id;
    private readonly TextWriter _log;

    public ResidentConnection(SolarisSimulator simulator, Socket socket, int id, TextWriter log)
    {
        _simulator = simulator;
        _socket = socket;
        _id = id;
        _log = log;
    }

    public void Run(CancellationToken serverStopping)
    {
        using var stream = new NetworkStream(_socket, ownsSocket: true);
        var frames = new ResidentFrames(stream);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        try
        {
            var header = frames.Read();
            if (header is not { Type: ResidentFrames.Header } h)
            {
                return;
            }
            var fields = Encoding.UTF8.GetString(h.Data).Split('\0');
            if (fields.Length < 4)
            {
                return;
            }
            var (node, tool, euid, tty, args) = (fields[0], fields[1], int.Parse(fields[2]), fields[3] == "1", fields.Skip(4).ToList());
            var stdin = new PulledInputStream(frames, cancel.Token);
            void ClientGone()
            {
                try { cancel.Cancel(); } catch (ObjectDisposedException) { }
            }
            // The client's frames after the header: stdin it was asked for, a cancel (it got TERM/INT), or the end
            // of the connection — the client was killed, so its tool is cancelled as a signalled process's would be.
            var reader = new Thread(() =>
            {
                try
                {
                    while (frames.Read() is { } f)
                    {
                        if (f.Type == ResidentFrames.Stdin) stdin.Supply(f.Data);
                        else if (f.Type == ResidentFrames.Cancel) ClientGone();
                    }
                }
                catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SocketException) { }
                stdin.Supply(Array.Empty<byte>());
                ClientGone();
            }) { IsBackground = true, Name = "svmsim client " + _id };
            reader.Start();

            var clock = Stopwatch.StartNew();
            _log.WriteLine("start " + _id + " " + node + " " + tool);
            var stdout = new FramedOutputStream(frames, ResidentFrames.Stdout, ClientGone);
            var stderr = new FramedOutputStream(frames, ResidentFrames.Stderr, ClientGone);
            var rc = RunTool(node, tool, args, stdin, tty, stdout, stderr, euid, cancel.Token);
            _log.WriteLine("end " + _id + " " + rc + " " + clock.ElapsedMilliseconds + "ms");
            frames.WriteInt(ResidentFrames.Exit, rc);
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SocketException || e is FormatException)
        {
            // The client went away (or spoke nonsense); nothing is left to tell it.
        }
    }

    /// <summary>What Program.Main makes of a tool's failures in a process of its own, so exit codes match.</summary>
    private int RunTool(string node, string tool, System.Collections.Generic.List<string> args, Stream stdin, bool tty, Stream stdout, Stream stderr, int euid, CancellationToken cancellationToken)
    {
        try
        {
            return _simulator.Run(node, tool, args, stdin, tty, stdout, stderr, euid, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception e) when (e is IOException || e is ArgumentException || e is InvalidOperationException || e is FormatException)
        {
            try
            {
                var text = Encoding.UTF8.GetBytes("svmsim: " + e.Message + "\n");
                stderr.Write(text, 0, text.Length);
            }
            catch (IOException)
            {
            }
            return 2;
        }
        catch (Exception e)
        {
            // A simulator bug: its own process would die of it (SIGABRT); the server must not, so only this call does.
            try
            {
                var text = Encoding.UTF8.GetBytes("Unhandled exception. " + e + "\n");
                stderr.Write(text, 0, text.Length);
            }
            catch (IOException)
            {
            }
            return 134;
        }
    }
}
