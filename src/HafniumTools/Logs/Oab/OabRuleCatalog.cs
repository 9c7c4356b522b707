using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs.Oab;

/// <summary>The OABGeneratorLog rules (CVE-2021-26858), as data.</summary>
internal static class OabRuleCatalog
{
    private const string Cve26858 = "CVE-2021-26858";
    private const string Source = "MSTIC HAFNIUM advisory 2021-03-02; Test-ProxyLogon CVE-2021-26858 check (2021-03-18 form)";

    public static readonly DetectionRule ScriptFileWrittenOutsideOab = new(
        "HT-OAB-001", FindingCategory.Oab, Severity.Critical, Verdict.Exploitation,
        "OAB download wrote a script file outside the OAB folder",
        "The OAB generator only stages downloads under ClientAccess\\OAB; a page or script written elsewhere is the CVE-2021-26858 arbitrary file write of a web shell.",
        Source, Cve26858);

    public static readonly DetectionRule FileWrittenOutsideOab = new(
        "HT-OAB-002", FindingCategory.Oab, Severity.High, Verdict.Exploitation,
        "OAB download wrote a file outside the OAB folder",
        "The OAB generator only stages downloads under ClientAccess\\OAB; a temporary file anywhere else is the CVE-2021-26858 arbitrary file write.",
        Source, Cve26858);

    public static IReadOnlyList<DetectionRule> All { get; } = [ScriptFileWrittenOutsideOab, FileWrittenOutsideOab];
}
