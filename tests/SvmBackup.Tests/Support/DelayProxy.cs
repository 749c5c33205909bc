using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace SvmBackup.Tests.Support;

/// <summary>
/// A TCP forwarder on 127.0.0.1 (ephemeral port) to one target that holds back every chunk it reads, in each
/// direction, for <see cref="OneWayDelay"/> before writing it on: a network whose round-trip time is 2 × the delay
/// longer than the path it replaces. Each direction is one queue of (chunk, due time) drained by one writer, so
/// bytes leave in the order they came in and a chunk is never written before it is due. End of stream is queued
/// like data (the other side sees the half-close after the same delay). No bandwidth limit; chunks are whatever
/// one socket read returned.
/// </summary>
/// <remarks>Dispose stops listening and closes every connection it forwards.</remarks>
public sealed class DelayProxy : IDisposable, IAsyncDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly TcpListener listener;
    private readonly IPEndPoint target;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<Forwarding, byte> live = new();
    private readonly Task acceptLoop;
    private long delayTicks;
    private int accepted;
    private int disposed;

    private DelayProxy(IPEndPoint target, TimeSpan oneWayDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(oneWayDelay, TimeSpan.Zero);
        this.target = target;
        OneWayDelay = oneWayDelay;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Starts forwarding 127.0.0.1:<see cref="Port"/> to <paramref name="target"/>.</summary>
    public static DelayProxy Start(IPEndPoint target, TimeSpan oneWayDelay) => new(target, oneWayDelay);

    /// <summary>Starts forwarding 127.0.0.1:<see cref="Port"/> to <paramref name="host"/>:<paramref name="port"/> (an IP address).</summary>
    public static DelayProxy Start(string host, int port, TimeSpan oneWayDelay) => new(new IPEndPoint(IPAddress.Parse(host), port), oneWayDelay);

    public string Host => "127.0.0.1";

    /// <summary>The port the proxy listens on.</summary>
    public int Port { get; }

    public IPEndPoint Target => target;

    /// <summary>How long each chunk waits in each direction. May be changed while running (applies to chunks read afterwards).</summary>
    public TimeSpan OneWayDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref delayTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref delayTicks, value.Ticks);
        }
    }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref accepted);

    /// <summary>Connections still being forwarded.</summary>
    public int OpenConnections => live.Count;

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref accepted);
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var upstream = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var f = new Forwarding(client, upstream);
        live.TryAdd(f, 0);
        try
        {
            client.NoDelay = true;
            upstream.NoDelay = true;
            // Connecting is not delayed: the first bytes (e.g. an SSH banner) pay the delay like all others.
            await upstream.ConnectAsync(target, stop.Token).ConfigureAwait(false);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            await Task.WhenAll(PumpAsync(client, upstream, cts), PumpAsync(upstream, client, cts)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // the connection ends; both sockets are closed below
        }
        finally
        {
            f.Close();
            live.TryRemove(f, out _);
        }
    }

    /// <summary>One direction: a reader that stamps each chunk with its due time, a writer that sends it no earlier.</summary>
    private async Task PumpAsync(Socket from, Socket to, CancellationTokenSource connection)
    {
        var queue = Channel.CreateUnbounded<Chunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = WriteAsync(queue.Reader, to, connection);
        try
        {
            var buffer = new byte[ChunkSize];
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, connection.Token).ConfigureAwait(false);
                var due = Stopwatch.GetTimestamp() + Stopwatch.Frequency * Interlocked.Read(ref delayTicks) / TimeSpan.TicksPerSecond;
                if (n == 0)
                {
                    queue.Writer.TryWrite(new Chunk(null, due)); // end of stream, after the data before it
                    break;
                }
                queue.Writer.TryWrite(new Chunk(buffer.AsSpan(0, n).ToArray(), due));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            connection.Cancel(); // a reset or a stop ends both directions
        }
        finally
        {
            queue.Writer.TryComplete();
        }
        await writer.ConfigureAwait(false);
    }

    private static async Task WriteAsync(ChannelReader<Chunk> queue, Socket to, CancellationTokenSource connection)
    {
        try
        {
            await foreach (var chunk in queue.ReadAllAsync(connection.Token).ConfigureAwait(false))
            {
                // Never early: Task.Delay may wake a little before its time, so wait again for what is left.
                long left;
                while ((left = chunk.Due - Stopwatch.GetTimestamp()) > 0)
                {
                    var ms = (int)Math.Ceiling(left * 1000.0 / Stopwatch.Frequency);
                    await Task.Delay(Math.Max(1, ms), connection.Token).ConfigureAwait(false);
                }
                if (chunk.Data is null)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                var sent = 0;
                while (sent < chunk.Data.Length)
                    sent += await to.SendAsync(chunk.Data.AsMemory(sent), SocketFlags.None, connection.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            connection.Cancel();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        stop.Cancel();
        listener.Stop();
        foreach (var f in live.Keys) f.Close();
        try { acceptLoop.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { /* the loop ends with the listener */ }
        // Each forwarding leaves the set once both of its directions saw their socket closed.
        SpinWait.SpinUntil(() => live.IsEmpty, TimeSpan.FromSeconds(5));
        stop.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private readonly record struct Chunk(byte[]? Data, long Due);

    private sealed class Forwarding(Socket client, Socket upstream)
    {
        private int closed;

        public void Close()
        {
            if (Interlocked.Exchange(ref closed, 1) != 0) return;
            client.Dispose();
            upstream.Dispose();
        }
    }
}
