using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HafniumTools.Builds;
using HafniumTools.Files;
using Xunit;

namespace HafniumTools.Tests.Files;

/// <summary>
/// Entries an attacker can leave in an evidence tree that are not regular files (FIFOs, devices, links to them):
/// never opened, never a hang, always reported with their kind. Needs a platform with FIFOs (Linux).
/// </summary>
public class HostileFileTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_walk_skips_fifos_devices_and_links_to_them_and_names_each_with_its_kind()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        tree.Write("inetpub/wwwroot/aspnet_client/real.aspx", "<%@ Page %>");
        string fifo = MakeFifo(tree.Full("inetpub/wwwroot/aspnet_client/pipe.aspx"));
        File.CreateSymbolicLink(tree.Full("inetpub/wwwroot/aspnet_client/zero.aspx"), "/dev/zero");
        File.CreateSymbolicLink(tree.Full("inetpub/wwwroot/aspnet_client/tofifo.aspx"), fifo);

        var unreadable = new List<(string Path, Exception Error)>();
        var entries = RunBounded(() => FileTreeWalker.Walk([new ScanRoot(tree.Root)], unreadable: (p, e) => unreadable.Add((p, e))).ToList());
        var files = entries.Where(f => f.Error is null).ToList();
        var problems = entries.Where(f => f.Error is not null).Select(f => (f.Path, Error: f.Error!)).ToList();

        Assert.Empty(unreadable);
        Assert.Equal(["real.aspx"], files.Select(f => Path.GetFileName(f.Path)));
        Assert.Equal(["pipe.aspx", "tofifo.aspx", "zero.aspx"], problems.Select(p => Path.GetFileName(p.Path)).Order(StringComparer.Ordinal));
        var kinds = problems.ToDictionary(p => Path.GetFileName(p.Path), p => Assert.IsType<NotARegularFileException>(p.Error).Kind);
        Assert.Equal(FileKind.Fifo, kinds["pipe.aspx"]);
        Assert.Equal(FileKind.Fifo, kinds["tofifo.aspx"]);
        Assert.Equal(FileKind.CharacterDevice, kinds["zero.aspx"]);
        Assert.Contains("a FIFO (named pipe)", problems.First(p => p.Path == fifo).Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_a_fifo_or_a_device_fails_at_once_instead_of_blocking()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        string fifo = MakeFifo(tree.Full("pipe.log"));
        Assert.Equal(FileKind.Fifo, RunBounded(() => Assert.Throws<NotARegularFileException>(() => EvidenceFile.OpenRead(fifo)).Kind));
        Assert.Equal(FileKind.CharacterDevice, RunBounded(() => Assert.Throws<NotARegularFileException>(() => EvidenceFile.OpenRead("/dev/zero")).Kind));
        Assert.Equal(FileKind.RegularFile, EvidenceFile.KindOf(tree.Write("a.log", "x")));
    }

    [Fact]
    public void A_catalog_path_that_is_a_fifo_or_dev_zero_is_refused_quickly()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        string fifo = MakeFifo(tree.Full("catalog.json"));
        RunBounded(() => Assert.Throws<NotARegularFileException>(() => BuildCatalog.Load(fifo)));
        RunBounded(() => Assert.Throws<NotARegularFileException>(() => BuildCatalog.Load("/dev/zero")));
    }

    [Fact]
    public void A_catalog_longer_than_the_cap_is_refused_without_reading_it_all()
    {
        using var tree = new TempTree();
        string big = tree.Full("big.json");
        using (var stream = File.Create(big))
        {
            stream.SetLength(BuildCatalog.MaxFileBytes + 1);
        }

        var error = Assert.Throws<InvalidDataException>(() => BuildCatalog.Load(big));
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_evidence_leaves_its_access_time_alone()
    {
        using var tree = new TempTree();
        string path = tree.Write("inetpub/wwwroot/aspnet_client/s.aspx", "<%@ Page Language=\"C#\" %><% Response.Write(\"x\"); %>");
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastAccessTimeUtc(path, old); // older than the last write: relatime would update it on the next read

        EvidenceFile.Read(path, 1 << 20, out int count, out _);
        using (var stream = EvidenceFile.OpenRead(path))
        {
            Assert.True(stream.ReadByte() >= 0);
        }

        Assert.True(count > 0);
        Assert.Equal(old, File.GetLastAccessTimeUtc(path));
    }

    private static string MakeFifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    // A hang fails the test instead of the whole run.
    private static T RunBounded<T>(Func<T> action)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(Bound), "Did not finish within " + Bound.TotalSeconds + " s: a read blocked.");
        return task.Result;
    }
}
