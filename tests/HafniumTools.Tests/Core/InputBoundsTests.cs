using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HafniumTools.Builds;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Reporting;
using HafniumTools.Tests.Files;
using Xunit;

namespace HafniumTools.Tests.Core;

/// <summary>
/// Walks over input objects stay bounded: a list that contains itself, lists nested far deeper than any stack, and
/// an endless collection each end at once in <see cref="InputTooComplexException"/>, never in a stack overflow or a
/// hang. Every case runs on its own thread with a generous time bound.
/// </summary>
public class InputBoundsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public void Nested_lists_within_the_bounds_give_their_leaves_in_order()
    {
        var inner = new ArrayList { "b", new List<object?> { "c", null } };
        var leaves = InputBounds.Leaves(new object[] { "a", inner, new Uri("https://d/") }, v => v, "its value");

        Assert.Equal(["a", "b", "c", null, new Uri("https://d/")], leaves);
        Assert.Equal(["text"], InputBounds.Leaves("text", v => v, "its value"));
    }

    [Fact]
    public void A_list_that_contains_itself_is_refused()
    {
        var list = new ArrayList { "https://a/oab" };
        list.Add(list);

        var e = RunBounded(() => Assert.Throws<InputTooComplexException>(() => InputBounds.Leaves(list, v => v, "its ExternalUrl property")));

        Assert.Contains("ExternalUrl", e.Message, StringComparison.Ordinal);
        Assert.Contains("contains itself", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_nested_100000_levels_deep_are_refused_without_recursion()
    {
        object current = new ArrayList { "https://evil/x" };
        for (int i = 0; i < 100_000; i++)
        {
            current = new ArrayList { current };
        }

        var e = RunBounded(() => Assert.Throws<InputTooComplexException>(() => InputBounds.Leaves(current, v => v, "its InternalUrl property")));

        Assert.Contains("deeper than " + InputBounds.MaxDepth, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endless_collection_is_refused_after_the_item_bound()
    {
        var e = RunBounded(() => Assert.Throws<InputTooComplexException>(() => InputBounds.Leaves(Endless(), v => v, "its ExternalUrl property", 10_000)));
        var flat = RunBounded(() => Assert.Throws<InputTooComplexException>(() => InputBounds.Items(Endless(), "its Cve property", 10_000)));

        Assert.Contains("more than 10,000 items", e.Message, StringComparison.Ordinal);
        Assert.Contains("Cve", flat.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endless_list_in_an_audit_record_is_refused_when_the_report_reads_it()
    {
        var record = new ObjectRecord(new WithEndlessList());

        RunBounded(() => Assert.Throws<InputTooComplexException>(() => record.Texts(nameof(WithEndlessList.Cve))));
    }

    [Fact]
    public void An_object_that_is_its_own_VersionInfo_is_refused_as_too_deep()
    {
        var reader = new BuildInputReader();

        var e = RunBounded(() => Assert.Throws<InputTooComplexException>(() => reader.Read(new SelfNested())));

        Assert.Contains("VersionInfo", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_cannot_be_listed_is_reported_as_a_folder_even_when_the_path_no_longer_is_one()
    {
        // The walk is lazy: after the root's own file, the subfolder is swapped for a file of the same name, so that
        // listing it fails and a later look at the path finds no folder (what FileScan used to report as FileUnreadable).
        using var tree = new TempTree();
        tree.Write("a.aspx", "<% %>");
        tree.Write(Path.Combine("sub", "b.aspx"), "<% %>");
        var unlisted = new List<(string Path, Exception Error)>();
        using var walk = FileTreeWalker.Walk([new ScanRoot(tree.Root)], unreadable: (p, e) => unlisted.Add((p, e))).GetEnumerator();

        Assert.True(walk.MoveNext());
        Assert.Equal("a.aspx", Path.GetFileName(walk.Current.Path));
        Directory.Delete(tree.Full("sub"), recursive: true);
        File.WriteAllText(tree.Full("sub"), "now a file");
        Assert.False(walk.MoveNext());

        var (path, error) = Assert.Single(unlisted);
        Assert.Equal(tree.Full("sub"), path);
        Assert.IsType<UnlistableFolderException>(error);
        Assert.NotNull(error.InnerException);
    }

    private static IEnumerable Endless()
    {
        while (true)
        {
            yield return "https://x/oab";
        }
    }

    private static T RunBounded<T>(Func<T> action)
    {
        // A thread of its own with a large stack is not given: a recursive walk must fail here as it fails in pwsh.
        var task = Task.Run(action);
        Assert.True(task.Wait(Bound), "Did not finish within " + Bound.TotalSeconds + " s: the walk did not stop.");
        return task.Result;
    }

    private sealed class WithEndlessList
    {
        public IEnumerable Cve => Endless();
    }

    private sealed class SelfNested : IInputObject
    {
        public bool IsPropertyBag => true;

        public string Text => "self";

        public object? Get(string name) => name == "VersionInfo" ? this : null;

        public bool IsOfType(string suffix) => false;
    }
}
