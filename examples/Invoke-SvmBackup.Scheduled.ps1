<#
.SYNOPSIS
    A scheduled online backup (cron, systemd timer, Windows Task Scheduler): key file, known_hosts, a log file and an
    exit code the scheduler can alert on (0 = every backup succeeded, 1 = anything else).
.DESCRIPTION
    cron (Linux, pwsh 7):
        15 2 * * *  pwsh -NoProfile -NonInteractive -File /opt/svmbackup/Invoke-SvmBackup.Scheduled.ps1 -ComputerName sol1,sol2 -MountPoint /home1 -RemotePath '/backup/{host}-{mirror}-{date}.ufsdump'
    Task Scheduler (Windows PowerShell 5.1 or pwsh):
        Program: pwsh.exe   Arguments: -NoProfile -NonInteractive -File C:\svmbackup\Invoke-SvmBackup.Scheduled.ps1 -ComputerName sol1 -Mirror d1 -TapeDevice /dev/rmt/0

    -NonInteractive makes any prompt an error instead of a hang; the script never needs one: the host key is checked
    against known_hosts (add it once, by hand, with ssh-keyscan and a fingerprint you compared), the key file is
    readable only by the account the task runs as.

    If a run is interrupted (the machine rebooted), the next scheduled run of the same account on the same machine
    finishes the undo of the interrupted run first. Otherwise Get-SvmBackupJournal -Unfinished lists it and
    Repair-SvmMirror -RunId completes it.
#>
param(
    [Parameter(Mandatory = $true)]
    [string[]] $ComputerName,
    [string[]] $Mirror,
    [string[]] $MountPoint,
    [string] $DiskSet,
    [string] $TapeDevice,
    [string] $RemotePath,
    [string] $Destination,
    [string] $UserName = 'root',
    [string] $KeyFile = (Join-Path $HOME '.ssh/id_ed25519'),
    [string] $KnownHostsFile = (Join-Path $HOME '.ssh/known_hosts'),
    [ValidateSet('None', 'Sudo', 'Pfexec')]
    [string] $Elevation = 'None',
    [string] $LogDirectory = (Join-Path ([IO.Path]::GetTempPath()) 'svmbackup-logs')
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
New-Item -ItemType Directory -Path $LogDirectory -Force | Out-Null
$log = Join-Path $LogDirectory ("svmbackup-{0:yyyyMMdd-HHmmss}.log" -f (Get-Date))
Start-Transcript -Path $log | Out-Null
$exitCode = 1
try {
    Import-Module SvmBackup
    $sessions = New-SvmSession -ComputerName $ComputerName -UserName $UserName -KeyFile $KeyFile -KnownHostsFile $KnownHostsFile -Elevation $Elevation
    try {
        $backupArgs = @{}
        if ($Mirror) { $backupArgs.Mirror = $Mirror } else { $backupArgs.MountPoint = $MountPoint }
        if ($DiskSet) { $backupArgs.DiskSet = $DiskSet }
        if ($TapeDevice) { $backupArgs.TapeDevice = $TapeDevice }
        if ($RemotePath) { $backupArgs.RemotePath = $RemotePath }
        if ($Destination) { $backupArgs.Destination = $Destination; $backupArgs.Force = $true }

        $results = Backup-SvmMirror -Session $sessions @backupArgs -WaitForResync -ErrorAction Continue
        $results | Format-List FullName, ComputerName, Submirror, Status, RunId, Target, Bytes, Sha256, WriteLockWindow, TimeWithoutRedundancy | Out-String -Width 200 | Write-Output
        $results | ForEach-Object { $_.Steps } | Format-Table -AutoSize | Out-String -Width 200 | Write-Output
        if ($results -and -not ($results | Where-Object Status -ne 'Succeeded')) { $exitCode = 0 }
        else { Get-SvmBackupJournal -Unfinished | Out-String -Width 200 | Write-Output }
    }
    finally {
        $sessions | Remove-SvmSession
    }
}
catch {
    Write-Output ("FAILED: {0} ({1})" -f $_.Exception.Message, $_.FullyQualifiedErrorId)
}
finally {
    Write-Output "Exit code $exitCode"
    Stop-Transcript | Out-Null
}
exit $exitCode
