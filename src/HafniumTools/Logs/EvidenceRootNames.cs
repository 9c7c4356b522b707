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
/// named; files of no root (live logs) pass straight through.
/// </summary>
internal sealed class EvidenceRootNames
{
    private readonly Dictionary<string, (Root Root, string? Fallback, bool Strong)> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    /// <summary>Groups <paramref name="files"/> by evidence root; <paramref name="defaultComputerName"/> is the hunt's name for what nothing names.</summary>
    public EvidenceRootNames(IReadOnlyList<string> requestPaths, IReadOnlyList<LogFileEntry> files, string? defaultComputerName)
    {
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
            }

            root.Pending++;

            // A report named after its server (EX01-Cve-2021-26855.csv) keeps that name; a name only the folders suggest
            // (the folder above a copied install) or the hunt's default gives way to what the root's logs state.
            string? named = LogLocation.ReportServerName(file.Path);
            _files[file.Path] = (root, named ?? LogLocation.ComputerNameFromPath(file.Path) ?? defaultComputerName, named is not null);
        }
    }

    /// <summary>
    /// Keeps <paramref name="finding"/> of <paramref name="file"/> until the file's root is read; false (report it now)
    /// for a live log's finding.
    /// </summary>
    public bool Hold(LogFileEntry? file, Finding finding)
    {
        if (file is null || !_files.TryGetValue(file.Path, out var entry) || _done.Contains(file.Path))
        {
            return false;
        }

        entry.Root.Held.Add(new Item(entry.Fallback, entry.Strong, finding, null, null));
        return true;
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
        root.Held.Add(new Item(entry.Fallback, entry.Strong, null, statedName, count));
        return --root.Pending > 0 ? [] : root.Release();
    }

    /// <summary>Releases every root still waiting (files that never reported their end), named with what is known.</summary>
    public IReadOnlyList<Finding> Flush()
    {
        var named = new List<Finding>();
        foreach (var root in _files.Values.Select(f => f.Root).Distinct().Where(r => r.Held.Count > 0))
        {
            root.Pending = 0;
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

    /// <summary>One evidence root: how many of its files are still being read, what they named, what waits for the name.</summary>
    private sealed class Root
    {
        private readonly ServerNames _names = new();
        private readonly List<string> _stated = [];

        public int Pending { get; set; }

        public List<Item> Held { get; } = [];

        public void Learn(string? name, bool stated)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return;
            }

            _names.Learn(name);
            if (stated)
            {
                _stated.Add(name!);
            }
        }

        public IReadOnlyList<Finding> Release()
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
            string? rootName = servers.Count == 1 ? servers[0] : null;
            string NameOf(string? own, Item item) =>
                !string.IsNullOrWhiteSpace(own) && !Same(own!, item.Fallback) ? _names.Canonical(own)
                : item.Strong ? _names.Canonical(item.Fallback)
                : rootName ?? _names.Canonical(string.IsNullOrWhiteSpace(own) ? item.Fallback : own);

            var named = new List<Finding>();
            foreach (var item in Held)
            {
                if (item.Count is { } count)
                {
                    count(NameOf(item.Stated, item));
                }
                else if (item.Finding is { } finding)
                {
                    string name = NameOf(finding.ComputerName, item);
                    named.Add(string.Equals(name, finding.ComputerName, StringComparison.Ordinal) ? finding : finding.WithComputerName(name));
                }
            }

            Held.Clear();
            return named;
        }

        private static bool Same(string a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
