#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# -WhatIf of every changing cmdlet (every cmdlet that supports ShouldProcess) on a fresh simulated host: it runs,
# returns nothing that was changed, and the simulated host's state is byte for byte what it was.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/SvmBackup/SvmBackup.psd1') -Force -ErrorAction Stop

    # The whole simulated host: its state file by content, every other file by size and time (submirror images are
    # sparse and large), every folder by name (a backup marker is a folder).
    function Get-SimulatedHostState {
        param([Parameter(Mandatory)] $Simulator)
        $root = $Simulator.Path
        Get-ChildItem -LiteralPath $root -Recurse -Force | Where-Object Name -ne 'state.lock' | Sort-Object FullName | ForEach-Object {
            $relative = $_.FullName.Substring($root.Length)
            if ($_.PSIsContainer) { "$relative/" }
            elseif ($_.Name -eq 'state.json') { "$relative " + (Get-FileHash -LiteralPath $_.FullName).Hash }
            else { "$relative $($_.Length) $($_.LastWriteTimeUtc.Ticks)" }
        }
    }

    function Assert-HostUnchanged {
        param([Parameter(Mandatory)] $Simulator, [Parameter(Mandatory)] [string[]] $Before)
        Compare-Object -ReferenceObject $Before -DifferenceObject @(Get-SimulatedHostState $Simulator) | Should -BeNullOrEmpty
    }
}

Describe '-WhatIf changes nothing on a fresh simulated host' {
    BeforeEach {
        $sim = New-SvmSimulator -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
        $s = New-SvmSession -Simulator $sim -ComputerName myhost
    }

    AfterEach {
        Remove-SvmSession -Session $s -Confirm:$false
    }

    It 'Lock-UfsFileSystem -WhatIf leaves the file system unlocked' {
        $before = Get-SimulatedHostState $sim
        Get-SvmMirror -Session $s -Name d1 | Lock-UfsFileSystem -WhatIf | Should -BeNullOrEmpty
        (Get-UfsLock -Session $s -MountPoint /home1).LockType | Should -Be 'unlock'
        Assert-HostUnchanged $sim $before
    }

    It 'Unlock-UfsFileSystem -WhatIf leaves the write-lock in place' {
        $null = Lock-UfsFileSystem -Session $s -MountPoint /home1
        $before = Get-SimulatedHostState $sim
        Unlock-UfsFileSystem -Session $s -MountPoint /home1 -WhatIf | Should -BeNullOrEmpty
        (Get-UfsLock -Session $s -MountPoint /home1).LockType | Should -Be 'write'
        Assert-HostUnchanged $sim $before
        $null = Unlock-UfsFileSystem -Session $s -MountPoint /home1
    }

    It 'Disconnect-Submirror -WhatIf leaves every submirror Okay' {
        $before = Get-SimulatedHostState $sim
        Get-SvmMirror -Session $s -Name d1 | Disconnect-Submirror -Submirror d3 -WhatIf | Should -BeNullOrEmpty
        $m = Get-SvmMirror -Session $s -Name d1
        $m.Submirrors | Should -HaveCount 2
        $m.Submirrors.State | Should -Be @('Okay', 'Okay')
        $m.IsHealthy | Should -BeTrue
        Assert-HostUnchanged $sim $before
    }

    It 'Connect-Submirror -WhatIf leaves the submirror offline' {
        $sub = Disconnect-Submirror -Session $s -Mirror d1 -Submirror d3
        $before = Get-SimulatedHostState $sim
        $sub | Connect-Submirror -WhatIf | Should -BeNullOrEmpty
        (Get-SvmMirror -Session $s -Name d1).IsHealthy | Should -BeFalse
        Assert-HostUnchanged $sim $before
    }

    It 'Test-UfsFileSystem -Repair -WhatIf runs no fsck' {
        $sub = Disconnect-Submirror -Session $s -Mirror d1 -Submirror d3 -Detach
        $before = Get-SimulatedHostState $sim
        $sub | Test-UfsFileSystem -Repair -WhatIf | Should -BeNullOrEmpty
        @($s.Transcript | Where-Object Command -like '*fsck*') | Should -HaveCount 0
        Assert-HostUnchanged $sim $before
    }

    It 'Invoke-SubmirrorDump -WhatIf writes no dump file and no /etc/dumpdates entry' {
        $sub = Disconnect-Submirror -Session $s -Mirror d1 -Submirror d3
        $before = Get-SimulatedHostState $sim
        $file = Join-Path $TestDrive 'd3.ufsdump'
        $sub | Invoke-SubmirrorDump -Destination $file -UpdateDumpDates -WhatIf | Should -BeNullOrEmpty
        $file | Should -Not -Exist
        Assert-HostUnchanged $sim $before
    }

    It 'Backup-SvmMirror -WhatIf writes no dump file, no journal and no marker' {
        $before = Get-SimulatedHostState $sim
        $file = Join-Path $TestDrive 'd1.ufsdump'
        $journal = Join-Path $TestDrive 'journal'
        Backup-SvmMirror -Session $s -Mirror d1 -Destination $file -JournalPath $journal -WhatIf
        $file | Should -Not -Exist
        $journal | Should -Not -Exist
        (Get-SvmMirror -Session $s -Name d1).IsHealthy | Should -BeTrue
        Assert-HostUnchanged $sim $before
    }

    It 'Repair-SvmMirror -WhatIf leaves an interrupted backup as it was' {
        # What a backup interrupted between split and unlock leaves: /home1 write-locked and d3 offline.
        $null = $sim.Engine.Run('myhost', 'lockfs', [string[]]@('-w', '/home1'), [IO.Stream]::Null, $false, [IO.Stream]::Null, [IO.Stream]::Null)
        $null = $sim.Engine.Run('myhost', 'metaoffline', [string[]]@('d1', 'd3'), [IO.Stream]::Null, $false, [IO.Stream]::Null, [IO.Stream]::Null)
        $before = Get-SimulatedHostState $sim
        $null = Repair-SvmMirror -Session $s -WhatIf
        (Get-UfsLock -Session $s -MountPoint /home1).LockType | Should -Be 'write'
        (Get-SvmMirror -Session $s -Name d1).IsHealthy | Should -BeFalse
        Assert-HostUnchanged $sim $before
    }

    It 'New-SvmSimulator -WhatIf creates no simulated host' {
        $before = Get-SimulatedHostState $sim
        $path = Join-Path $TestDrive 'whatif-simulator'
        New-SvmSimulator -Path $path -WhatIf | Should -BeNullOrEmpty
        $path | Should -Not -Exist
        Assert-HostUnchanged $sim $before
    }

    It 'Remove-SvmSession -WhatIf keeps the session open and registered' {
        $before = Get-SimulatedHostState $sim
        Remove-SvmSession -Session $s -WhatIf | Should -BeNullOrEmpty
        Get-SvmSession | Should -Contain $s
        (Get-SvmMirror -Session $s -Name d1).Name | Should -Be 'd1'
        Assert-HostUnchanged $sim $before
    }
}
