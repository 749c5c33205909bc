#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# Pester 5 suite for machines with pwsh: imports the BUILT module folder (run `dotnet build SvmBackup.sln` first).

BeforeAll {
    $script:ModulePath = Join-Path $PSScriptRoot '../out/SvmBackup/SvmBackup.psd1'
    Import-Module $script:ModulePath -Force -ErrorAction Stop
}

AfterAll {
    Get-SvmSession | Remove-SvmSession -Confirm:$false
    Remove-Module SvmBackup -ErrorAction SilentlyContinue
}

Describe 'Module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $script:ModulePath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the declared cmdlets and nothing else' {
        $manifest = Import-PowerShellDataFile $script:ModulePath
        $exported = (Get-Module SvmBackup).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        (Get-Module SvmBackup).ExportedFunctions.Count | Should -Be 0
        (Get-Module SvmBackup).ExportedAliases.Count | Should -Be 0
    }

    It 'does not ship System.Management.Automation.dll' {
        Join-Path (Split-Path $script:ModulePath) 'System.Management.Automation.dll' | Should -Not -Exist
    }

    It 'uses approved verbs only' {
        $approved = (Get-Verb).Verb
        (Get-Command -Module SvmBackup).Verb | ForEach-Object { $_ | Should -BeIn $approved }
    }

    # Help of every cmdlet: Help.Tests.ps1. -WhatIf of every changing cmdlet: WhatIf.Tests.ps1.
    It 'declares an OutputType on every cmdlet that writes objects' {
        $silent = @('Remove-SvmSession')  # writes nothing
        foreach ($cmd in Get-Command -Module SvmBackup | Where-Object Name -notin $silent) {
            $cmd.OutputType.Count | Should -BeGreaterThan 0 -Because "$($cmd.Name) writes objects"
        }
    }
}

Describe 'Get-SvmMirror on the simulated host' {
    BeforeAll {
        $script:Sim = New-SvmSimulator
    }

    It 'reads d1 = d2 + d3 on /home1 from the standalone node' {
        $s = New-SvmSession -Simulator $script:Sim -ComputerName myhost
        $m = Get-SvmMirror -Session $s -Name d1
        $m.Name | Should -Be 'd1'
        $m.MountPoint | Should -Be '/home1'
        $m.IsHealthy | Should -BeTrue
        $m.Submirrors.Name | Should -Be @('d2', 'd3')
        $m.RawDevice | Should -Be '/dev/md/rdsk/d1'
    }

    It 'reads the cluster disk set on its owner node' {
        $s = New-SvmSession -Simulator $script:Sim -ComputerName phys-schost-1
        $m = Get-SvmMirror -Session $s -DiskSet schost-1
        $m.FullName | Should -Be 'schost-1/d0'
        $m.Submirrors.Name | Should -Be @('d10', 'd20', 'd30')
        $m.MountPoint | Should -Be '/global/schost-1'
    }

    It 'binds -Session from the pipeline by property name' {
        $s = New-SvmSession -Simulator $script:Sim -ComputerName myhost
        ([pscustomobject]@{ Session = $s } | Get-SvmMirror).Name | Should -Contain 'd1'
    }

    It 'finds the owner of the disk set among the sessions' {
        $null = New-SvmSession -Simulator $script:Sim -ComputerName phys-schost-1, phys-schost-2
        (Get-SvmSession | Get-SvmDiskSet schost-1 | Where-Object IsOwned).ComputerName | Should -Be 'phys-schost-1'
    }

    It 'refuses the disk set on a node that does not own it, with a stable error id' {
        $s = New-SvmSession -Simulator $script:Sim -ComputerName phys-schost-2
        { Get-SvmMirror -Session $s -DiskSet schost-1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'SvmTool.NotOwnerOfSet,SvmBackup.PowerShell.Cmdlets.GetSvmMirrorCommand'
    }

    It 'refuses an invalid disk set name before anything reaches the host' {
        $s = New-SvmSession -Simulator $script:Sim -ComputerName myhost
        { Get-SvmMirror -Session $s -DiskSet 'x;reboot' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidName,SvmBackup.PowerShell.Cmdlets.GetSvmMirrorCommand'
    }
}

Describe 'Test-SvmConnection on the simulated host' {
    It 'reports the owner node ready, with its disk set' {
        $sim = New-SvmSimulator
        $s = New-SvmSession -Simulator $sim -ComputerName phys-schost-1
        $t = Test-SvmConnection -Session $s
        $t.Reachable | Should -BeTrue
        $t.ElevationWorks | Should -BeTrue
        $t.SvmToolsPresent | Should -BeTrue
        $t.DiskSets | Should -Be @('schost-1 (owner)')
        Test-SvmConnection -Session $s -Quiet | Should -BeTrue
    }

    It 'returns False, not an error, for an unreachable host with -Quiet' {
        Test-SvmConnection -ComputerName 127.0.0.1 -Port 1 -UserName root -KeyFile $PSCommandPath -Quiet | Should -BeFalse
    }
}

Describe 'The step cmdlets on the simulated host' {
    BeforeAll {
        $script:StepSim = New-SvmSimulator
        $script:StepSim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 })
        $script:S = New-SvmSession -Simulator $script:StepSim -ComputerName myhost
    }

    It 'runs the documented procedure and leaves the mirror healthy and the file system unlocked' {
        $m = Get-SvmMirror -Session $script:S -MountPoint /home1
        $lock = $m | Lock-UfsFileSystem
        (Get-UfsLock -Session $script:S /home1).LockType | Should -Be 'write'
        $sub = $m | Disconnect-Submirror -Submirror d3
        $sub.RawDevice | Should -Be '/dev/md/rdsk/d3'
        $lock | Unlock-UfsFileSystem | Out-Null
        ($sub | Connect-Submirror | Wait-SvmResync -PollIntervalSeconds 0.1).IsHealthy | Should -BeTrue
        (Get-UfsLock -Session $script:S /home1).LockType | Should -Be 'unlock'
    }

    It 'backs up d1 in one command and leaves it healthy' {
        $r = Backup-SvmMirror -Session $script:S d1 -TapeDevice /dev/rmt/0 -WaitForResync -PollIntervalSeconds 0.1
        $r.Status | Should -Be 'Succeeded'
        $r.Submirror | Should -Be 'd3'
        $r.WriteLockWindow | Should -BeGreaterThan ([timespan]::Zero)
        $r.FinalMirror.IsHealthy | Should -BeTrue
    }

    It 'refuses to write-lock / with a stable error id' {
        { Lock-UfsFileSystem -Session $script:S -MountPoint / -ErrorAction Stop } |
            Should -Throw -ErrorId 'RootFileSystem,SvmBackup.PowerShell.Cmdlets.LockUfsFileSystemCommand'
    }
}

Describe 'Backup-SvmMirror runs, markers and recovery on the simulated host' {
    BeforeAll {
        $script:RunSim = New-SvmSimulator
        $script:RunSim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 })
        $script:R = New-SvmSession -Simulator $script:RunSim -ComputerName myhost
        $script:Journal = Join-Path ([IO.Path]::GetTempPath()) ("svmjournal-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $script:Marker = [IO.Path]::Combine($script:RunSim.Path, 'roots', 'myhost', 'var', 'opt', 'svmbackup', 'runs', 'local', 'd1')
    }
    AfterAll {
        Remove-SvmSession $script:R
        Remove-Item -Recurse -Force $script:Journal -ErrorAction SilentlyContinue
    }

    It 'journals a successful run and leaves no host marker' {
        $r = Backup-SvmMirror -Session $script:R d1 -TapeDevice /dev/rmt/0 -JournalPath $script:Journal
        $r.Status | Should -Be 'Succeeded'
        ($r.Steps.Name -join ',') | Should -Be 'lock-split-unlock,check,dump,rejoin'
        (Get-SvmBackupJournal -JournalPath $script:Journal -RunId $r.RunId).Status | Should -Be 'Succeeded'
        Test-Path $script:Marker | Should -BeFalse
    }

    It 'refuses a second backup of a mirror whose marker another run holds, naming that run' {
        New-Item -ItemType Directory -Force -Path (Join-Path $script:Marker 'id=20261125T000000Z-0badc0de'), (Join-Path $script:Marker 'client=otherhost') | Out-Null
        try {
            { Backup-SvmMirror -Session $script:R d1 -TapeDevice /dev/rmt/0 -JournalPath $script:Journal -ErrorAction Stop } |
                Should -Throw -ErrorId 'BackupInProgress,SvmBackup.PowerShell.Cmdlets.BackupSvmMirrorCommand' -ExpectedMessage '*20261125T000000Z-0badc0de*'
        }
        finally {
            $a = Repair-SvmMirror -Session $script:R -RunId 20261125T000000Z-0badc0de -JournalPath $script:Journal
            $a.Action | Should -Contain 'ClearMarker'
        }
        Test-Path $script:Marker | Should -BeFalse
    }
}

Describe 'New-SvmSession host key policy' {
    It 'never prompts: an unreachable host fails with ConnectionFailed' {
        { New-SvmSession -ComputerName 127.0.0.1 -Port 1 -UserName root -KeyFile $PSCommandPath -ErrorAction Stop } |
            Should -Throw
    }
}
