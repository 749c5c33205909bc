#Requires -Version 5.1
<#
.SYNOPSIS
    Build, test and package SvmBackup (for pwsh users; `dotnet build SvmBackup.sln` alone also builds the module).
.PARAMETER Task
    Build   - build the solution; the importable module folder is out/SvmBackup.
    Test    - the xUnit suite (hosts the real PowerShell engine and imports out/SvmBackup).
    Pester  - the Pester 5 suite in pester/ against out/SvmBackup (needs Pester 5 installed).
    Package - build the module and both packages in out/package: SvmBackup.zip (folder SvmBackup/ inside; the name
              Azure Automation imports by) and SvmBackup.<version>.nupkg (the PowerShell Gallery package: what
              Publish-Module uploads). Without pwsh: `dotnet build src/SvmBackup/SvmBackup.csproj` makes both;
              `dotnet build src/SvmBackup/SvmBackup.csproj -t:PackGallery` re-packs the .nupkg alone.
    Demo    - run examples/Backup-Home1.Simulated.ps1 (the online backup, step by step) on the built-in simulated Solaris host.
.EXAMPLE
    ./build.ps1 -Task Build, Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Package', 'Demo')]
    [string[]] $Task = @('Build'),
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleFolder = Join-Path $root 'out/SvmBackup'

function Invoke-Native([string] $File, [string[]] $Arguments) {
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' {
            Invoke-Native dotnet @('build', (Join-Path $root 'SvmBackup.sln'), '-c', $Configuration)
            Test-ModuleManifest -Path (Join-Path $moduleFolder 'SvmBackup.psd1') | Out-Null
        }
        'Test' {
            Invoke-Native dotnet @('test', (Join-Path $root 'SvmBackup.sln'), '-c', $Configuration)
        }
        'Pester' {
            Import-Module Pester -MinimumVersion 5.1 -ErrorAction Stop
            $config = New-PesterConfiguration
            $config.Run.Path = Join-Path $root 'pester'
            $config.Run.Exit = $true
            $config.Output.Verbosity = 'Detailed'
            Invoke-Pester -Configuration $config
        }
        'Package' {
            # The same packages `dotnet build` makes: SvmBackup.zip (Azure Automation: named after the module) and the
            # Gallery's SvmBackup.<version>.nupkg.
            Invoke-Native dotnet @('build', (Join-Path $root 'src/SvmBackup/SvmBackup.csproj'), '-c', $Configuration)
            $version = (Import-PowerShellDataFile (Join-Path $moduleFolder 'SvmBackup.psd1')).ModuleVersion
            Write-Output (Get-Item (Join-Path $root 'out/package/SvmBackup.zip'), (Join-Path $root "out/package/SvmBackup.$version.nupkg"))
        }
        'Demo' {
            $env:PSModulePath = (Join-Path $root 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
            & (Join-Path $root 'examples/Backup-Home1.Simulated.ps1')
        }
    }
}
