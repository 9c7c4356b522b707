using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HafniumTools.Files;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Files;

/// <summary>
/// Web shells hidden by Microsoft's Script Encoder (VBScript.Encode / JScript.Encode, the #@~^…^#~@ format): decoded
/// before the page analysis, judged by their decoded sink; the encoding alone stays a Low lead; damaged blocks never
/// crash the scan.
/// </summary>
public class ScriptEncoderTests
{
    private const string VbShell =
        "Dim cmd\r\ncmd = Request.Form(\"c\")\r\nSet sh = Server.CreateObject(\"WScript.Shell\")\r\n"
        + "Set ex = sh.Exec(\"cmd.exe /c \" & cmd)\r\nResponse.Write(\"<pre>\" & Server.HTMLEncode(ex.StdOut.ReadAll()) & \"</pre>\")\r\n";

    private const string JsShell = "function Page_Load(){eval(Request.Item[\"z\"],\"unsafe\");}";

    private static readonly WebShellScanner Scanner = new();

    private static IReadOnlyList<Finding> Judge(string name, string content) =>
        Scanner.Classify(FileFixtures.AspnetClient + @"system_web\" + name, content);

    [Theory]
    [InlineData(VbShell)]
    [InlineData(JsShell)]
    [InlineData("Tabs\tand <tags> and @ signs @& and every printable: !\"#$%&'()*+,-./0123456789:;=?ABCXYZ[\\]^_`abcxyz{|}~\r\nnon-ASCII é ü 中")]
    public void Decoding_round_trips_what_the_encoder_wrote(string script)
    {
        string encoded = ScreencEncoder.Encode(script);

        var page = ScriptEncoder.DecodePage("<%" + encoded + "%>");

        Assert.NotNull(page);
        var block = Assert.Single(page!.Blocks);
        Assert.Equal("<%" + script + "%>", page.Text);
        Assert.True(block.Closed);
        Assert.True(block.ChecksumMatches);
        Assert.DoesNotContain("Request", encoded, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encoded_vbscript_shell_page_is_found_at_its_decoded_sink_with_the_decoding_noted()
    {
        string page = "<%@ Language=\"VBScript.Encode\" %>\r\n<html><body>\r\n<%" + ScreencEncoder.Encode(VbShell) + "%>\r\n</body></html>\r\n";

        var findings = Judge("error.asp", page);

        var shell = Assert.Single(findings, f => f.RuleId == WebShellRules.CommandRunner.Id);
        Assert.Equal(Verdict.Compromise, shell.Verdict);
        Assert.Equal(Severity.Critical, shell.Severity);
        Assert.Equal(3, shell.LineNumber);
        Assert.Contains("decoded from VBScript.Encode", shell.Detail, StringComparison.Ordinal);
        var lead = Assert.Single(findings, f => f.RuleId == WebShellRules.EncodedScript.Id);
        Assert.Equal(Severity.Low, lead.Severity);
        Assert.Contains("checksums verified", lead.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encoded_jscript_server_script_element_is_found_as_an_eval_shell()
    {
        string page = "<%@ Page Language=\"Jscript\"%>\r\n<script language=\"JScript.Encode\" runat=\"server\">" + ScreencEncoder.Encode(JsShell) + "</script>\r\n";

        var findings = Judge("help.aspx", page);

        var shell = Assert.Single(findings, f => f.Verdict == Verdict.Compromise && f.Severity == Severity.Critical);
        Assert.Contains("JScript.Encode", shell.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encoded_benign_page_stays_below_medium()
    {
        const string Benign =
            "Dim greeting\r\ngreeting = \"Welcome to the intranet\"\r\nIf Hour(Now()) < 12 Then greeting = \"Good morning\"\r\n"
            + "Response.Write(\"<h1>\" & Server.HTMLEncode(greeting) & \"</h1>\")\r\n"
            + "Set fso = Server.CreateObject(\"Scripting.FileSystemObject\")\r\nSet f = fso.OpenTextFile(Server.MapPath(\"news.txt\"), 1)\r\nResponse.Write(f.ReadAll())\r\n";
        string page = "<%@ Language=VBScript.Encode %>\r\n<html><body><%" + ScreencEncoder.Encode(Benign) + "%>\r\n"
            + "<script language=\"VBScript.Encode\">" + ScreencEncoder.Encode("MsgBox \"client side\"") + "</script></body></html>\r\n";

        var findings = Judge("default.asp", page);

        Assert.Contains(findings, f => f.RuleId == WebShellRules.EncodedScript.Id);
        Assert.All(findings, f => Assert.True(f.Severity < Severity.Medium, f.ToString()));
    }

    [Fact]
    public void Damaged_blocks_decode_without_a_crash()
    {
        string encoded = ScreencEncoder.Encode(VbShell);
        var random = new Random(11);
        var damaged = new List<string>
        {
            "<%#@~^%>",
            "<%#@~^^#~@%>",
            "<%#@~^ZZZZZZ==abc^#~@%>",
            "<%#@~^AAAAAA==^#~@%>",
            "<%" + encoded.Substring(0, encoded.Length / 2),
            "<%" + encoded.Replace("==", "=!", StringComparison.Ordinal) + "%>",
            "<%" + string.Concat(Enumerable.Repeat(ScriptEncoder.BlockStart, 50)) + "%>",
            "<%" + encoded.Substring(0, 12) + "@" + "%>",
        };
        foreach (string page in damaged)
        {
            Assert.NotNull(ScriptEncoder.DecodePage(page));
        }

        for (int i = 0; i < 50; i++)
        {
            var chars = ("<%" + encoded + "%>").ToCharArray();
            for (int j = 0; j < 5; j++)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 0x3000);
            }

            damaged.Add(new string(chars));
        }

        foreach (string page in damaged)
        {
            var findings = Judge("x.asp", page);
            Assert.All(findings, f => Assert.False(string.IsNullOrEmpty(f.RuleId)));
        }
    }

    [Fact]
    public void A_block_whose_length_header_lies_is_decoded_to_its_end_marker()
    {
        string encoded = ScreencEncoder.Encode(VbShell);
        string lying = ScriptEncoder.BlockStart + Convert.ToBase64String(BitConverter.GetBytes(5u)) + encoded.Substring(12);

        var page = ScriptEncoder.DecodePage("<%" + lying + "%>");

        Assert.Contains("sh.Exec", page!.Text, StringComparison.Ordinal);
        Assert.True(page.Blocks[0].ChecksumMatches);
    }
}
