#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# The README's pipelines, as a user would paste them, against the simulated host (dump files and the journal go to
# TestDrive; the resync is made fast so -WaitForResync returns at once).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/SvmBackup/SvmBackup.psd1') -Force -ErrorAction Stop
}

Describe 'The README pipeline on the simulated host' {
    BeforeAll {
        $sim = New-SvmSimulator -Path (Join-Path $TestDrive 'readme-host')
        $sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 })
        $s = New-SvmSession -Simulator $sim -ComputerName myhost
    }

    AfterAll {
        Remove-SvmSession -Session $s -Confirm:$false
    }

    It 'runs the documented procedure step by step and leaves /home1 healthy and unlocked' {
        $dumpFile = Join-Path $TestDrive 'home1.ufsdump'
        $m    = Get-SvmMirror -Session $s -MountPoint /home1
        $lock = $m | Lock-UfsFileSystem
        $sub  = $m | Disconnect-Submirror -Submirror d3
        $null = $lock | Unlock-UfsFileSystem
        $check = $sub | Test-UfsFileSystem
        $dump = $sub | Invoke-SubmirrorDump -Destination $dumpFile
        $final = $sub | Connect-Submirror | Wait-SvmResync -PollIntervalSeconds 0.1

        $lock.LockType | Should -Be 'write'
        $sub.RawDevice | Should -Be '/dev/md/rdsk/d3'
        $check.ExitCode | Should -Be 0
        $dump.Sha256 | Should -Not -BeNullOrEmpty
        $dumpFile | Should -Exist
        (Get-FileHash -LiteralPath $dumpFile -Algorithm SHA256).Hash | Should -Be $dump.Sha256
        $final.IsHealthy | Should -BeTrue
        (Get-UfsLock -Session $s -MountPoint /home1).LockType | Should -Be 'unlock'
        @($s.Transcript.Command | Where-Object { $_ -match 'lockfs -[wu]|metaoffline|metaonline' }) |
            Should -Be @('/usr/sbin/lockfs -w /home1', '/usr/sbin/metaoffline d1 d3', '/usr/sbin/lockfs -u /home1', '/usr/sbin/metaonline d1 d3')
    }

    It 'backs up /home1 in one command and leaves it healthy' {
        $dumpFile = Join-Path $TestDrive 'home1.0.ufsdump'
        $r = Get-SvmMirror -Session $s -MountPoint /home1 |
            Backup-SvmMirror -Destination $dumpFile -WaitForResync -PollIntervalSeconds 0.1 -JournalPath (Join-Path $TestDrive 'journal')
        $r.Status | Should -Be 'Succeeded'
        $r.FinalMirror.IsHealthy | Should -BeTrue
        $dumpFile | Should -Exist
        (Get-UfsLock -Session $s -MountPoint /home1).LockType | Should -Be 'unlock'
    }

    It 'returns the plan with -PlanOnly and changes nothing' {
        $plan = Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -PlanOnly
        $plan.Submirror | Should -Not -BeNullOrEmpty
        (Get-SvmMirror -Session $s -Name d1).IsHealthy | Should -BeTrue
    }
}
