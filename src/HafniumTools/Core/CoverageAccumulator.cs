using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Core;

/// <summary>
/// Adds what each file (or live source) of a scan gave up into one <see cref="ScanCoverage"/> per server, category
/// and source: the one place where files, bytes, records, first and last times, unreadable and skipped files are
/// counted, for logs and file scans alike.
/// </summary>
internal sealed class CoverageAccumulator
{
    private readonly Dictionary<(string Computer, FindingCategory Category, string Source), Group> _groups = new(new KeyComparer());

    /// <summary>One file read (in full or in part).</summary>
    public void Read(string computerName, FindingCategory category, string source, long bytes, long records, DateTime? first, DateTime? last)
    {
        var group = GroupFor(computerName, category, source);
        group.Files++;
        group.Bytes += bytes;
        group.Records += records;
        group.Widen(first, last);
    }

    /// <summary>One file that could not be read.</summary>
    public void Unreadable(string computerName, FindingCategory category, string source, string path, long bytesRead = 0)
    {
        var group = GroupFor(computerName, category, source);
        group.Files++;
        group.Bytes += bytesRead;
        group.Unreadable.Add(path);
    }

    /// <summary>One file left unread on purpose, and why.</summary>
    public void Skipped(string computerName, FindingCategory category, string source, string path, string reason)
    {
        var group = GroupFor(computerName, category, source);
        group.Files++;
        group.Skipped.Add(path + " (" + reason + ")");
    }

    /// <summary>
    /// A file already counted by <see cref="Read"/> that was read only in part (a line skipped, data cut): listed
    /// among the skipped files with why, its rows still counted.
    /// </summary>
    public void ReadInPart(string computerName, FindingCategory category, string source, string path, string reason) =>
        GroupFor(computerName, category, source).Skipped.Add(path + " (read in part: " + reason + ")");

    /// <summary>True when no file at all was counted.</summary>
    public bool IsEmpty => _groups.Count == 0;

    /// <summary>Files counted as read (not unreadable, not skipped) over every group.</summary>
    public int FilesRead => _groups.Values.Sum(g => g.Files - g.Unreadable.Count - g.Skipped.Count);

    public IReadOnlyList<ScanCoverage> Build() =>
        _groups
            .OrderBy(g => g.Key.Computer, StringComparer.OrdinalIgnoreCase)
            .ThenBy(g => g.Key.Category)
            .ThenBy(g => g.Key.Source, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ScanCoverage(g.Key.Computer, g.Key.Category, g.Key.Source)
            {
                FirstTimestamp = g.Value.First,
                LastTimestamp = g.Value.Last,
                Files = g.Value.Files,
                Bytes = g.Value.Bytes,
                Lines = g.Value.Records,
                UnreadableFiles = g.Value.Unreadable.Count,
                UnreadablePaths = new TextList(g.Value.Unreadable.OrderBy(p => p, StringComparer.OrdinalIgnoreCase)),
                SkippedFiles = g.Value.Skipped.Count,
                SkippedPaths = new TextList(g.Value.Skipped.OrderBy(p => p, StringComparer.OrdinalIgnoreCase)),
            })
            .ToList();

    private Group GroupFor(string computerName, FindingCategory category, string source)
    {
        var key = (computerName ?? string.Empty, category, source ?? string.Empty);
        if (!_groups.TryGetValue(key, out var group))
        {
            _groups[key] = group = new Group();
        }

        return group;
    }

    private sealed class Group
    {
        public int Files { get; set; }

        public long Bytes { get; set; }

        public long Records { get; set; }

        public DateTime? First { get; private set; }

        public DateTime? Last { get; private set; }

        public List<string> Unreadable { get; } = [];

        public List<string> Skipped { get; } = [];

        public void Widen(DateTime? first, DateTime? last)
        {
            if (first is DateTime f && (First is null || f < First))
            {
                First = f;
            }

            if (last is DateTime l && (Last is null || l > Last))
            {
                Last = l;
            }
        }
    }

    private sealed class KeyComparer : IEqualityComparer<(string Computer, FindingCategory Category, string Source)>
    {
        public bool Equals((string Computer, FindingCategory Category, string Source) x, (string Computer, FindingCategory Category, string Source) y) =>
            x.Category == y.Category
            && StringComparer.OrdinalIgnoreCase.Equals(x.Computer, y.Computer)
            && StringComparer.OrdinalIgnoreCase.Equals(x.Source, y.Source);

        public int GetHashCode((string Computer, FindingCategory Category, string Source) key) =>
            (StringComparer.OrdinalIgnoreCase.GetHashCode(key.Computer) * 397)
            ^ ((int)key.Category * 31)
            ^ StringComparer.OrdinalIgnoreCase.GetHashCode(key.Source);
    }
}
