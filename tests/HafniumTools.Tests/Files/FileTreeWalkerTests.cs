using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HafniumTools.Files;
using Xunit;

namespace HafniumTools.Tests.Files;

/// <summary>The one walker, as log discovery and the file scans use it.</summary>
public class FileTreeWalkerTests
{
    [Fact]
    public void Entries_carry_size_time_root_and_whether_the_root_named_them()
    {
        using var tree = new TempTree();
        string log = tree.Write("Logging/HttpProxy/Owa/HttpProxy_2021030304-1.LOG", "#Fields: a,b\r\n");
        var written = new DateTime(2021, 3, 3, 4, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(log, written);

        var fromFolder = Assert.Single(FileTreeWalker.Walk([new ScanRoot(tree.Root)]));
        var fromFile = Assert.Single(FileTreeWalker.Walk([new ScanRoot(log)]));

        Assert.Equal((log, 14L, written, tree.Root, false), (fromFolder.Path, fromFolder.Length, fromFolder.ModifiedUtc!.Value, fromFolder.Root, fromFolder.NamedExplicitly));
        Assert.Equal((log, log, true), (fromFile.Path, fromFile.Root, fromFile.NamedExplicitly));
    }

    [Fact]
    public void Unreadable_folders_and_missing_roots_go_to_the_callback_and_the_walk_goes_on()
    {
        using var tree = new TempTree();
        tree.Write("a/one.log", "x");
        tree.Write("b/locked/two.log", "x");
        tree.Write("c/three.log", "x");
        string locked = tree.Full("b/locked");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(locked, UnixFileMode.None);
        }

        bool rootBypassesPermissions = Directory.EnumerateFileSystemEntries(locked).Any();
        var unreadable = new List<(string Path, Exception Error)>();

        var files = FileTreeWalker.Walk(
            [new ScanRoot(tree.Root), new ScanRoot(tree.Full("missing")), new ScanRoot("bad\0name")],
            unreadable: (path, error) => unreadable.Add((path, error))).Select(f => Path.GetFileName(f.Path)).ToList();

        Assert.Equal(rootBypassesPermissions ? ["one.log", "two.log", "three.log"] : ["one.log", "three.log"], files);
        Assert.Contains(unreadable, u => u.Path == tree.Full("missing") && u.Error is DirectoryNotFoundException);
        Assert.Contains(unreadable, u => u.Path == "bad\0name" && u.Error is ArgumentException);
        Assert.Equal(rootBypassesPermissions ? 2 : 3, unreadable.Count);
    }

    [Fact]
    public void Without_the_callback_nothing_unreadable_is_lost()
    {
        using var tree = new TempTree();
        tree.Write("a/one.log", "x");

        var entries = FileTreeWalker.Walk([new ScanRoot(tree.Root), new ScanRoot(tree.Full("missing"))]).ToList();

        Assert.Equal(2, entries.Count);
        Assert.IsType<DirectoryNotFoundException>(entries.Single(e => e.Error is not null).Error);
    }

    [Fact]
    public void Link_loops_are_told_and_not_followed()
    {
        using var tree = new TempTree();
        tree.Write("logs/a.log", "x");
        Directory.CreateSymbolicLink(tree.Full("logs/loop"), tree.Full("logs"));
        var skipped = new List<string>();

        var files = FileTreeWalker.Walk([new ScanRoot(tree.Root)], linkSkipped: skipped.Add).ToList();

        Assert.Equal("a.log", Path.GetFileName(Assert.Single(files).Path));
        Assert.Equal([tree.Full("logs/loop")], skipped);
    }
}
