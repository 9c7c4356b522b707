using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HafniumTools.Core;
using HafniumTools.Files;
using Xunit;

namespace HafniumTools.Tests.Files;

/// <summary>
/// Pages built to make the server-code analysis slow: tens of thousands of functions calling each other, procedures
/// without an end, functions each reading the request, unclosed comments. Each analysis stays linear (or stops at its
/// time limit and says so), still finds the real sink, and stops promptly when cancelled.
/// </summary>
public class HostilePageTests
{
    // Generous for a shared two-core machine: the quadratic analysis took minutes on these pages.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    // Only the names are test data (the pages are megabytes, which would make the test names unreadable).
    public static TheoryData<string> SlowShapes() => ["chain.aspx", "deep-sink.aspx", "procedures.aspx", "readers.aspx", "comments.aspx"];

    [Theory]
    [MemberData(nameof(SlowShapes))]
    public void A_multi_megabyte_page_of_many_functions_is_analysed_in_bounded_time_and_its_sink_found(string name)
    {
        string page = name switch
        {
            "chain.aspx" => CSharpHelperChain(40_000),
            "deep-sink.aspx" => CSharpSinkAtTheEndOfAChain(40_000),
            "procedures.aspx" => VbProceduresWithoutEnd(40_000),
            "readers.aspx" => JScriptFunctionsReadingInput(40_000),
            _ => JScriptWithUnclosedComments(2_000_000),
        };
        Assert.True(page.Length > 1_000_000);
        var clock = Stopwatch.StartNew();

        var hits = ServerCodeAnalyzer.Analyze(page, "inetpub/wwwroot/aspnet_client/" + name, ServerCodeAnalyzer.MaxAnalysisTime, CancellationToken.None, out string? incomplete);

        Assert.True(clock.Elapsed < Bound, name + " took " + clock.Elapsed);
        Assert.Null(incomplete);
        Assert.Contains(hits, h => h.Rule == WebShellRules.CommandRunner || h.Rule == WebShellRules.EvalOfRequestInput);
        if (name == "deep-sink.aspx")
        {
            // Found through all the helpers, at its own place (the first helper), not at the request.
            Assert.Contains(hits, h => h.Rule == WebShellRules.CommandRunner && h.Offset < page.IndexOf("string f1(", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_page_that_needs_more_than_the_time_limit_is_reported_as_not_fully_analysed()
    {
        string page = ManyUnclosedEvals(1_000_000);
        var clock = Stopwatch.StartNew();

        ServerCodeAnalyzer.Analyze(page, "a.aspx", TimeSpan.FromMilliseconds(200), CancellationToken.None, out string? incomplete);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "took " + clock.Elapsed);
        Assert.NotNull(incomplete);
        Assert.Contains("not fully analysed", incomplete, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_slow_analysis_stops_it_within_a_second()
    {
        string page = ManyUnclosedEvals(1_000_000);
        using var cancel = new CancellationTokenSource();
        var analysis = Task.Run(() => ServerCodeAnalyzer.Analyze(page, "a.aspx", TimeSpan.FromMinutes(10), cancel.Token, out _));
        await Task.Delay(500);
        Assert.False(analysis.IsCompleted, "the page was meant to take longer than half a second");
        var clock = Stopwatch.StartNew();
        cancel.Cancel();

        var finished = await Task.WhenAny(analysis, Task.Delay(TimeSpan.FromSeconds(10)));
        var took = clock.Elapsed;

        Assert.Same(analysis, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => analysis);
        Assert.True(took < TimeSpan.FromSeconds(1.5), "stopping took " + took);
    }

    [Fact]
    public void The_scan_names_a_page_it_could_not_fully_analyse_with_a_warning()
    {
        using var tree = new TempTree();
        string path = tree.Write("inetpub/wwwroot/aspnet_client/pagex.aspx", "<%@ Page Language=\"C#\" %><% System.Diagnostics.Process.Start(\"cmd.exe\", Request[\"c\"]); %>");
        var sink = new RecordingSink();

        FileScan.WebShells([new ScanRoot(tree.Root)], new FileScanOptions { MaxAnalysisTime = TimeSpan.Zero }, sink, CancellationToken.None);

        var warning = Assert.Single(sink.ProblemsWith(ErrorIds.ContentAnalysisIncomplete));
        Assert.Equal(ProblemLevel.Warning, warning.Level);
        Assert.Equal(path, warning.Target);
        Assert.Equal(1, sink.SingleCoverage.Files);
        Assert.Equal(0, sink.SingleCoverage.SkippedFiles);
        Assert.Contains(sink.Findings, f => f.Path == path && f.RuleId == WebShellRules.PageInAspnetClient.Id);
    }

    [Fact]
    public void A_file_link_in_a_scanned_tree_is_never_followed_and_is_named_with_a_warning()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // creating a symbolic link needs a privilege there
        }

        using var outside = new TempTree();
        string target = outside.Write("secret/evil.aspx", "<%@ Page Language=\"JScript\" %><% eval(Request.Item[\"outside\"], \"unsafe\"); %>");
        using var tree = new TempTree();
        tree.Write("inetpub/wwwroot/aspnet_client/real.aspx", "<%@ Page Language=\"JScript\" %><% eval(Request.Item[\"inside\"], \"unsafe\"); %>");
        string link = tree.Full("inetpub/wwwroot/aspnet_client/link.aspx");
        File.CreateSymbolicLink(link, target);
        var sink = new RecordingSink();

        FileScan.WebShells([new ScanRoot(tree.Root)], new FileScanOptions(), sink, CancellationToken.None);

        var warning = Assert.Single(sink.ProblemsWith(ErrorIds.LinkNotFollowed));
        Assert.Equal(link, warning.Target);
        Assert.Single(sink.Findings, f => f.RuleId == WebShellRules.EvalOfRequestInput.Id);
        Assert.DoesNotContain(sink.Findings, f => f.RawText?.Contains("outside", StringComparison.Ordinal) == true);
        Assert.Equal([link + " (Link)"], sink.SingleCoverage.SkippedPaths.ToArray());

        // The opener itself refuses a link unless the user named it.
        Assert.Throws<LinkNotFollowedException>(() => EvidenceFile.OpenRead(link, followLinks: false));
        Assert.Throws<LinkNotFollowedException>(() => EvidenceFile.Read(link, 1024, out _, out _, followLinks: false));
        using var named = EvidenceFile.OpenRead(link, followLinks: true);
        Assert.True(named.ReadByte() >= 0);
    }

    [Fact]
    public void A_page_that_cannot_be_read_is_an_error_and_keeps_its_name_and_location_findings()
    {
        using var tree = new TempTree();
        string gone = tree.Write("inetpub/wwwroot/aspnet_client/shell.aspx", "<% %>");
        var candidate = FileCandidate.FromFile(new FileInfo(gone));
        File.Delete(gone);

        var judgement = new WebShellScanner().Scan(candidate);

        Assert.IsType<FileNotFoundException>(judgement.Error);
        Assert.Contains(judgement.Findings, f => f.RuleId == WebShellRules.KnownShellName.Id && f.Path == gone);
    }

    private static string CSharpHelperChain(int functions)
    {
        var page = new StringBuilder("<%@ Page Language=\"C#\" %>\n<script runat=\"server\">\nstring f0(string a){ return a; }\n");
        for (int i = 1; i < functions; i++)
        {
            page.Append("string f").Append(i).Append("(string a){ return f").Append(i - 1).Append("(a); }\n");
        }

        return page.Append("void Page_Load(object s, EventArgs e){ System.Diagnostics.Process.Start(f").Append(functions - 1).Append("(Request[\"c\"])); }\n</script>\n").ToString();
    }

    // The sink sits in the first helper; the request reaches it only through every other one.
    private static string CSharpSinkAtTheEndOfAChain(int functions)
    {
        var page = new StringBuilder("<%@ Page Language=\"C#\" %>\n<script runat=\"server\">\nstring f0(string a){ System.Diagnostics.Process.Start(\"cmd.exe\", a); return a; }\n");
        for (int i = 1; i < functions; i++)
        {
            page.Append("string f").Append(i).Append("(string a){ return f").Append(i - 1).Append("(a); }\n");
        }

        return page.Append("void Page_Load(object s, EventArgs e){ string c = Request[\"c\"]; f").Append(functions - 1).Append("(c); }\n</script>\n").ToString();
    }

    private static string VbProceduresWithoutEnd(int procedures)
    {
        var page = new StringBuilder("<%@ Page Language=\"VB\" %>\n<script runat=\"server\">\n");
        for (int i = 1; i < procedures; i++)
        {
            page.Append("Function f").Append(i).Append("(a)\n  f").Append(i - 1).Append(" = a\n");
        }

        return page.Append("Sub Page_Load()\n  CreateObject(\"WScript.Shell\").Run(Request(\"c\"))\nEnd Sub\n</script>\n").ToString();
    }

    private static string JScriptFunctionsReadingInput(int functions)
    {
        var page = new StringBuilder("<%@ Page Language=\"JScript\" %>\n<script runat=\"server\">\n");
        for (int i = 1; i < functions; i++)
        {
            page.Append("function f").Append(i).Append("(x){ var y = Request.Item[\"p").Append(i).Append("\"]; return f").Append(i + 1).Append("(x); }\n");
        }

        return page.Append("function run(x){ eval(x, \"unsafe\"); }\nrun(Request.Item[\"c\"]);\n</script>\n").ToString();
    }

    private static string JScriptWithUnclosedComments(int comments) =>
        "<%@ Page Language=\"JScript\" %>\n<script runat=\"server\">\nvar s = \"a\" + \"b\";\nfunction run(x){ eval(x, \"unsafe\"); }\nrun(Request.Item[\"c\"]);\n"
        + string.Concat(Enumerable.Repeat("/* ", comments)) + "\n</script>\n";

    private static string ManyUnclosedEvals(int evals) =>
        "<%@ Page Language=\"JScript\" %>\n<script runat=\"server\">\nvar q = Request.Item[\"q\"];\n" + string.Concat(Enumerable.Repeat("eval(", evals)) + "\n</script>\n";
}
