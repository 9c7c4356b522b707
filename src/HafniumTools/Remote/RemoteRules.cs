using HafniumTools.Model;

namespace HafniumTools.Remote;

/// <summary>
/// The rules of the network checks that produce findings: a page at a web-shell path that answers an anonymous GET
/// with content Exchange does not serve there. A stock front end answers 302 (owa/auth, ecp/auth) or 404 (aspnet_client,
/// OAB) for a page that does not exist, so a 200 with other content means a file is there and runs.
/// </summary>
internal static class RemoteRules
{
    private const string Cve27065 = "CVE-2021-27065";
    private const string Cve26858 = "CVE-2021-26858";

    public static readonly DetectionRule KnownShellAnswers = new(
        "HT-RM-001", FindingCategory.Remote, Severity.Critical, Verdict.Compromise,
        "A published web-shell path answers with non-Exchange content",
        "A file of a name the 2021 Exchange attackers used answers an anonymous GET in a folder where Exchange serves no such page: the web shell is on the server.",
        "MSTIC, Red Canary, ESET, helsecert IOC names (module data WebShellNames.csv); helsecert logs: 200 for a planted shell, 302 once removed",
        Cve27065, Cve26858);

    public static readonly DetectionRule GivenPathAnswers = new(
        "HT-RM-002", FindingCategory.Remote, Severity.High, Verdict.Compromise,
        "A web-shell path given to the check answers with non-Exchange content",
        "A path named with -WebShellPath answers an anonymous GET with content that is not an Exchange page: a file is there and runs; inspect it on the server.",
        "zer010bs/exchange-ioc-scan approach (status plus body marker); helsecert logs",
        Cve27065, Cve26858);

    public static readonly DetectionRule ConfigurationDumpAnswers = new(
        "HT-RM-003", FindingCategory.Remote, Severity.Critical, Verdict.Compromise,
        "A web path serves an Exchange virtual directory dump (the OAB reset web shell)",
        "The answer is the Format-List dump that the CVE-2021-27065 OAB reset writes, served as a page: the attacker's dump with its script was placed in a web folder.",
        "zer010bs/exchange-ioc-scan (OAB dump body after the script ran); Volexity; CISA AA21-062A",
        Cve27065, Cve26858);
}
