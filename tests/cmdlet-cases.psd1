# Cases the generic contract tests (tests/HafniumTools.EngineTests/ModuleContractTests.cs) run for every cmdlet.
# Every exported cmdlet needs an entry:
#   Output: commands whose objects must match the cmdlet's [OutputType], survive a PSSerializer round trip with
#           every property, and render the same before and after (views select the Deserialized. type too).
#   Errors: bad-input commands; each must write an error with this ErrorId, category and TargetObject and,
#           being per-item errors, must not stop the pipeline.
# $RepoRoot, $Fixtures (tests/HafniumTools.Tests/Fixtures) and $EngineFixtures are set when they run.
@{
}
