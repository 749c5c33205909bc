# The online backup of /home1 (Solaris Volume Manager Administration Guide, "Using a Mirror to Back Up Data"),
# step by step, on the built-in simulated Solaris host.
# pwsh:    Import-Module ./out/SvmBackup; ./examples/Backup-Home1.Simulated.ps1
# no pwsh: dotnet run --project examples/SvmBackup.Examples -- examples/Backup-Home1.Simulated.ps1
param([string] $Destination = [IO.Path]::Combine([IO.Path]::GetTempPath(), 'home1.ufsdump'))

$ErrorActionPreference = 'Stop'
Import-Module SvmBackup

$sim = New-SvmSimulator
$sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 2000000 })
$s = New-SvmSession -Simulator $sim -ComputerName myhost

# Some data in the file system (the simulated application writer; it blocks while /home1 is write-locked).
$data = [byte[]]::new(8MB); [Random]::new(42).NextBytes($data)
$sim.Engine.Write('myhost', '/home1', 0, $data)

try {
    # 1. The mirror must be Okay.
    $m = Get-SvmMirror -Session $s -MountPoint /home1
    $m
    if (-not $m.IsHealthy) { throw "$($m.FullName) is not Okay: repair it first." }

    # 2-4. Write-lock, take d3 offline, unlock at once (the write-lock window is only the metaoffline).
    $lock = $m | Lock-UfsFileSystem
    try {
        $sub = $m | Disconnect-Submirror -Submirror d3
    }
    finally {
        $lock | Unlock-UfsFileSystem | Out-Null
    }
    $sub

    # 5. Check and back up the raw submirror (/dev/md/rdsk/d3), streamed into a local file with its SHA-256.
    $sub | Test-UfsFileSystem
    $sub | Invoke-SubmirrorDump -Level 0 -Destination $Destination -Force

    # 6. Put it back and wait for the (optimized) resync.
    $sub | Connect-Submirror | Wait-SvmResync -PollIntervalSeconds 0.2

    # The same backup in one command: lock, split and unlock travel as ONE trapped script (the host measures the
    # write-lock window), and the rejoin runs whatever happens.
    # The host holds a marker while the submirror is out (a second backup of d1 is refused), and this client keeps a
    # journal of the run's steps (a re-run after an interruption finishes the undo first).
    $r = Get-SvmMirror -Session $s -MountPoint /home1 | Backup-SvmMirror -Destination $Destination -Force -WaitForResync -PollIntervalSeconds 0.2
    $r
    $r.Steps
    Get-SvmBackupJournal -RunId $r.RunId

    # What ran on the host, in order.
    $s.Transcript
}
finally {
    Remove-SvmSession $s
}
