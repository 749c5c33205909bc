#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# The exact public parameters and parameter sets of every exported cmdlet (dbatools style). Adding, renaming or
# removing a parameter changes the module's contract: this list changes with it, in the same commit.

BeforeDiscovery {
    # Cmdlet -> its parameters, common parameters and -WhatIf/-Confirm excluded. Host cmdlets end with -Session and the
    # connection options of their one-shot -ComputerName parameter set.
    $ExpectedParameters = @{
        'Backup-SvmMirror' = @('Mirror', 'MountPoint', 'DiskSet', 'Submirror', 'Method', 'Level', 'UpdateDumpDates',
            'TapeDevice', 'RemotePath', 'Destination', 'Force', 'SkipCheck', 'RepairCopy', 'NoLock', 'FreezeCommand',
            'ThawCommand', 'WaitForResync', 'PollIntervalSeconds', 'ThrottleLimit', 'JournalPath', 'PlanOnly',
            'Session', 'ComputerName', 'Port', 'Credential', 'UserName', 'KeyFile', 'KeyText', 'KeyPassphrase',
            'KnownHostsFile', 'AcceptNewHostKey', 'KeyExchangeAlgorithm', 'CommandTimeoutSeconds',
            'HostKeyFingerprint', 'Elevation')
        'Connect-Submirror' = @('Mirror', 'Submirror', 'DiskSet', 'SplitMethod', 'Session', 'ComputerName', 'Port',
            'Credential', 'UserName', 'KeyFile', 'KeyText', 'KeyPassphrase', 'KnownHostsFile', 'AcceptNewHostKey',
            'KeyExchangeAlgorithm', 'CommandTimeoutSeconds', 'HostKeyFingerprint', 'Elevation')
        'Disconnect-Submirror' = @('Mirror', 'Submirror', 'DiskSet', 'Detach', 'Force', 'Session', 'ComputerName',
            'Port', 'Credential', 'UserName', 'KeyFile', 'KeyText', 'KeyPassphrase', 'KnownHostsFile',
            'AcceptNewHostKey', 'KeyExchangeAlgorithm', 'CommandTimeoutSeconds', 'HostKeyFingerprint', 'Elevation')
        'Get-SvmBackupJournal' = @('RunId', 'ComputerName', 'Mirror', 'Unfinished', 'JournalPath')
        'Get-SvmDiskSet' = @('Name', 'Session', 'ComputerName', 'Port', 'Credential', 'UserName', 'KeyFile',
            'KeyText', 'KeyPassphrase', 'KnownHostsFile', 'AcceptNewHostKey', 'KeyExchangeAlgorithm',
            'CommandTimeoutSeconds', 'HostKeyFingerprint', 'Elevation')
        'Get-SvmMirror' = @('Name', 'MountPoint', 'DiskSet', 'Session', 'ComputerName', 'Port', 'Credential',
            'UserName', 'KeyFile', 'KeyText', 'KeyPassphrase', 'KnownHostsFile', 'AcceptNewHostKey',
            'KeyExchangeAlgorithm', 'CommandTimeoutSeconds', 'HostKeyFingerprint', 'Elevation')
        'Get-SvmSession' = @('Id', 'Name', 'ComputerName')
        'Get-UfsLock' = @('MountPoint', 'Session', 'ComputerName', 'Port', 'Credential', 'UserName', 'KeyFile',
            'KeyText', 'KeyPassphrase', 'KnownHostsFile', 'AcceptNewHostKey', 'KeyExchangeAlgorithm',
            'CommandTimeoutSeconds', 'HostKeyFingerprint', 'Elevation')
        'Invoke-SubmirrorDump' = @('Mirror', 'Level', 'UpdateDumpDates', 'TapeDevice', 'RemotePath', 'Destination',
            'Force', 'Submirror', 'DiskSet', 'RawDevice', 'SplitMethod', 'Session', 'ComputerName', 'Port',
            'Credential', 'UserName', 'KeyFile', 'KeyText', 'KeyPassphrase', 'KnownHostsFile', 'AcceptNewHostKey',
            'KeyExchangeAlgorithm', 'CommandTimeoutSeconds', 'HostKeyFingerprint', 'Elevation')
        'Lock-UfsFileSystem' = @('MountPoint', 'Session', 'ComputerName', 'Port', 'Credential', 'UserName',
            'KeyFile', 'KeyText', 'KeyPassphrase', 'KnownHostsFile', 'AcceptNewHostKey', 'KeyExchangeAlgorithm',
            'CommandTimeoutSeconds', 'HostKeyFingerprint', 'Elevation')
        'New-SvmSession' = @('ComputerName', 'Simulator', 'Port', 'Credential', 'UserName', 'KeyFile', 'KeyText',
            'KeyPassphrase', 'KnownHostsFile', 'HostKeyFingerprint', 'AcceptNewHostKey', 'Elevation',
            'ConnectTimeoutSeconds', 'KeyExchangeAlgorithm', 'CommandTimeoutSeconds', 'Name')
        'New-SvmSimulator' = @('Path', 'Topology', 'Resident')
        'Remove-SvmSession' = @('Session')
        'Repair-SvmMirror' = @('Mirror', 'DiskSet', 'RunId', 'JournalPath', 'Session', 'ComputerName', 'Port',
            'Credential', 'UserName', 'KeyFile', 'KeyText', 'KeyPassphrase', 'KnownHostsFile', 'AcceptNewHostKey',
            'KeyExchangeAlgorithm', 'CommandTimeoutSeconds', 'HostKeyFingerprint', 'Elevation')
        'Test-SvmConnection' = @('Quiet', 'Session', 'ComputerName', 'Port', 'Credential', 'UserName', 'KeyFile',
            'KeyText', 'KeyPassphrase', 'KnownHostsFile', 'AcceptNewHostKey', 'KeyExchangeAlgorithm',
            'CommandTimeoutSeconds', 'HostKeyFingerprint', 'Elevation')
        'Test-UfsFileSystem' = @('Quick', 'Repair', 'Submirror', 'DiskSet', 'RawDevice', 'SplitMethod', 'Session',
            'ComputerName', 'Port', 'Credential', 'UserName', 'KeyFile', 'KeyText', 'KeyPassphrase',
            'KnownHostsFile', 'AcceptNewHostKey', 'KeyExchangeAlgorithm', 'CommandTimeoutSeconds',
            'HostKeyFingerprint', 'Elevation')
        'Unlock-UfsFileSystem' = @('MountPoint', 'Session', 'ComputerName', 'Port', 'Credential', 'UserName',
            'KeyFile', 'KeyText', 'KeyPassphrase', 'KnownHostsFile', 'AcceptNewHostKey', 'KeyExchangeAlgorithm',
            'CommandTimeoutSeconds', 'HostKeyFingerprint', 'Elevation')
        'Wait-SvmResync' = @('Mirror', 'DiskSet', 'TimeoutSeconds', 'PollIntervalSeconds', 'Session', 'ComputerName',
            'Port', 'Credential', 'UserName', 'KeyFile', 'KeyText', 'KeyPassphrase', 'KnownHostsFile',
            'AcceptNewHostKey', 'KeyExchangeAlgorithm', 'CommandTimeoutSeconds', 'HostKeyFingerprint', 'Elevation')
    }

    # Cmdlet -> its parameter set names (__AllParameterSets: the cmdlet declares none).
    $ExpectedParameterSets = @{
        'Backup-SvmMirror'       = @('Session', 'ComputerName')
        'Connect-Submirror'      = @('Session', 'ComputerName')
        'Disconnect-Submirror'   = @('Session', 'ComputerName')
        'Get-SvmBackupJournal'   = @('__AllParameterSets')
        'Get-SvmDiskSet'         = @('Session', 'ComputerName')
        'Get-SvmMirror'          = @('Session', 'ComputerName')
        'Get-SvmSession'         = @('All', 'Id', 'Name', 'ComputerName')
        'Get-UfsLock'            = @('Session', 'ComputerName')
        'Invoke-SubmirrorDump'   = @('Session', 'ComputerName')
        'Lock-UfsFileSystem'     = @('Session', 'ComputerName')
        'New-SvmSession'         = @('Ssh', 'Simulator')
        'New-SvmSimulator'       = @('__AllParameterSets')
        'Remove-SvmSession'      = @('__AllParameterSets')
        'Repair-SvmMirror'       = @('Session', 'ComputerName')
        'Test-SvmConnection'     = @('Session', 'ComputerName')
        'Test-UfsFileSystem'     = @('Session', 'ComputerName')
        'Unlock-UfsFileSystem'   = @('Session', 'ComputerName')
        'Wait-SvmResync'         = @('Session', 'ComputerName')
    }

    $ParameterCases = foreach ($name in $ExpectedParameters.Keys) {
        @{ Name = $name; Expected = [string[]]$ExpectedParameters[$name]; ExpectedSets = [string[]]$ExpectedParameterSets[$name] }
    }
    $CoverageCases = @(@{ Names = [string[]]$ExpectedParameters.Keys; SetNames = [string[]]$ExpectedParameterSets.Keys })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/SvmBackup/SvmBackup.psd1') -Force -ErrorAction Stop
    # -Verbose, -ErrorAction ... and -WhatIf/-Confirm are the engine's, not the module's.
    $script:Common = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)
}

Describe 'Parameters of the exported cmdlets' {
    It 'lists every exported cmdlet and nothing else' -ForEach $CoverageCases {
        Compare-Object -ReferenceObject $Names -DifferenceObject @((Get-Module SvmBackup).ExportedCmdlets.Keys) | Should -BeNullOrEmpty
        Compare-Object -ReferenceObject $Names -DifferenceObject $SetNames | Should -BeNullOrEmpty
    }

    It '<Name> has exactly the expected parameters' -ForEach $ParameterCases {
        $actual = @((Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $script:Common })
        Compare-Object -ReferenceObject $Expected -DifferenceObject $actual | Should -BeNullOrEmpty
        $actual | Should -HaveCount $Expected.Count
    }

    It '<Name> has exactly the expected parameter sets' -ForEach $ParameterCases {
        $actual = @((Get-Command $Name).ParameterSets.Name)
        Compare-Object -ReferenceObject $ExpectedSets -DifferenceObject $actual | Should -BeNullOrEmpty
        $actual | Should -HaveCount $ExpectedSets.Count
    }
}
