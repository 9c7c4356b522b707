using System.Linq;
using HafniumTools.Configuration;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Configuration;

public class VirtualDirectoryUrlCheckTests
{
    private const string Shell = "http://f/<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"klk123456\"],\"unsafe\");}</script>";

    private static VirtualDirectoryRecord Directory(VirtualDirectoryKind kind, string? internalUrl, string? externalUrl, string server = "EX01", string identity = "EX01\\OAB (Default Web Site)") =>
        new(server, identity, null, kind, [new ConfiguredUrl("InternalUrl", internalUrl), new ConfiguredUrl("ExternalUrl", externalUrl)]);

    [Fact]
    public void Script_in_external_url_of_an_oab_directory_is_the_27065_chain()
    {
        var finding = Assert.Single(VirtualDirectoryUrlCheck.Inspect(Directory(VirtualDirectoryKind.Oab, "https://ex01.contoso.local/OAB", Shell)));

        Assert.Equal("HT-VD-001", finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(Verdict.Exploitation, finding.Verdict);
        Assert.Contains("CVE-2021-27065", finding.Cve);
        Assert.Equal(FindingCategory.Oab, finding.Category);
        Assert.Equal("EX01", finding.ComputerName);
        Assert.Equal("EX01\\OAB (Default Web Site) ExternalUrl", finding.Evidence);
        Assert.Equal(Shell, finding.Url);
        Assert.Contains("<script", finding.Detail!, System.StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Script_in_internal_url_only_is_reported_for_internal_url()
    {
        var finding = Assert.Single(VirtualDirectoryUrlCheck.Inspect(Directory(VirtualDirectoryKind.Oab, Shell, null)));

        Assert.Equal("HT-VD-001", finding.RuleId);
        Assert.EndsWith("InternalUrl", finding.Evidence, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Url_encoded_script_is_reported()
    {
        var finding = Assert.Single(VirtualDirectoryUrlCheck.Inspect(Directory(VirtualDirectoryKind.Oab, null, "http://o/#%3Cscript%20runat=%22server%22%3Eeval(Request[%22x%22],%22unsafe%22)%3C/script%3E")));

        Assert.Equal("HT-VD-001", finding.RuleId);
    }

    [Fact]
    public void Normal_empty_and_null_urls_say_nothing()
    {
        Assert.Empty(VirtualDirectoryUrlCheck.Inspect(Directory(VirtualDirectoryKind.Oab, "https://ex01.contoso.local:443/OAB", "https://mail.contoso.com/OAB/")));
        Assert.Empty(VirtualDirectoryUrlCheck.Inspect(Directory(VirtualDirectoryKind.Oab, null, "")));
        Assert.Empty(VirtualDirectoryUrlCheck.Inspect(Directory(VirtualDirectoryKind.Ecp, "   ", null)));
    }

    [Fact]
    public void Malformed_script_free_url_is_a_low_anomaly()
    {
        var oab = Assert.Single(VirtualDirectoryUrlCheck.Inspect(Directory(VirtualDirectoryKind.Oab, "mail.contoso.com/OAB", null)));
        var ecp = Assert.Single(VirtualDirectoryUrlCheck.Inspect(Directory(VirtualDirectoryKind.Ecp, null, "ftp://mail.contoso.com/ecp", identity: "EX01\\ecp (Default Web Site)")));

        Assert.Equal(("HT-VD-002", Severity.Low, Verdict.Anomaly), (oab.RuleId, oab.Severity, oab.Verdict));
        Assert.Equal(("HT-VD-004", Severity.Low, Verdict.Anomaly), (ecp.RuleId, ecp.Severity, ecp.Verdict));
    }

    [Theory]
    [InlineData(VirtualDirectoryKind.Ecp)]
    [InlineData(VirtualDirectoryKind.Owa)]
    [InlineData(VirtualDirectoryKind.Ews)]
    [InlineData(VirtualDirectoryKind.Autodiscover)]
    [InlineData(VirtualDirectoryKind.ActiveSync)]
    [InlineData(VirtualDirectoryKind.Mapi)]
    [InlineData(VirtualDirectoryKind.PowerShell)]
    [InlineData(VirtualDirectoryKind.Unknown)]
    public void Script_in_other_directories_is_high_exploitation(object kind)
    {
        var finding = Assert.Single(VirtualDirectoryUrlCheck.Inspect(Directory((VirtualDirectoryKind)kind, "javascript:alert(1)", "https://mail.contoso.com/x")));

        Assert.Equal(("HT-VD-003", Severity.High, Verdict.Exploitation, FindingCategory.Ecp), (finding.RuleId, finding.Severity, finding.Verdict, finding.Category));
    }

    [Fact]
    public void Both_urls_bad_give_two_findings_naming_each_property()
    {
        var findings = VirtualDirectoryUrlCheck.Inspect(Directory(VirtualDirectoryKind.Oab, Shell, "not a url")).ToList();

        Assert.Equal(new[] { "HT-VD-001", "HT-VD-002" }, findings.Select(f => f.RuleId));
        Assert.Equal(new[] { "InternalUrl", "ExternalUrl" }, findings.Select(f => f.Evidence.Split(' ').Last()));
    }

    [Fact]
    public void Server_and_name_come_from_identity_when_missing()
    {
        var directory = new VirtualDirectoryRecord(null, "EX07\\OAB (Default Web Site)", null, VirtualDirectoryKind.Oab, [new ConfiguredUrl("ExternalUrl", Shell)]);

        Assert.Equal("EX07", directory.Server);
        Assert.Equal("OAB (Default Web Site)", directory.Name);
        Assert.Equal("EX07", Assert.Single(VirtualDirectoryUrlCheck.Inspect(directory)).ComputerName);
    }

    [Fact]
    public void Display_name_joins_server_and_a_bare_name()
    {
        var directory = new VirtualDirectoryRecord("EX02", null, "owa (Default Web Site)", VirtualDirectoryKind.Owa, []);

        Assert.Equal("EX02\\owa (Default Web Site)", directory.DisplayName);
    }

    [Theory]
    [InlineData("ExternalUrl", true)]
    [InlineData("InternalNLBBypassUrl", true)]
    [InlineData("internalurl", true)]
    [InlineData("ActiveSyncServer", true)]
    [InlineData("ExternalAuthenticationMethods", false)]
    [InlineData("InternalAuthenticationMethods", false)]
    [InlineData("Urls", false)]
    public void Url_property_names(string name, bool expected) =>
        Assert.Equal(expected, VirtualDirectoryRecord.IsUrlPropertyName(name));

    [Fact]
    public void Rule_ids_are_unique_and_stable()
    {
        var ids = ConfigurationRules.All.Select(r => r.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("HT-VD-001", ids);
        Assert.Contains("HT-OAB-101", ids);
        Assert.DoesNotContain("HT-ECP-101", ids); // retired: the ECP auth folder is judged by the web-shell location rules
    }
}
