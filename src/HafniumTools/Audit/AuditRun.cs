using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using HafniumTools.Builds;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Logs;
using HafniumTools.Model;

namespace HafniumTools.Audit;

/// <summary>
/// One per-server audit run, in-process on the core engines: the log engine (<see cref="LogHunt"/>) and the file engine
/// (<see cref="FileScan"/>) read every root once, build files give each server its build, and everything is grouped by
/// server under the module's one naming convention (<see cref="ServerNames"/>) and judged by <see cref="ServerVerdict"/>.
/// Every server the evidence names gets exactly one <see cref="ServerAudit"/>, and so does every root that named none.
/// </summary>
internal static class AuditRun
{
    /// <summary>Files a triage collection keeps a server's build in: ExSetup's version, HealthChecker or a build note.</summary>
    private static readonly Regex BuildFileName = new(
        @"^(exsetup[^\\/]*|[^\\/]*(build|version)[^\\/]*|healthchecker[^\\/]*)\.(txt|csv|log)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    /// <summary>A build file is a few lines; anything bigger is not one.</summary>
    private const long MaxBuildFileBytes = 256 * 1024;

    /// <summary>How deep below a root build files are looked for (the server folder and one level more).</summary>
    private const int BuildFileDepth = 2;

    public static IReadOnlyList<ServerAudit> Run(AuditRequest request, BuildCatalog catalog, IScanSink sink, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var collected = new CollectingSink(sink);
        var builds = new List<(string Server, BuildObservation Observation, string Source)>();
        var rootNames = new List<string>();
        var rootPaths = new List<(string Name, string Root)>();
        var reader = new BuildInputReader(catalog);
        foreach (string root in ExpandRoots(request.Roots, request.ThisServer))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // One root is one server: what its evidence does not name belongs to the server the folder is named after.
            string rootName = request.ThisServer ?? RootServerName(root) ?? FallbackName(root);
            int findingsBefore = collected.Findings.Count, coverageBefore = collected.Coverage.Count;
            LogHunt.Run(
                new LogHuntRequest { Paths = [root], Since = request.Since, Until = request.Until, DefaultComputerName = rootName, ThrottleLimit = request.ThrottleLimit },
                collected,
                cancellationToken);

            // The log engine names a root's server as its logs state it; the root's files and builds follow.
            rootName = request.ThisServer ?? NamedByLogs(collected, findingsBefore, coverageBefore) ?? rootName;
            rootNames.Add(rootName);
            rootPaths.Add((rootName, root));
            FileScan.WebShells(
                [new ScanRoot(root)],
                new FileScanOptions { ComputerName = request.ThisServer, DefaultComputerName = rootName, ThrottleLimit = Math.Max(2, request.ThrottleLimit) },
                collected,
                cancellationToken);
            builds.AddRange(BuildFiles(root, request.ThisServer, rootName, reader, collected));
        }

        if (request.LiveLogFolders.Count > 0 || request.ReadLiveEventLogs)
        {
            LogHunt.Run(
                new LogHuntRequest { Paths = request.LiveLogFolders, ReadLiveSources = request.ReadLiveEventLogs, Since = request.Since, Until = request.Until, DefaultComputerName = request.ThisServer, ThrottleLimit = request.ThrottleLimit },
                collected,
                cancellationToken);
        }

        if (request.LiveWebRoots.Count > 0)
        {
            FileScan.WebShells(request.LiveWebRoots, new FileScanOptions { ComputerName = request.ThisServer, ThrottleLimit = Math.Max(2, request.ThrottleLimit) }, collected, cancellationToken);
        }

        return Judge(request, catalog, collected, builds, rootNames, rootPaths);
    }

    private static IReadOnlyList<ServerAudit> Judge(
        AuditRequest request,
        BuildCatalog catalog,
        CollectingSink collected,
        List<(string Server, BuildObservation Observation, string Source)> builds,
        List<string> rootNames,
        List<(string Name, string Root)> rootPaths)
    {
        var names = new ServerNames();
        foreach (string name in collected.Findings.Select(f => f.ComputerName)
            .Concat(collected.Coverage.Select(c => c.ComputerName))
            .Concat(builds.Select(b => b.Server))
            .Concat(rootNames)
            .Append(request.ThisServer ?? string.Empty))
        {
            names.Learn(name);
        }

        // Where a server's row came from: its own triage folders where it has them, else what the audit was given.
        string OriginOf(string key)
        {
            var own = rootPaths.Where(r => string.Equals(names.Canonical(r.Name), key, StringComparison.OrdinalIgnoreCase)).Select(r => r.Root).Distinct(StringComparer.Ordinal).ToList();
            return request.ThisServer is null && own.Count > 0 ? "triage: " + string.Join(", ", own) : request.Origin;
        }

        var servers = new Dictionary<string, ServerEvidence>(StringComparer.OrdinalIgnoreCase);
        ServerEvidence For(string? name)
        {
            string key = names.Canonical(name);
            if (!servers.TryGetValue(key, out var evidence))
            {
                servers[key] = evidence = new ServerEvidence(key, OriginOf(key));
            }

            return evidence;
        }

        foreach (var finding in collected.Findings)
        {
            For(finding.ComputerName).Findings.Add(finding);
        }

        foreach (var coverage in collected.Coverage)
        {
            For(coverage.ComputerName).Coverage.Add(coverage);
        }

        var auditor = new BuildAuditor(catalog);
        foreach (var (server, observation, source) in builds)
        {
            var evidence = For(server);
            if (evidence.Build is null)
            {
                evidence.Build = auditor.Audit(observation);
                evidence.BuildSource = source;
            }
        }

        // A root that named no server at all still gets its row: "nothing was read" is a verdict too (Unknown).
        foreach (string rootName in rootNames.Where(n => n.Length > 0))
        {
            For(rootName);
        }

        if (request.ThisServer is string self)
        {
            For(self);
        }

        foreach (var problem in collected.Problems.Where(p => p.Level == ProblemLevel.Error))
        {
            string? server = request.ThisServer
                ?? (problem.Target is string path ? LogLocation.ComputerNameFromPath(path) ?? RootNameOf(path, request.Roots) : null);
            if (server is not null)
            {
                For(server).Problems.Add(problem);
            }
            else
            {
                foreach (var evidence in servers.Values)
                {
                    evidence.Problems.Add(problem); // a problem no server can be told from concerns them all
                }
            }
        }

        if (request.Build is BuildObservation given)
        {
            foreach (var evidence in servers.Values.Where(e => e.Build is null))
            {
                evidence.Build = auditor.Audit(new BuildObservation(given.Version, given.Source, evidence.ComputerName, given.InputText, given.DeclaredBlind));
                evidence.BuildSource = request.BuildSource;
            }
        }

        return servers.Values
            .Where(e => e.ComputerName.Length > 0 || e.Findings.Count > 0 || e.Coverage.Count > 0)
            .Select(ServerVerdict.Decide)
            .OrderBy(a => a.ComputerName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>
    /// The server a root names when it is one server's triage folder (its own name, as the log engine would take it
    /// from the folder above <c>Logging</c>); null for a folder that holds several servers' folders, or a name that
    /// cannot be a server's.
    /// </summary>
    internal static string? RootServerName(string root)
    {
        string full = Path.GetFullPath(root);
        if (File.Exists(full))
        {
            return LogLocation.ComputerNameFromPath(full);
        }

        try
        {
            var children = Directory.GetDirectories(full);
            bool holdsServers = children.Count(c => IsServerFolder(c)) > 1 || (children.Length > 0 && children.All(c => IsServerFolder(c)) && !IsServerFolder(full));
            if (holdsServers)
            {
                return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the engines report the folder as unreadable
        }

        return LogLocation.ComputerNameFromPath(Path.Combine(full, "Logging", "x"));
    }

    /// <summary>
    /// The roots as servers: a folder that holds several servers' triage folders (<c>triage/EX01</c>,
    /// <c>triage/EX02</c>) is read as each of its entries, so every file is told to the server whose folder holds it.
    /// </summary>
    private static IEnumerable<string> ExpandRoots(IReadOnlyList<string> roots, string? thisServer)
    {
        foreach (string root in roots)
        {
            if (thisServer is null && Directory.Exists(root) && RootServerName(root) is null && HoldsServers(root))
            {
                foreach (string entry in Entries(root))
                {
                    yield return entry;
                }
            }
            else
            {
                yield return root;
            }
        }
    }

    private static bool HoldsServers(string folder)
    {
        try
        {
            return Directory.GetDirectories(folder).Any(IsServerFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IEnumerable<string> Entries(string folder)
    {
        try
        {
            return Directory.GetFileSystemEntries(folder).OrderBy(e => e, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [folder]; // the engines report what cannot be listed
        }
    }

    /// <summary>A folder laid out like one server's triage copy (Logging, inetpub, a build file).</summary>
    private static bool IsServerFolder(string folder)
    {
        try
        {
            return Directory.Exists(Path.Combine(folder, "Logging")) || Directory.Exists(Path.Combine(folder, "inetpub"))
                || Directory.EnumerateFiles(folder).Any(f => BuildFileName.IsMatch(Path.GetFileName(f)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The name of a root that does not look like a server's: its folder's name (a file's folder), as given.</summary>
    // The one server the logs of a root were told to (the log engine names each evidence root once), or null.
    private static string? NamedByLogs(CollectingSink collected, int findingsFrom, int coverageFrom)
    {
        var named = collected.Findings.Skip(findingsFrom).Select(f => f.ComputerName)
            .Concat(collected.Coverage.Skip(coverageFrom).Select(c => c.ComputerName))
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(2)
            .ToList();
        return named.Count == 1 ? named[0] : null;
    }

    private static string FallbackName(string root)
    {
        string full = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        string name = LogLocation.ServerNamePart(File.Exists(full) ? Path.GetFileName(Path.GetDirectoryName(full) ?? string.Empty) : Path.GetFileName(full));
        return string.IsNullOrEmpty(name) ? full : name;
    }

    private static string? RootNameOf(string path, IReadOnlyList<string> roots)
    {
        foreach (string root in roots)
        {
            string full = Path.GetFullPath(root);
            if (path.StartsWith(full, StringComparison.OrdinalIgnoreCase))
            {
                return RootServerName(root);
            }
        }

        return null;
    }

    /// <summary>The builds that build files under <paramref name="root"/> record, each with its server and where it was read.</summary>
    private static IEnumerable<(string Server, BuildObservation Observation, string Source)> BuildFiles(
        string root, string? thisServer, string? rootName, BuildInputReader reader, IScanSink sink)
    {
        var found = new List<(string, BuildObservation, string)>();
        foreach (string file in Candidates(root, BuildFileDepth))
        {
            string? text = ReadSmallText(file, sink);
            if (text is null)
            {
                continue;
            }

            string server = thisServer ?? LogLocation.ComputerNameFromPath(file) ?? ParentName(file) ?? rootName ?? string.Empty;
            foreach (string line in text.Split('\n'))
            {
                var reading = reader.ReadText(line.Trim(), BuildVersionSource.FileVersion, server);
                if (reading.Observation is { } observation)
                {
                    found.Add((server, observation, "build file " + file));
                    break;
                }
            }
        }

        return found;
    }

    private static IEnumerable<string> Candidates(string root, int depth)
    {
        if (File.Exists(root))
        {
            return BuildFileName.IsMatch(Path.GetFileName(root)) ? [root] : [];
        }

        var result = new List<string>();
        var pending = new Queue<(string Folder, int Depth)>();
        pending.Enqueue((root, 0));
        while (pending.Count > 0)
        {
            var (folder, level) = pending.Dequeue();
            try
            {
                result.AddRange(Directory.EnumerateFiles(folder).Where(f => BuildFileName.IsMatch(Path.GetFileName(f))));
                if (level < depth)
                {
                    foreach (string child in Directory.EnumerateDirectories(folder))
                    {
                        if ((new DirectoryInfo(child).Attributes & FileAttributes.ReparsePoint) == 0)
                        {
                            pending.Enqueue((child, level + 1));
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the file engine walks the same folders and reports what it cannot list
            }
        }

        return result;
    }

    private static string? ReadSmallText(string file, IScanSink sink)
    {
        try
        {
            var info = new FileInfo(file);
            if (info.Length > MaxBuildFileBytes)
            {
                return null;
            }

            // Opened as all evidence is: regular files only, access time kept, never more than the cap.
            return EvidenceFile.ReadAllText(file, MaxBuildFileBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            sink.Problem(ScanProblem.Error(ErrorIds.FileUnreadable, ProblemCategory.ReadError, "The build file could not be read: " + e.Message, file, e));
            return null;
        }
    }

    private static string? ParentName(string file)
    {
        string? folder = Path.GetDirectoryName(file);
        return string.IsNullOrEmpty(folder) ? null : LogLocation.ComputerNameFromPath(Path.Combine(folder, "Logging", "x"));
    }
}
