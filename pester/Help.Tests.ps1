#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# Get-Help of every exported cmdlet is complete: synopsis, description, at least two examples, every parameter
# described.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../out/SvmBackup/SvmBackup.psd1') -Force -ErrorAction Stop
    $HelpCases = @((Get-Module SvmBackup).ExportedCmdlets.Keys | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/SvmBackup/SvmBackup.psd1') -Force -ErrorAction Stop
    $script:Common = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)
}

Describe 'Get-Help of <Name>' -ForEach $HelpCases {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
    }

    It 'has a synopsis of its own' {
        # Without a help entry Get-Help makes one up from the syntax, which starts with the cmdlet's name.
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -BeLike "$Name*"
    }

    It 'has a description' {
        (@($help.description | ForEach-Object { $_.Text }) -join ' ').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        $examples | ForEach-Object { $_.code | Should -Not -BeNullOrEmpty }
    }

    It 'describes every parameter' {
        $parameters = @((Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $script:Common })
        foreach ($parameter in $parameters) {
            $entry = $help.parameters.parameter | Where-Object Name -eq $parameter
            $entry | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a help entry"
            (@($entry.description | ForEach-Object { $_.Text }) -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }
}
