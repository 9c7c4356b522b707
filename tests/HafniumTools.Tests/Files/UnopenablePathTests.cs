using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Core;
using HafniumTools.Files;
using Xunit;

namespace HafniumTools.Tests.Files;

/// <summary>
/// Linux evidence copies hold entries .NET lists but cannot open by name: names that are not valid UTF-8 and paths
/// longer than 4,096 bytes. Neither is ever lost silently: each file is unreadable in the coverage with an error that
/// says why (its name and location still judged), each folder an error naming it and saying that nothing below it
/// was scanned. Built with the shell, since .NET itself cannot create them.
/// </summary>
public class UnopenablePathTests
{
    private const string Chopper = "<%@ Page Language=\"JScript\" %><% eval(Request.Item[\"z\"], \"unsafe\"); %>";

    [Fact]
    public void Names_that_are_not_valid_UTF8_are_named_in_errors_and_in_the_coverage()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        tree.Write("inetpub/wwwroot/aspnet_client/fine.aspx", Chopper);
        string folder = tree.Full("inetpub/wwwroot/aspnet_client");
        Shell(folder, "printf '%s' \"$1\" > \"$(printf 'she\\377ll.aspx')\" && mkdir \"$(printf 'd\\376')\" && printf '%s' \"$1\" > \"$(printf 'd\\376')/inner.aspx\"");
        try
        {
            var sink = new RecordingSink();

            FileScan.WebShells([new ScanRoot(tree.Root)], new FileScanOptions(), sink, CancellationToken.None);

            var fileError = Assert.Single(sink.ProblemsWith(ErrorIds.FileUnreadable));
            Assert.Contains("not valid UTF-8", fileError.Message, StringComparison.Ordinal);
            Assert.EndsWith("she\uFFFDll.aspx", (string)fileError.Target!, StringComparison.Ordinal);
            var folderError = Assert.Single(sink.ProblemsWith(ErrorIds.FolderUnreadable));
            Assert.Contains("everything below it", folderError.Message, StringComparison.Ordinal);
            Assert.EndsWith("d\uFFFD", (string)folderError.Target!, StringComparison.Ordinal);
            Assert.Equal(1, sink.SingleCoverage.UnreadableFiles);
            Assert.Contains(sink.Findings, f => f.Path!.EndsWith("she\uFFFDll.aspx", StringComparison.Ordinal) && f.RuleId == WebShellRules.PageInAspnetClient.Id);
            Assert.Contains(sink.Findings, f => f.Path!.EndsWith("fine.aspx", StringComparison.Ordinal) && f.RuleId == WebShellRules.EvalOfRequestInput.Id);
            Assert.Empty(sink.ProblemsWith(ErrorIds.LinkNotFollowed));
        }
        finally
        {
            // .NET cannot delete what it cannot name; the shell can.
            Shell(folder, "rm -rf \"$(printf 'she\\377ll.aspx')\" \"$(printf 'd\\376')\"");
        }
    }

    [Fact]
    public void A_subtree_deeper_than_the_longest_openable_path_is_named_in_an_error()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        tree.Write("inetpub/wwwroot/aspnet_client/top.aspx", Chopper);
        string folder = tree.Full("inetpub/wwwroot/aspnet_client");
        string segment = new('x', 240);
        try
        {
            Shell(folder, "for i in $(seq 10 29); do mkdir d${i}" + segment + " && cd -P d${i}" + segment + " || exit 1; done; printf '%s' \"$1\" > deep.aspx");
            var sink = new RecordingSink();

            FileScan.WebShells([new ScanRoot(tree.Root)], new FileScanOptions(), sink, CancellationToken.None);

            Assert.True(sink.ProblemsWith(ErrorIds.FolderUnreadable).Count == 1, string.Join("\n", sink.Problems.Select(p => p.ErrorId + " " + p.Message)));
            var error = sink.ProblemsWith(ErrorIds.FolderUnreadable)[0];
            Assert.Contains("longer than the 4096 bytes", error.Message, StringComparison.Ordinal);
            Assert.Contains("everything below it", error.Message, StringComparison.Ordinal);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount((string)error.Target!) >= UnopenablePathException.MaxNativePathBytes);
            Assert.Contains(sink.Findings, f => f.Path!.EndsWith("top.aspx", StringComparison.Ordinal) && f.RuleId == WebShellRules.EvalOfRequestInput.Id);
            Assert.Empty(sink.ProblemsWith(ErrorIds.LinkNotFollowed));
            Assert.DoesNotContain(sink.Problems, p => p.Level == ProblemLevel.Verbose && p.Message.Contains("symbolic link", StringComparison.Ordinal));
        }
        finally
        {
            // .NET cannot delete what it cannot name; the shell can.
            Shell(folder, "rm -rf d10" + segment);
        }
    }

    private static void Shell(string folder, string script)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", script, "sh", Chopper]) { WorkingDirectory = folder, UseShellExecute = false };
        using var shell = Process.Start(start)!;
        shell.WaitForExit();
        Assert.Equal(0, shell.ExitCode);
    }
}
