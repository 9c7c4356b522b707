using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests;

/// <summary>
/// Results mean the same after remoting. Every output case of tests/cmdlet-cases.psd1 goes through a real
/// Start-Job, Export-Clixml/Import-Clixml and PSSerializer (Harness/RoundTripFacts.ps1), and what admins do with
/// results must give on each copy exactly what it gives on the live objects: the object's type, every property as
/// a string, Where-Object -eq and -ge on every enum property for every value of its enum (Verdict -eq 'Compromise',
/// Severity -ge 'High', ProxyLogonStatus -eq 'Vulnerable' ...), Sort-Object (by rank) and Group-Object by it.
/// A new cmdlet's cases are covered without further code.
/// </summary>
public class RemotingContractTests
{
    private static readonly string Script = Path.Combine(TestPaths.RepoRoot, "tests", "HafniumTools.EngineTests", "Harness", "RoundTripFacts.ps1");

    private static readonly string[] Copies = ["job", "clixml", "serializer"];

    [Theory]
    [MemberData(nameof(ModuleContractTests.OutputCases), MemberType = typeof(ModuleContractTests))]
    public void Results_mean_the_same_after_Start_Job_Import_Clixml_and_PSSerializer(string cmdlet, string command)
    {
        var facts = HostedFacts(command, out var r);

        Assert.True(r.Errors.Count == 0 && r.Exception is null, cmdlet + ": " + r.ErrorSummary);
        AssertCopiesMatchLive(cmdlet, facts);
    }

    [Fact]
    public void Results_mean_the_same_in_real_pwsh_in_another_time_zone()
    {
        // Every output type in one run: findings and coverage, build audits, catalog entries.
        string command = "Find-HafniumWebShell -Path ([System.IO.Path]::Combine($RepoRoot, 'samples', 'webroot', 'webshells')); "
            + "[System.IO.File]::ReadAllLines([System.IO.Path]::Combine($RepoRoot, 'samples', 'builds', 'fleet.txt')) | Where-Object { $_ -ne 'n/a' } | Test-HafniumBuild; "
            + "Get-HafniumBuildCatalog -Cve CVE-2021-26855; "
            + "Find-HafniumLogIndicator -Path ([System.IO.Path]::Combine($RepoRoot, 'samples', 'logs'))";
        var hosted = HostedFacts(command, out _);

        // UTC+14: a time taken as local anywhere on the way would move, and no longer match the hosted engine's.
        var run = RealPwsh.Run(
            ["-NoProfile", "-NonInteractive", "-File", Script, "-Command", command, "-ModuleManifest", TestPaths.Manifest, "-RepoRoot", TestPaths.RepoRoot],
            environment: new Dictionary<string, string> { ["TZ"] = "Pacific/Kiritimati" });

        Assert.True(run.ExitCode == 0 && run.Error.Length == 0, run.ToString());
        var real = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var types = real.Where(l => l.StartsWith("live\ttype ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).Distinct().ToList();
        Assert.Equal(["HafniumTools.Builds.BuildAudit", "HafniumTools.Builds.BuildCatalogEntry", "HafniumTools.Model.Finding"], types.Order(StringComparer.Ordinal));
        AssertCopiesMatchLive("real pwsh", real);
        AssertSame("real pwsh (TZ=Pacific/Kiritimati) against the hosted engine", Facts(hosted, "live"), Facts(real, "live"));
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(100_001, false)]
    public void Hostile_data_is_rebuilt_only_within_bounds_and_its_enums_still_compare(int items, bool rebuilt)
    {
        // A bag that says it is a Finding, as a crafted CLIXML file can: a few properties and a long CVE list.
        var r = PowerShellSession.Invoke(
            "$o = [pscustomobject]@{ RuleId = 'HT-X-1'; Severity = [HafniumTools.Model.Severity]::Critical; Cve = [string[]](1.." + items + " | ForEach-Object { \"CVE-$_\" }) }; "
            + "$o.PSObject.TypeNames.Insert(0, 'HafniumTools.Model.Finding'); "
            + "$back = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($o)); "
            + "[pscustomobject]@{ Finding = $back -is [HafniumTools.Model.Finding]; Severity = $back.Severity.GetType().FullName; High = @($back | Where-Object Severity -ge 'High').Count; Cves = @($back.Cve).Count }");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var result = Assert.Single(r.Output);
        Assert.Equal(rebuilt, (bool)result.Properties["Finding"].Value);
        Assert.Equal("HafniumTools.Model.Severity", result.Text("Severity"));
        Assert.Equal("1", result.Text("High"));
        Assert.Equal(items.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Text("Cves"));
    }

    /// <summary>Runs the round trip in the hosted engine; one line per fact, "copy TAB fact".</summary>
    private static List<string> HostedFacts(string command, out PsResult result)
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("Command", command);
        result = ps.Run($"& '{Script}' -Command $Command -ModuleManifest $ModuleManifest -RepoRoot $RepoRoot -Fixtures $Fixtures -EngineFixtures $EngineFixtures");
        return result.Objects.Select(o => o.ToString()!).ToList();
    }

    private static void AssertCopiesMatchLive(string what, IReadOnlyList<string> lines)
    {
        var live = Facts(lines, "live");
        Assert.True(live.Count > 0, what + ": the command wrote nothing");
        Assert.True(live.Any(f => f.StartsWith("where ", StringComparison.Ordinal)), what + ": no enum property was filtered");
        foreach (string copy in Copies)
        {
            AssertSame($"{what} after {copy}", live, Facts(lines, copy));
        }
    }

    private static List<string> Facts(IEnumerable<string> lines, string copy) =>
        lines.Where(l => l.StartsWith(copy + "\t", StringComparison.Ordinal)).Select(l => l[(copy.Length + 1)..]).ToList();

    private static void AssertSame(string what, List<string> expected, List<string> actual)
    {
        int at = Enumerable.Range(0, Math.Max(expected.Count, actual.Count))
            .FirstOrDefault(i => i >= expected.Count || i >= actual.Count || expected[i] != actual[i], -1);
        Assert.True(at < 0, $"{what}: fact {at} differs (of {expected.Count} live, {actual.Count} here){Environment.NewLine}"
            + $"live: {Cut(expected.ElementAtOrDefault(at))}{Environment.NewLine}here: {Cut(actual.ElementAtOrDefault(at))}");
    }

    private static string Cut(string? fact) => fact is null ? "<none>" : fact.Length <= 600 ? fact : fact[..600] + "…";
}
