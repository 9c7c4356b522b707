using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using HafniumTools.Files;
using HafniumTools.Model;

namespace HafniumTools.Configuration;

/// <summary>Which on-disk checks a scan runs.</summary>
internal sealed class OnDiskScanOptions
{
    /// <summary>Default cap: configuration dumps are a few KB, pages rarely above a few hundred.</summary>
    public const long DefaultMaxFileBytes = 8L * 1024 * 1024;

    /// <summary>Look for virtual directory configuration dumps in every file (Find-HafniumOabAnomaly).</summary>
    public bool FindConfigurationDumps { get; init; }

    /// <summary>Report files in <c>FrontEnd\HttpProxy\ecp\auth</c> other than TimeoutLogout.aspx (Find-HafniumEcpAnomaly).</summary>
    public bool FindEcpAuthFiles { get; init; }

    /// <summary>Files larger than this are not read (a warning is raised through <see cref="OnDiskEvidence.FileTooLarge"/>).</summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>Names findings whose evidence does not name a server (the local machine on a live scan).</summary>
    public string? ComputerName { get; init; }
}

/// <summary>
/// The on-disk part of the OAB and ECP anomaly checks: the web-shell scanner's read-only tree walk
/// (<see cref="FileTreeWalker"/>: no reparse points followed, so no link loops) and evidence-safe reading
/// (<see cref="EvidenceFile"/>, <see cref="ContentSniffer"/>), with a per-file inspection.
/// Errors and oversize files are reported through the events; findings are returned. Not thread-safe: the
/// events fire on the enumerating thread.
/// </summary>
internal sealed class OnDiskEvidence
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
        foreach (var file in FileTreeWalker.Walk([new ScanRoot(root)], cancellationToken: cancellationToken, linkSkipped: link => LinkSkipped?.Invoke(link)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.Error is not null)
            {
                ItemFailed?.Invoke(file.Path, file.Error);
                continue;
            }

            if (file.IsLink)
            {
                LinkSkipped?.Invoke(file.Path);
                continue;
            }

            FileVisited?.Invoke(++visited, file.Path);
            IReadOnlyList<Finding> findings;
            try
            {
                findings = InspectFile(file, root);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException or ArgumentException)
            {
                ItemFailed?.Invoke(file.Path, e);
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
    public IReadOnlyList<Finding> InspectFile(string path, string? scanRoot) =>
        InspectFile(FileCandidate.FromFile(new FileInfo(path ?? throw new ArgumentNullException(nameof(path)))), scanRoot);

    /// <summary>The findings for one file of a walk. Throws IO exceptions for unreadable files.</summary>
    public IReadOnlyList<Finding> InspectFile(FileCandidate file, string? scanRoot)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        string path = file.Path;
        var findings = new List<Finding>();
        bool inEcpAuth = false;
        bool directlyInAuth = false;
        if (_options.FindEcpAuthFiles)
        {
            inEcpAuth = WebPaths.IsInEcpAuthFolder(path, scanRoot, out directlyInAuth);
        }

        bool unexpectedInAuth = inEcpAuth && !WebPaths.IsLegitimateEcpAuthFile(path, directlyInAuth);

        // Cheaper than opening it: a file over the plausible size of a dump is skipped without a warning.
        bool readContent = !WebPaths.IsBinaryByName(path)
            && (unexpectedInAuth || (_options.FindConfigurationDumps && file.Length <= ConfigurationDump.MaxPlausibleBytes));
        if (!readContent && !unexpectedInAuth)
        {
            return findings;
        }

        string? sha256 = null;
        if (readContent)
        {
            if (file.Length > _options.MaxFileBytes)
            {
                FileTooLarge?.Invoke(path, file.Length);
            }
            else
            {
                byte[] data = EvidenceFile.Read(path, _options.MaxFileBytes, out int count, out bool complete);
                if (!complete)
                {
                    // It grew past the cap after it was listed.
                    FileTooLarge?.Invoke(path, count);
                }
                else
                {
                    sha256 = EvidenceFile.Sha256Hex(data, 0, count);

                    // Every dump has an InternalUrl or ExternalUrl line; most files are passed over without being decoded.
                    // A dump read for the ECP auth check is judged too: an unexpected page there may be the shell.
                    if (ContentSniffer.MayContain(data, count, "rnalUrl"))
                    {
                        findings.AddRange(ConfigurationDumpCheck.Inspect(file, ContentSniffer.Decode(data, count), sha256, _options.ComputerName));
                    }
                }
            }
        }

        if (unexpectedInAuth)
        {
            findings.Add(DescribeEcpAuthFile(file, sha256));
        }

        return findings;
    }

    private Finding DescribeEcpAuthFile(FileCandidate file, string? sha256)
    {
        string path = file.Path;
        bool page = ServerCode.IsPageExtension(path);
        var rule = page ? ConfigurationRules.EcpAuthUnexpectedPage : ConfigurationRules.EcpAuthUnexpectedFile;
        return file.CreateFinding(
            rule,
            _options.ComputerName,
            sha256,
            null,
            null,
            string.Format(
                CultureInfo.InvariantCulture,
                "'{0}' is not {1}, the only file Exchange installs in FrontEnd\\HttpProxy\\ecp\\auth{2}.",
                WebPaths.FileName(path),
                WebPaths.LegitimateEcpAuthPage,
                page ? "; inspect it as a possible web shell (Find-HafniumWebShell)" : string.Empty));
    }
}
