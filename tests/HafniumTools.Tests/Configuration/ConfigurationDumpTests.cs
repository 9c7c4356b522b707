using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using HafniumTools.Configuration;
using HafniumTools.Files;
using HafniumTools.Model;
using HafniumTools.Tests.Files;
using Xunit;

namespace HafniumTools.Tests.Configuration;

public class ConfigurationDumpTests
{
    internal static string Fixture(params string[] parts) =>
        Path.Combine(new[] { AppContext.BaseDirectory, "Fixtures", "Configuration" }.Concat(parts).ToArray());

    private static string Dumps(string name) => File.ReadAllText(Fixture("dumps", name));

    // The whole on-disk path of Find-HafniumOabAnomaly for one file: evidence-safe read, sniffing, the dump check.
    private static Finding[] Inspect(string path, string? computerName)
    {
        var sink = new RecordingSink();
        FileScan.OabDumps([new ScanRoot(path)], new FileScanOptions { ComputerName = computerName }, sink, CancellationToken.None);
        return [.. sink.Findings];
    }

    private static Finding[] InspectText(string text, string fileName)
    {
        string dir = Path.Combine(Path.GetTempPath(), "ht-dump-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, fileName);
            File.WriteAllText(path, text);
            return Inspect(path, "FALLBACK");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("oab-shell-externalurl-klk.aspx", "ExternalUrl", "EX01", 18)]
    [InlineData("oab-shell-internalurl-otrf.aspx", "InternalUrl", "MXS01", 15)]
    [InlineData("oab-shell-metasploit.aspx", "ExternalUrl", "EXCH2019", 18)]
    [InlineData("oab-shell-obfuscated.aspx", "ExternalUrl", "EX02", 18)]
    public void Script_carrying_dumps_are_web_shells(string fixture, string field, string server, int line)
    {
        var dump = ConfigurationDump.TryParse(Dumps(fixture));
        Assert.NotNull(dump);
        Assert.Equal(VirtualDirectoryKind.Oab, dump!.Kind);
        Assert.Equal(server, dump.Server);

        var finding = Assert.Single(Inspect(Fixture("dumps", fixture), null));
        Assert.Equal("HT-OAB-101", finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(Verdict.Compromise, finding.Verdict);
        Assert.Equal(server, finding.ComputerName);
        Assert.Equal(line, finding.LineNumber);
        Assert.StartsWith(field, finding.RawText, StringComparison.Ordinal);
        Assert.Contains(fixture, finding.Evidence, StringComparison.Ordinal);
        Assert.Equal(64, finding.FileSha256!.Length);
        Assert.Equal(new FileInfo(Fixture("dumps", fixture)).Length, finding.FileSize);
    }

    [Fact]
    public void Script_free_dump_saved_as_a_page_is_a_low_anomaly()
    {
        var finding = Assert.Single(Inspect(Fixture("dumps", "oab-dump-scriptfree.aspx"), null));

        Assert.Equal(("HT-OAB-102", Severity.Low, Verdict.Anomaly), (finding.RuleId, finding.Severity, finding.Verdict));
    }

    [Fact]
    public void Administrator_backup_is_recognised_and_only_informational()
    {
        string text = Dumps("oab-admin-backup.txt");
        var dump = ConfigurationDump.TryParse(text);
        Assert.NotNull(dump);
        Assert.Equal("EX01\\OAB (Default Web Site)", dump!.Identity);

        var finding = Assert.Single(Inspect(Fixture("dumps", "oab-admin-backup.txt"), null));
        Assert.Equal(("HT-OAB-103", Severity.Informational, Verdict.Context), (finding.RuleId, finding.Severity, finding.Verdict));
    }

    [Fact]
    public void Script_dump_under_a_plain_text_name_is_high_exploitation()
    {
        var finding = Assert.Single(InspectText(Dumps("oab-shell-externalurl-klk.aspx"), "oab.txt"));

        Assert.Equal(("HT-OAB-104", Severity.High, Verdict.Exploitation), (finding.RuleId, finding.Severity, finding.Verdict));
    }

    [Theory]
    [InlineData("http://f/&lt;script language=&quot;JScript&quot; runat=&quot;server&quot;&gt;function Page_Load(){eval(Request[&quot;k&quot;],&quot;unsafe&quot;);}&lt;/script&gt;", "HT-OAB-105", Severity.Low)]
    [InlineData("http://f/%3Cscript%20language=%22JScript%22%20runat=%22server%22%3Eeval(Request[%22k%22],%22unsafe%22)%3C/script%3E", "HT-OAB-105", Severity.Low)]
    [InlineData("http://f/<script>alert(document.domain)</script>", "HT-OAB-104", Severity.High)]
    [InlineData("http://f/<script language=\"JScript\" runat = 'server'>function Page_Load(){eval(Request[\"k\"],\"unsafe\");}</script>", "HT-OAB-101", Severity.Critical)]
    [InlineData("http://f/<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"p\"],\"unsafe\");%>", "HT-OAB-101", Severity.Critical)]
    public void Only_code_that_asp_net_runs_makes_a_dump_a_shell(string externalUrl, string rule, Severity severity)
    {
        string text = Dumps("oab-dump-scriptfree.aspx").Replace(
            "ExternalUrl                     : https://mail.contoso.com/OAB",
            "ExternalUrl                     : " + externalUrl,
            StringComparison.Ordinal);

        var finding = Assert.Single(InspectText(text, "page.aspx"));

        Assert.Equal((rule, severity), (finding.RuleId, finding.Severity));
        Assert.Equal(18, finding.LineNumber);
    }

    [Fact]
    public void Multi_valued_fields_are_joined_from_continuation_lines()
    {
        var dump = ConfigurationDump.TryParse(Dumps("oab-shell-externalurl-klk.aspx"))!;

        var methods = dump.Fields.Single(f => f.Label == "InternalAuthenticationMethods");
        Assert.Equal("OAuth\nWindowsIntegrated", methods.Value);
        Assert.Equal(2, dump.UrlFields().Count());
    }

    [Fact]
    public void Payload_wrapped_onto_its_own_lines_is_still_found()
    {
        string text = Dumps("oab-dump-scriptfree.aspx").Replace(
            "ExternalUrl                     : https://mail.contoso.com/OAB",
            "ExternalUrl                     : http://f/\r\n<script language=\"JScript\" runat=\"server\">\r\nfunction Page_Load(){eval(Request[\"p\"],\"unsafe\");}\r\n</script>",
            StringComparison.Ordinal);

        var finding = Assert.Single(InspectText(text, "a.aspx"));

        Assert.Equal("HT-OAB-101", finding.RuleId);
        Assert.Equal(18, finding.LineNumber);
        Assert.Contains("runat=\"server\"", finding.RawText, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16_dump_with_or_without_bom_is_recognised()
    {
        string text = Dumps("oab-shell-internalurl-otrf.aspx");
        string dir = Path.Combine(Path.GetTempPath(), "ht-u16-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "bom.aspx"), text, new UnicodeEncoding(false, true));
            File.WriteAllBytes(Path.Combine(dir, "nobom.aspx"), Encoding.Unicode.GetBytes(text));
            File.WriteAllText(Path.Combine(dir, "be.aspx"), text, new UnicodeEncoding(true, true));
            foreach (string name in new[] { "bom.aspx", "nobom.aspx", "be.aspx" })
            {
                Assert.Equal("HT-OAB-101", Assert.Single(Inspect(Path.Combine(dir, name), null)).RuleId);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("tree/Program Files/Microsoft/Exchange Server/V15/ClientAccess/ecp/DDI/ResetOABVirtualDirectory.xaml")]
    [InlineData("tree/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/logoff.aspx")]
    [InlineData("tree/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/ecp/auth/TimeoutLogout.aspx")]
    [InlineData("tree/inetpub/wwwroot/iisstart.htm")]
    public void Pages_that_mention_vdir_properties_are_not_dumps(string relative)
    {
        string path = Fixture(relative.Split('/'));

        Assert.Null(ConfigurationDump.TryParse(File.ReadAllText(path)));
        Assert.Empty(Inspect(path, null));
    }

    [Fact]
    public void Too_few_vdir_fields_is_not_a_dump()
    {
        string text = "ExternalUrl                     : http://f/<script runat=\"server\"></script>\r\nInternalAuthenticationMethods   : Ntlm\r\nName : x\r\n";

        Assert.Null(ConfigurationDump.TryParse(text));
    }

    [Fact]
    public void Random_and_mutated_input_never_crashes_or_hangs()
    {
        var random = new Random(20210302);
        string seed = Dumps("oab-shell-obfuscated.aspx");
        const string Alphabet = " :\r\n\t<>\"'%{}()[];=/\\_-abcXYZ0123456789";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 1500; i++)
        {
            var text = new StringBuilder(seed);
            int edits = random.Next(1, 40);
            for (int e = 0; e < edits && text.Length > 0; e++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text.Remove(at, Math.Min(random.Next(1, 50), text.Length - at)); break;
                    case 1: text.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                    default: text[at] = (char)random.Next(0, 0x3000); break;
                }
            }

            string input = i % 5 == 0 ? RandomText(random, random.Next(0, 5000), Alphabet) : text.ToString();
            var dump = ConfigurationDump.TryParse(input);
            if (dump is not null)
            {
                Assert.NotNull(dump.Fields);
                _ = dump.UrlFields().ToList();
            }

            _ = ConfigurationDump.FirstServerSideCodeLine(input, out _);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "parsing 1500 mutated dumps took " + clock.Elapsed);
    }

    private static string RandomText(Random random, int length, string alphabet)
    {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return text.ToString();
    }
}
