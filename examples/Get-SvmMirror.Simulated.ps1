# The inventory slice of SvmBackup, end to end on the built-in simulated Solaris host.
# pwsh:   Import-Module ./out/SvmBackup; ./examples/Get-SvmMirror.Simulated.ps1
# no pwsh: dotnet run --project examples/SvmBackup.Examples -- examples/Get-SvmMirror.Simulated.ps1
param([string] $Path)

$ErrorActionPreference = 'Stop'
Import-Module SvmBackup

# A simulated host: 'myhost' with d1 = d2 + d3 on /home1, and the Sun Cluster nodes
# phys-schost-1 (owner) and phys-schost-2 sharing disk set schost-1 (d0 = d10 d20 d30 on /global/schost-1).
$sim = if ($Path) { New-SvmSimulator -Path $Path } else { New-SvmSimulator }
$sim

$standalone = New-SvmSession -Simulator $sim -ComputerName myhost
$owner = New-SvmSession -Simulator $sim -ComputerName phys-schost-1
Get-SvmSession

# Is each node ready? (OS release, elevation, SVM tools, disk sets)
Test-SvmConnection -Session $standalone, $owner

# Every mirror of the local set, then the cluster disk set on its owner node.
Get-SvmMirror -Session $standalone
Get-SvmDiskSet -Session $owner
Get-SvmDiskSet -Session $owner | Get-SvmMirror

# The submirrors, as typed objects.
Get-SvmMirror -Session $owner -DiskSet schost-1 | ForEach-Object { $_.Submirrors }

Get-SvmSession | Remove-SvmSession
