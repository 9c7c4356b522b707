using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using HafniumTools.Model;

namespace HafniumTools.Configuration;

/// <summary>Which on-disk checks a scan runs.</summary>
public sealed class OnDiskScanOptions
{
    /// <summary>Look for virtual directory configuration dumps in every file (Find-HafniumOabAnomaly).</summary>
    public bool FindConfigurationDumps { get; init; }

    /// <summary>Report files in <c>FrontEnd\HttpProxy\ecp\auth</c> other than TimeoutLogout.aspx (Find-HafniumEcpAnomaly).</summary>
    public bool FindEcpAuthFiles { get; init; }

    /// <summary>Files larger than this are not read (a warning is raised through <see cref="OnDiskEvidence.FileTooLarge"/>).</summary>
    public long MaxFileBytes { get; init; } = EvidenceFile.DefaultMaxBytes;

    /// <summary>Names findings whose evidence does not name a server (the local machine on a live scan).</summary>
    public string? ComputerName { get; init; }
}

/// <summary>
/// The on-disk part of the OAB and ECP anomaly checks: a minimal, read-only tree walk (no reparse points
/// followed, so no link loops) and a per-file inspection. The walk is deliberately separate from
/// <see cref="InspectFile"/> so that another walker can feed the same inspection.
/// Errors and oversize files are reported through the events; findings are returned. Not thread-safe: the
/// events fire on the enumerating thread.
/// </summary>
public sealed class OnDiskEvidence
{
    private readonly OnDiskScanOptions _options;

    public OnDiskEvidence(OnDiskScanOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>A file or folder could not be read; the scan goes on.</summary>
    public event Action<string, Exception>? ItemFailed;

    /// <summary>A file was larger than the cap and was not read (path, size).</summary>
    public event Action<string, long>? FileTooLarge;

    /// <summary>A symbolic link or junction was not followed.</summary>
    public event Action<string>? LinkSkipped;

    /// <summary>Progress: files inspected so far and the current path.</summary>
    public event Action<long, string>? FileVisited;

    /// <summary>Findings for every file below <paramref name="root"/> (or for the file itself).</summary>
    public IEnumerable<Finding> Scan(string root, CancellationToken cancellationToken)
    {
        if (root is null)
        {
            throw new ArgumentNullException(nameof(root));
        }

        long visited = 0;
        foreach (string file in EnumerateFiles(root, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            FileVisited?.Invoke(++visited, file);
            IReadOnlyList<Finding> findings;
            try
            {
                findings = InspectFile(file, root);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException or ArgumentException)
            {
                ItemFailed?.Invoke(file, e);
                continue;
            }

            foreach (var finding in findings)
            {
                yield return finding;
            }
        }
    }

    /// <summary>
    /// The findings for one file. <paramref name="scanRoot"/> lets a partial triage copy rooted at an
    /// <c>ecp\auth</c> folder be recognised. Throws IO exceptions for unreadable files.
    /// </summary>
    public IReadOnlyList<Finding> InspectFile(string path, string? scanRoot)
    {
        var findings = new List<Finding>();
        bool inEcpAuth = false;
        bool directlyInAuth = false;
        if (_options.FindEcpAuthFiles)
        {
            inEcpAuth = WebPaths.IsInEcpAuthFolder(path, scanRoot, out directlyInAuth);
        }

        bool unexpectedInAuth = inEcpAuth && !WebPaths.IsLegitimateEcpAuthFile(path, directlyInAuth);
        bool readContent = !WebPaths.IsBinaryByName(path)
            && (unexpectedInAuth || (_options.FindConfigurationDumps && CouldBeDump(path)));
        if (!readContent && !unexpectedInAuth)
        {
            return findings;
        }

        EvidenceFile? content = null;
        if (readContent)
        {
            content = EvidenceFile.Read(path, _options.MaxFileBytes);
            if (content.Status == EvidenceReadStatus.TooLarge)
            {
                FileTooLarge?.Invoke(path, content.Size);
            }
            else if (content.Status == EvidenceReadStatus.Text)
            {
                findings.AddRange(ConfigurationDumpCheck.Inspect(content, _options.ComputerName));
            }
        }

        if (unexpectedInAuth)
        {
            findings.Add(DescribeEcpAuthFile(path, content));
        }

        return findings;
    }

    /// <summary>
    /// Files below <paramref name="root"/>, depth first, without following symbolic links or junctions; a folder
    /// that cannot be listed is reported and skipped. A file path yields itself.
    /// </summary>
    public IEnumerable<string> EnumerateFiles(string root, CancellationToken cancellationToken)
    {
        if (File.Exists(root))
        {
            yield return root;
            yield break;
        }

        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = pending.Pop();
            FileSystemInfo[] entries;
            try
            {
                entries = directory.GetFileSystemInfos();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                ItemFailed?.Invoke(directory.FullName, e);
                continue;
            }

            Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            for (int i = entries.Length - 1; i >= 0; i--)
            {
                var entry = entries[i];
                if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    LinkSkipped?.Invoke(entry.FullName);
                }
                else if (entry is DirectoryInfo child)
                {
                    pending.Push(child);
                }
            }

            foreach (var entry in entries)
            {
                if (entry is FileInfo && (entry.Attributes & FileAttributes.ReparsePoint) == 0)
                {
                    yield return entry.FullName;
                }
            }
        }
    }

    // Cheaper than opening it: a file over the plausible size of a dump is skipped without a warning.
    private static bool CouldBeDump(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && info.Length <= ConfigurationDump.MaxPlausibleBytes;
    }

    private Finding DescribeEcpAuthFile(string path, EvidenceFile? content)
    {
        var info = new FileInfo(path);
        bool page = WebPaths.IsServerExecutable(path);
        var rule = page ? ConfigurationRules.EcpAuthUnexpectedPage : ConfigurationRules.EcpAuthUnexpectedFile;
        return new Finding(rule, _options.ComputerName)
        {
            Path = path,
            FileSha256 = content?.Sha256,
            FileSize = info.Length,
            FileCreated = info.CreationTimeUtc,
            FileModified = info.LastWriteTimeUtc,
            Timestamp = info.LastWriteTimeUtc,
            Detail = string.Format(
                CultureInfo.InvariantCulture,
                "'{0}' is not {1}, the only file Exchange installs in FrontEnd\\HttpProxy\\ecp\\auth{2}.",
                WebPaths.FileName(path),
                WebPaths.LegitimateEcpAuthPage,
                page ? "; inspect it as a possible web shell (Find-HafniumWebShell)" : string.Empty),
        };
    }
}
