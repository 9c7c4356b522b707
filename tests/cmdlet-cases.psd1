# Cases the generic contract tests (tests/HafniumTools.EngineTests/ModuleContractTests.cs) run for every cmdlet.
# Every exported cmdlet needs an entry:
#   Output: commands whose objects must match the cmdlet's [OutputType], survive a PSSerializer round trip with
#           every property, and render the same before and after (views select the Deserialized. type too).
#   Errors: bad-input commands; each must write an error with this ErrorId, category and TargetObject and,
#           being per-item errors, must not stop the pipeline.
# $RepoRoot, $Fixtures (tests/HafniumTools.Tests/Fixtures) and $EngineFixtures are set when they run.
@{
    'Find-HafniumLogIndicator' = @{
        Output = @(
            "Find-HafniumLogIndicator -Path ([System.IO.Path]::Combine(`$Fixtures, 'Logs', 'triage', 'EXCH01', 'Logging', 'HttpProxy', 'Ecp', 'HttpProxy_2021030303-1.LOG'))"
            "Find-HafniumLogIndicator -Path ([System.IO.Path]::Combine(`$RepoRoot, 'samples', 'logs')) -Since '2021-03-03T00:00:00Z'"
        )
        Errors = @(
            @{
                Command      = "Find-HafniumLogIndicator -Path 'no-such-folder/HttpProxy_2021030303-1.LOG'"
                ErrorId      = 'LogPathNotFound'
                Category     = 'ObjectNotFound'
                TargetObject = 'no-such-folder/HttpProxy_2021030303-1.LOG'
            }
            @{
                Command  = "Find-HafniumLogIndicator -Path ([System.IO.Path]::Combine(`$Fixtures, 'Logs', 'unknown', 'MSGTRK2021030300-1.LOG'))"
                ErrorId  = 'LogFormatNotRecognized'
                Category = 'InvalidData'
            }
            @{
                Command  = "Find-HafniumLogIndicator -Path ([System.IO.Path]::Combine(`$Fixtures, 'Logs', 'edge', 'HttpProxy', 'Owa', 'garbage.LOG'))"
                ErrorId  = 'LogFileInvalid'
                Category = 'InvalidData'
            }
        )
    }
}
