#!/usr/bin/perl
# The resident simulator's shim: runs one simulated tool in a running `svmsim serve` instead of starting .NET.
# usage: svmsim-client.pl svmsim --socket PATH --node NODE TOOL [ARGS...]
# ("svmsim" stays in the command line so a running tool is visible to a process listing, as with the .NET launcher.)
# Frames both ways: 1 byte type, 4 bytes big-endian length, payload.
#   to the server:   H node\0tool\0euid\0tty\0args...   I stdin bytes (empty = EOF)   C cancel (TERM/INT)
#   from the server: O stdout   E stderr   W n (the tool reads stdin: send up to n bytes)   X exit code
# Plain Socket and Errno: IO::Socket and warnings would double the client's start-up.
use strict;
use Errno qw(EINTR);
use Socket qw(PF_UNIX SOCK_STREAM pack_sockaddr_un);

shift @ARGV if @ARGV && $ARGV[0] eq 'svmsim';
my ($socket, $node);
while (@ARGV && $ARGV[0] =~ /^--(socket|node)$/) {
    my $key = shift @ARGV;
    my $value = shift @ARGV;
    if ($key eq '--socket') { $socket = $value } else { $node = $value }
}
my $tool = shift @ARGV;
if (!defined $socket || !defined $node || !defined $tool) {
    print STDERR "svmsim: usage: svmsim-client.pl svmsim --socket PATH --node NODE TOOL [ARGS...]\n";
    exit 2;
}

my $s;
if (!socket($s, PF_UNIX, SOCK_STREAM, 0) || !connect($s, pack_sockaddr_un($socket))) {
    print STDERR "svmsim: no resident simulator at $socket: $!\n";
    exit 2;
}
binmode $_ for ($s, \*STDIN, \*STDOUT, \*STDERR);

sub write_all {
    my ($fh, $buf) = @_;
    my $off = 0;
    while ($off < length $buf) {
        my $n = syswrite($fh, $buf, length($buf) - $off, $off);
        if (!defined $n) {
            next if $! == EINTR;
            return 0;
        }
        $off += $n;
    }
    return 1;
}

sub frame { write_all($s, pack('aN', $_[0], length $_[1]) . $_[1]) }

# A signal cancels the tool (as SIGTERM does to the .NET launcher); this process stays until the tool has ended.
my $signalled = 0;
$SIG{TERM} = $SIG{INT} = sub { $signalled = 1 };
$SIG{PIPE} = 'DEFAULT';

# What the .NET launcher asks the kernel (SVMSIM_EUID overrides, as there).
my $euid = defined $ENV{SVMSIM_EUID} && $ENV{SVMSIM_EUID} =~ /^\d+$/ ? $ENV{SVMSIM_EUID} : $>;
frame('H', join("\0", $node, $tool, $euid, (-t STDIN ? 1 : 0), @ARGV)) or exit 2;

my $buf = '';
my $cancelled = 0;
while (1) {
    if ($signalled && !$cancelled) {
        $cancelled = 1;
        frame('C', '');
    }
    my $n = sysread($s, $buf, 262144, length $buf);
    if (!defined $n) {
        next if $! == EINTR;
        last;
    }
    last if $n == 0;
    while (length $buf >= 5) {
        my ($type, $len) = unpack('aN', $buf);
        last if length $buf < 5 + $len;
        my $data = substr($buf, 5, $len);
        substr($buf, 0, 5 + $len) = '';
        if ($type eq 'O') {
            write_all(\*STDOUT, $data);
        } elsif ($type eq 'E') {
            write_all(\*STDERR, $data);
        } elsif ($type eq 'W') {
            # Read only what the tool asks for, as a process reading its own stdin would.
            my $in = '';
            my $r;
            do { $r = sysread(STDIN, $in, unpack('N', $data)) } while (!defined $r && $! == EINTR && !$signalled);
            frame('I', defined $r ? $in : '');
        } elsif ($type eq 'X') {
            exit(unpack('N', $data) & 255);
        }
    }
}
print STDERR "svmsim: the resident simulator closed the connection\n";
exit 2;
