<#
.SYNOPSIS
    Azure Automation runbook (PowerShell 7 or 5.1, on a cloud or Hybrid Runbook Worker): the online backup of
    mirrored Solaris Volume Manager file systems on one or more Solaris nodes.
.DESCRIPTION
    Import the module first (Automation account > Modules > Add a module: out/SvmBackup-<version>.zip from
    ./build.ps1 -Task Build, Package). The runbook never prompts: a worker has no console.

    Assets the runbook reads (names are parameters, so one runbook serves several accounts):
      - a Credential asset: the SSH login (the password is the key's passphrase when a key is used; leave it empty
        for an unencrypted key);
      - an encrypted Variable asset: the private key as text (OpenSSH or PEM);
      - a Variable asset: the pinned host key fingerprint(s), 'SHA256:...' (several separated by commas), as
        `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints them on the node. No known_hosts on a worker:
        the key is pinned, never trusted on first use.

    Restarts: Azure Automation may restart a job from the beginning (a worker was recycled, the fair-share limit
    ended it). The run owner Backup-SvmMirror records on the host is the job id ($PSPrivateMetadata.JobId), which a
    restarted job keeps; so the restarted job recognises the host marker of its own interrupted run, finishes that
    run's undo first (unlock, put the submirror back, clear the marker) and then backs up afresh. A marker of another
    job is never touched: that backup is refused with the other run's id (see Repair-SvmMirror -RunId).
.EXAMPLE
    Start-AzAutomationRunbook -AutomationAccountName ops -ResourceGroupName rg -Name Invoke-SvmBackup -Parameters @{ ComputerName = 'sol1', 'sol2'; MountPoint = '/home1'; RemotePath = '/backup/{host}-{mirror}-{date}.ufsdump' }
.NOTES
    The dump goes to a file or tape ON THE HOST (-RemotePath / -TapeDevice): a cloud worker's disk is temporary.
    -Destination (streamed to the worker) only makes sense on a Hybrid Runbook Worker with durable storage.
#>
param(
    [Parameter(Mandatory = $true)]
    [string[]] $ComputerName,

    # The mirrors (d1) or the mounted file systems (/home1) to back up; one of the two.
    [string[]] $Mirror,
    [string[]] $MountPoint,

    # A Solaris Volume Manager disk set (Sun Cluster); the backup runs on the node that owns it.
    [string] $DiskSet,

    # Where the dump goes: a tape drive or a file (pattern) on the host, or a local file on a Hybrid worker.
    [string] $TapeDevice,
    [string] $RemotePath,
    [string] $Destination,

    [ValidateSet('Offline', 'Detach')]
    [string] $Method = 'Offline',
    [ValidateSet('None', 'Sudo', 'Pfexec')]
    [string] $Elevation = 'None',

    [string] $CredentialAssetName = 'SvmBackup-Ssh',
    [string] $KeyVariableName = 'SvmBackup-SshKey',
    [string] $HostKeyVariableName = 'SvmBackup-HostKeys',

    # On a Hybrid worker keep the journal somewhere durable; on a cloud worker the host marker is what survives.
    [string] $JournalPath
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'   # progress records of a long dump only slow a job's stream down
Import-Module SvmBackup

if (-not $Mirror -and -not $MountPoint) { throw 'Give -Mirror or -MountPoint.' }
if ([int][bool]$TapeDevice + [int][bool]$RemotePath + [int][bool]$Destination -ne 1) { throw 'Give exactly one of -TapeDevice, -RemotePath, -Destination.' }

# The assets. Get-AutomationPSCredential / Get-AutomationVariable exist only inside Azure Automation; outside it
# (a local rehearsal) the same values come from the environment.
$sessionArgs = @{ ComputerName = $ComputerName; Elevation = $Elevation }
if (Get-Command Get-AutomationPSCredential -ErrorAction SilentlyContinue) {
    $credential = Get-AutomationPSCredential -Name $CredentialAssetName
    $keyText = Get-AutomationVariable -Name $KeyVariableName          # an encrypted variable: decrypted only here
    $fingerprints = Get-AutomationVariable -Name $HostKeyVariableName
}
else {
    $credential = $null
    $keyText = $env:SVMBACKUP_SSH_KEY
    $fingerprints = $env:SVMBACKUP_HOST_KEYS
    $sessionArgs.UserName = if ($env:SVMBACKUP_USER) { $env:SVMBACKUP_USER } else { 'root' }
}
if (-not $fingerprints) { throw "No pinned host key: set the variable $HostKeyVariableName to the nodes' 'SHA256:...' fingerprints." }
$sessionArgs.HostKeyFingerprint = @($fingerprints -split '\s*,\s*' | Where-Object { $_ })
if ($credential) { $sessionArgs.Credential = $credential }
if ($keyText) {
    # The key goes to the module as a SecureString; it is never written to a file or to the job's streams.
    $secureKey = [System.Security.SecureString]::new()
    foreach ($c in ([string]$keyText).ToCharArray()) { $secureKey.AppendChar($c) }
    $secureKey.MakeReadOnly()
    $sessionArgs.KeyText = $secureKey
    Remove-Variable keyText
}

$backupArgs = @{ Method = $Method }
if ($Mirror) { $backupArgs.Mirror = $Mirror } else { $backupArgs.MountPoint = $MountPoint }
if ($DiskSet) { $backupArgs.DiskSet = $DiskSet }
if ($TapeDevice) { $backupArgs.TapeDevice = $TapeDevice }
if ($RemotePath) { $backupArgs.RemotePath = $RemotePath }
if ($Destination) { $backupArgs.Destination = $Destination; $backupArgs.Force = $true }
if ($JournalPath) { $backupArgs.JournalPath = $JournalPath }

$sessions = New-SvmSession @sessionArgs
try {
    # Is each node ready (SVM tools, elevation, disk sets)? A node that is not stops the job before anything changes.
    $reports = $sessions | Test-SvmConnection
    $reports | Write-Output
    $notReady = @($reports | Where-Object { -not $_.Reachable -or $_.Problems.Count -gt 0 })
    if ($notReady.Count -gt 0) { throw "Not ready: $(($notReady | ForEach-Object { "$($_.ComputerName): $($_.Problems -join ', ')" }) -join '; ')" }

    # No -Confirm:$false needed: Backup-SvmMirror is ConfirmImpact Medium and a worker runs with $ConfirmPreference High.
    # Several nodes are backed up in parallel, the mirrors of one node one after another; the rejoin runs whatever happens.
    # -ErrorAction Continue: one node's failure goes to the job's error stream (with its stable FullyQualifiedErrorId)
    # without stopping the backups still running on the other nodes; the job fails at the end instead.
    $results = Backup-SvmMirror -Session $sessions @backupArgs -WaitForResync -ErrorAction Continue -ErrorVariable backupErrors
    $results | Write-Output

    $failed = @($results | Where-Object Status -ne 'Succeeded')
    if ($backupErrors.Count -gt 0 -and $failed.Count -eq 0) { throw "Backup-SvmMirror failed: $(($backupErrors | ForEach-Object { $_.FullyQualifiedErrorId }) -join ', ')" }
    if ($failed.Count -gt 0) {
        # Each failed run's error already says what is left and the Repair-SvmMirror -RunId that completes it.
        throw "$($failed.Count) backup(s) did not succeed: $(($failed | ForEach-Object { "$($_.FullName) on $($_.ComputerName): $($_.Status) (run $($_.RunId))" }) -join '; ')"
    }
}
finally {
    $sessions | Remove-SvmSession
}
