using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using SvmBackup.Sessions;
using SvmBackup.Tests.Cmdlets;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Transport;

/// <summary>The delaying TCP forwarder the latency tests and the latency benchmark put between client and sshd.</summary>
public class DelayProxyTests : IClassFixture<SshSimulatorFixture>
{
    private readonly SshSimulatorFixture _f;

    public DelayProxyTests(SshSimulatorFixture fixture) => _f = fixture;

    /// <summary>A TCP server on 127.0.0.1 that sends back everything it reads, then closes when the client half-closes.</summary>
    private sealed class EchoServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public EchoServer()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    Socket s;
                    try { s = await _listener.AcceptSocketAsync(_stop.Token); }
                    catch (Exception) { return; }
                    _ = Task.Run(async () =>
                    {
                        using (s)
                        {
                            var buf = new byte[8192];
                            try
                            {
                                int n;
                                while ((n = await s.ReceiveAsync(buf, SocketFlags.None)) > 0)
                                    await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None);
                                s.Shutdown(SocketShutdown.Send);
                            }
                            catch (SocketException) { }
                        }
                    });
                }
            });
        }

        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }

    private static async Task<Socket> ConnectAsync(DelayProxy proxy)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await s.ConnectAsync(IPAddress.Loopback, proxy.Port);
        return s;
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket s, int count)
    {
        var buf = new byte[count];
        var got = 0;
        while (got < count)
        {
            var n = await s.ReceiveAsync(buf.AsMemory(got), SocketFlags.None);
            if (n == 0) throw new EndOfStreamException($"stream ended after {got} of {count} bytes");
            got += n;
        }
        return buf;
    }

    [Fact]
    public async Task Forwards_bytes_intact_and_in_order_both_ways_and_passes_the_half_close_on()
    {
        using var echo = new EchoServer();
        using var proxy = DelayProxy.Start(echo.EndPoint, TimeSpan.FromMilliseconds(5));
        using var s = await ConnectAsync(proxy);
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        // Many writes of odd sizes, read concurrently: chunks queue up in both directions at once.
        var reader = Task.Run(async () =>
        {
            using var ms = new MemoryStream();
            var buf = new byte[50000];
            int n;
            while ((n = await s.ReceiveAsync(buf, SocketFlags.None)) > 0) ms.Write(buf, 0, n);
            return ms.ToArray();
        });
        for (var off = 0; off < data.Length;)
        {
            var len = Math.Min(data.Length - off, 1 + (off % 70001));
            off += await s.SendAsync(data.AsMemory(off, len), SocketFlags.None);
        }
        s.Shutdown(SocketShutdown.Send);
        var back = await reader.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(data.Length, back.Length);
        Assert.True(data.AsSpan().SequenceEqual(back), "the echoed bytes differ from the bytes sent");
        Assert.Equal(1, proxy.ConnectionsAccepted);
    }

    [Fact]
    public async Task An_echo_round_trip_takes_at_least_twice_the_one_way_delay()
    {
        var delay = TimeSpan.FromMilliseconds(100);
        using var echo = new EchoServer();
        using var proxy = DelayProxy.Start(echo.EndPoint, delay);
        using var s = await ConnectAsync(proxy);
        for (var i = 0; i < 3; i++)
        {
            var ping = new[] { (byte)('a' + i) };
            var clock = Stopwatch.StartNew();
            await s.SendAsync(ping, SocketFlags.None);
            var pong = await ReadExactlyAsync(s, 1);
            var rtt = clock.Elapsed;
            Assert.Equal(ping, pong);
            // A lower bound only: each direction holds the byte back for the whole delay. (No upper bound: a busy
            // machine may add any amount.)
            Assert.True(rtt >= 2 * delay, $"round trip {rtt.TotalMilliseconds:F1} ms < 2 x {delay.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task Without_a_delay_it_still_forwards_and_dispose_closes_its_connections()
    {
        using var echo = new EchoServer();
        var proxy = DelayProxy.Start(echo.EndPoint, TimeSpan.Zero);
        using var s = await ConnectAsync(proxy);
        await s.SendAsync("hello"u8.ToArray(), SocketFlags.None);
        Assert.Equal("hello"u8.ToArray(), await ReadExactlyAsync(s, 5));
        Assert.Equal(1, proxy.OpenConnections);
        proxy.Dispose();
        var buf = new byte[16];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int n;
        try { n = await s.ReceiveAsync(buf, SocketFlags.None, timeout.Token); }
        catch (SocketException) { n = 0; } // a reset is a close too
        Assert.Equal(0, n);
        Assert.Equal(0, proxy.OpenConnections);
        // and nothing listens any more
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(() => again.ConnectAsync(IPAddress.Loopback, proxy.Port));
    }

    /// <summary>known_hosts of the rig, with its entries moved to the proxy's port (the host keys are the rig's).</summary>
    internal static string KnownHostsForProxy(SshdRig rig, DelayProxy proxy)
    {
        var lines = File.ReadAllLines(rig.KnownHostsFile)
            .Select(l => l.Replace($"[{SshdRig.LoopbackHost}]:{rig.Port} ", $"[{proxy.Host}]:{proxy.Port} ", StringComparison.Ordinal))
            .ToArray();
        Assert.All(lines, l => Assert.StartsWith($"[{proxy.Host}]:{proxy.Port} ", l));
        var path = Path.Combine(Directory.CreateTempSubdirectory("svm-proxy-kh-").FullName, "known_hosts");
        File.WriteAllLines(path, lines);
        return path;
    }

    [SkippableFact]
    public void An_ssh_session_to_the_rig_works_through_the_proxy_and_the_host_key_is_still_checked()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        using var proxy = DelayProxy.Start(rig.Host, rig.Port, TimeSpan.FromMilliseconds(20));
        var kh = KnownHostsForProxy(rig, proxy);
        try
        {
            var r = _f.Engine.Invoke(
                "param($port, $key, $kh) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh; $s; Get-SvmMirror -Session $s -Name d1; Remove-SvmSession $s",
                proxy.Port, rig.RootKeyPath, kh);
            r.AssertNoErrors();
            var s = Assert.IsType<SvmSession>(r.Output[0].BaseObject);
            Assert.Equal("myhost", s.ComputerName);
            Assert.Contains(s.HostKeyFingerprint, rig.HostKeyFingerprints.Values);
            Assert.Equal("d1", Assert.IsType<SvmBackup.Model.SvmMirror>(r.Output[1].BaseObject).Name);
            Assert.True(proxy.ConnectionsAccepted >= 1);

            // The rig's own known_hosts names the rig's port, not the proxy's: the key is unknown there.
            var refused = _f.Engine.Invoke(
                "param($port, $key, $kh) New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh",
                proxy.Port, rig.RootKeyPath, rig.KnownHostsFile);
            Assert.Empty(refused.Output);
            Assert.StartsWith("HostKeyUnknown,", Assert.Single(refused.Errors).FullyQualifiedErrorId);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(kh)!, true);
        }
    }
}
