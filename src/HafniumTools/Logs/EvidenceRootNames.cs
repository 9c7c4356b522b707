using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// Gives every finding and coverage of one evidence root one server name, by the module's one convention
/// (<see cref="ServerNames"/>: the FQDN where the evidence gives it, the short name otherwise). An evidence root is the
/// folder a server's copy hangs from: the folder above a copied install or <c>inetpub</c>
/// (<c>case/C/Program Files/Microsoft/Exchange Server/V15/Logging</c> → <c>case</c>), else the folder the user gave
/// that holds the file. Rows that do not name their server (HttpProxy rows without <c>ServerHostName</c>, reports,
/// exported lists) take the name the other logs of the same root state (HttpProxy <c>ServerHostName</c>, ECP
/// <c>ServerName</c>, IIS <c>s-computername</c>, an event's <c>Computer</c>) when they state exactly one server; else
/// the triage layout's name, else the hunt's default. A root's findings wait until all its files are read, then leave
/// named; files of no root (live logs) pass straight through. The wait is bounded: when more than
/// <see cref="DefaultMaxHeld"/> findings wait, the root holding most decides its names with what its files stated so
/// far and from then on names its findings as they come, with the same names (one name per server within a root,
/// memory that does not grow with the number of findings).
/// </summary>
internal sealed class EvidenceRootNames
{
    /// <summary>How many findings may wait for their names, across roots, before the largest root decides early.</summary>
    public const int DefaultMaxHeld = 20_000;

    private readonly Dictionary<string, (Root Root, string? Fallback, bool Strong)> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly List<Root> _roots = [];
    private readonly int _maxHeld;
    private int _held;

    /// <summary>Groups <paramref name="files"/> by evidence root; <paramref name="defaultComputerName"/> is the hunt's name for what nothing names.</summary>
    public EvidenceRootNames(IReadOnlyList<string> requestPaths, IReadOnlyList<LogFileEntry> files, string? defaultComputerName, int maxHeld = DefaultMaxHeld)
    {
        _maxHeld = Math.Max(1, maxHeld);
        var roots = new Dictionary<string, Root>(StringComparer.OrdinalIgnoreCase);
        var layoutRoots = new List<string[]>();
        var keys = new string?[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            if (LayoutRoot(files[i].Path) is { } layout)
            {
                layoutRoots.Add(layout);
                keys[i] = Key(layout);
            }
        }

        var given = (requestPaths ?? []).Select(LogLocation.Segments).ToList();
        for (int i = 0; i < files.Count; i++)
        {
            var file = files[i];
            string key = keys[i] ?? Key(OwningFolder(LogLocation.Segments(file.Path), layoutRoots, given));
            if (!roots.TryGetValue(key, out var root))
            {
                roots[key] = root = new Root();
                _roots.Add(root);
            }

            root.Pending++;

            // A report named after its server (EX01-Cve-2021-26855.csv) keeps that name; a name only the folders suggest
            // (the folder above a copied install) or the hunt's default gives way to what the root's logs state.
            string? named = LogLocation.ReportServerName(file.Path);
            _files[file.Path] = (root, named ?? LogLocation.ComputerNameFromPath(file.Path) ?? defaultComputerName, named is not null);
        }
    }

    /// <summary>
    /// Takes <paramref name="finding"/> of <paramref name="file"/>: what is to be reported now, named (the finding
    /// itself for a live log; nothing while its root is being read; a root's waiting findings when the bound made it
    /// decide; the finding, named, once its root has decided).
    /// </summary>
    public IReadOnlyList<Finding> Take(LogFileEntry? file, Finding finding)
    {
        if (file is null || !_files.TryGetValue(file.Path, out var entry) || _done.Contains(file.Path))
        {
            return [finding];
        }

        var item = new Item(entry.Fallback, entry.Strong, finding, null, null);
        if (entry.Root.Decided)
        {
            return [entry.Root.Name(item)!];
        }

        entry.Root.Held.Add(item);
        entry.Root.HeldFindings++;
        if (++_held <= _maxHeld)
        {
            return [];
        }

        var largest = _roots.OrderByDescending(r => r.HeldFindings).First();
        _held -= largest.HeldFindings;
        return largest.Release();
    }

    /// <summary>
    /// One file done: <paramref name="statedName"/> is the server its records name (null when they name none),
    /// <paramref name="count"/> counts it in coverage once its name is known. When it was its root's last file, the
    /// root's findings are returned, named (a file of no root is counted at once, under <paramref name="liveName"/>).
    /// </summary>
    public IReadOnlyList<Finding> Finished(LogFileEntry? file, string? statedName, string liveName, Action<string> count)
    {
        if (file is null || !_files.TryGetValue(file.Path, out var entry) || !_done.Add(file.Path))
        {
            count(liveName);
            return [];
        }

        var root = entry.Root;
        root.Learn(statedName, stated: true);
        root.Learn(entry.Fallback, stated: false);
        var item = new Item(entry.Fallback, entry.Strong, null, statedName, count);
        if (root.Decided)
        {
            root.Pending--;
            root.Name(item);
            return [];
        }

        root.Held.Add(item);
        if (--root.Pending > 0)
        {
            return [];
        }

        _held -= root.HeldFindings;
        return root.Release();
    }

    /// <summary>Releases every root still waiting (files that never reported their end), named with what is known.</summary>
    public IReadOnlyList<Finding> Flush()
    {
        var named = new List<Finding>();
        foreach (var root in _roots.Where(r => r.Held.Count > 0))
        {
            root.Pending = 0;
            _held -= root.HeldFindings;
            named.AddRange(root.Release());
        }

        return named;
    }

    // The folder above a copied install's Logging (or inetpub), past the install's own folders and a drive's folder.
    private static string[]? LayoutRoot(string path)
    {
        var segments = LogLocation.Segments(path);
        int anchor = LastIndex(segments, "Logging");
        if (anchor < 0)
        {
            anchor = LastIndex(segments, "inetpub");
        }

        if (anchor < 0)
        {
            return null;
        }

        int above = anchor - 1;
        while (above >= 0 && LogLocation.IsInstallOrDriveFolder(segments[above]))
        {
            above--;
        }

        return segments.Take(above + 1).ToArray();
    }

    // A file with no install layout belongs to the deepest layout root above it, else to the deepest folder the user
    // gave that holds it, else (a file the user named) to its own folder.
    private static string[] OwningFolder(string[] file, List<string[]> layoutRoots, List<string[]> given) =>
        layoutRoots.Concat(given).Where(r => r.Length < file.Length && IsPrefix(r, file)).OrderByDescending(r => r.Length).FirstOrDefault()
        ?? file.Take(Math.Max(0, file.Length - 1)).ToArray();

    private static bool IsPrefix(string[] prefix, string[] path)
    {
        for (int i = 0; i < prefix.Length; i++)
        {
            if (!string.Equals(prefix[i], path[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static string Key(string[] segments) => string.Join("/", segments);

    private static int LastIndex(string[] segments, string name)
    {
        for (int i = segments.Length - 1; i >= 0; i--)
        {
            if (string.Equals(segments[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A finding waiting for its name, or a file's coverage waiting to be counted.</summary>
    private sealed record Item(string? Fallback, bool Strong, Finding? Finding, string? Stated, Action<string>? Count);

    /// <summary>
    /// One evidence root: how many of its files are still being read, what they named, what waits for the name. Once
    /// it has released (all its files read, or the bound reached) its names are decided and no longer change.
    /// </summary>
    private sealed class Root
    {
        private readonly ServerNames _names = new();
        private readonly List<string> _stated = [];
        private string? _rootName;

        public int Pending { get; set; }

        public List<Item> Held { get; } = [];

        public int HeldFindings { get; set; }

        public bool Decided { get; private set; }

        public void Learn(string? name, bool stated)
        {
            if (Decided || string.IsNullOrWhiteSpace(name))
            {
                return;
            }

            _names.Learn(name);
            if (stated)
            {
                _stated.Add(name!);
            }
        }

        /// <summary>Decides the root's names (first call) and returns its waiting findings, named; coverage waiting is counted.</summary>
        public IReadOnlyList<Finding> Release()
        {
            if (!Decided)
            {
                // A name a finding carries that is not its file's fallback was stated by the records it rests on.
                foreach (var item in Held)
                {
                    if (item.Finding is { ComputerName.Length: > 0 } f && !Same(f.ComputerName, item.Fallback))
                    {
                        Learn(f.ComputerName, stated: true);
                    }
                }

                // The server the root's own records name, when they name exactly one.
                var servers = _stated.Select(_names.Canonical).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                _rootName = servers.Count == 1 ? servers[0] : null;
                Decided = true;
            }

            var named = new List<Finding>();
            foreach (var item in Held)
            {
                if (Name(item) is { } finding)
                {
                    named.Add(finding);
                }
            }

            Held.Clear();
            HeldFindings = 0;
            return named;
        }

        /// <summary>Once decided: counts a file's coverage under its name, or returns a finding named.</summary>
        public Finding? Name(Item item)
        {
            if (item.Count is { } count)
            {
                count(NameOf(item.Stated, item));
                return null;
            }

            var finding = item.Finding!;
            string name = NameOf(finding.ComputerName, item);
            return string.Equals(name, finding.ComputerName, StringComparison.Ordinal) ? finding : finding.WithComputerName(name);
        }

        private string NameOf(string? own, Item item) =>
            !string.IsNullOrWhiteSpace(own) && !Same(own!, item.Fallback) ? _names.Canonical(own)
            : item.Strong ? _names.Canonical(item.Fallback)
            : _rootName ?? _names.Canonical(string.IsNullOrWhiteSpace(own) ? item.Fallback : own);

        private static bool Same(string a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
