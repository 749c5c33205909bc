@{
    RootModule           = 'SvmBackup.dll'
    # Imported before the root module: puts SvmBackup's dependencies (dependencies/) in their own load context.
    NestedModules        = @('SvmBackup.Loader.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f7f0e-3c0a-4c55-9d43-8a1f7b2e6c11'
    Author               = 'SvmBackup contributors'
    CompanyName          = 'SvmBackup contributors'
    Copyright            = '(c) SvmBackup contributors. MIT License.'
    Description          = 'Online backup of mirrored Solaris Volume Manager (SVM) UFS file systems over SSH: write-lock, split a submirror, ufsdump the raw device, rejoin and resync - without unmounting. Includes a simulated Solaris host for rehearsals and tests.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    TypesToProcess       = @('SvmBackup.Types.ps1xml')
    FormatsToProcess     = @('SvmBackup.Format.ps1xml', 'SvmBackup.Steps.Format.ps1xml', 'SvmBackup.Journal.Format.ps1xml')
    CmdletsToExport      = @(
        'New-SvmSession'
        'Get-SvmSession'
        'Remove-SvmSession'
        'New-SvmSimulator'
        'Get-SvmMirror'
        'Get-SvmDiskSet'
        'Test-SvmConnection'
        'Get-UfsLock'
        'Lock-UfsFileSystem'
        'Unlock-UfsFileSystem'
        'Disconnect-Submirror'
        'Test-UfsFileSystem'
        'Invoke-SubmirrorDump'
        'Connect-Submirror'
        'Wait-SvmResync'
        'Backup-SvmMirror'
        'Repair-SvmMirror'
        'Get-SvmBackupJournal'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Solaris', 'SVM', 'SolarisVolumeManager', 'DiskSuite', 'UFS', 'ufsdump', 'Backup', 'SSH', 'Mirror', 'PSEdition_Desktop', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ProjectUri   = 'https://github.com/svmbackup/SvmBackup'
            LicenseUri   = 'https://github.com/svmbackup/SvmBackup/blob/main/LICENSE'
            ReleaseNotes = '0.1.0: foundation - simulated Solaris host (local and over SSH); secure SSH sessions (strict host keys, sudo -S on stdin, remote kill on timeout and Ctrl+C); New-SvmSession, Test-SvmConnection, Get-SvmMirror.'
        }
    }
}
