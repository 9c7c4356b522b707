using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Files;

/// <summary>
/// The module's on-disk scans, one engine for all three: walk the roots (<see cref="FileTreeWalker"/>), read each file
/// evidence-safely on up to <see cref="FileScanOptions.ThrottleLimit"/> threads and judge it
/// (<see cref="WebShellScanner"/>), and report through the sink, on the calling thread only: every finding, one
/// <see cref="ScanCoverage"/> per server (category FileSystem; source <see cref="WebFoldersSource"/>,
/// <see cref="OabFilesSource"/> or <see cref="EcpAuthFolderSource"/>), per-item problems (PathNotFound,
/// FolderUnreadable, FileUnreadable, FileTooLarge; links not followed as verbose text) and progress. Cancelling the
/// token stops the scan with an <see cref="OperationCanceledException"/>. Needs no cmdlet: the per-server audit calls
/// it with a collecting sink.
/// </summary>
internal static class FileScan
{
    /// <summary>Coverage source of <see cref="WebShells"/>.</summary>
    public const string WebFoldersSource = "WebFolders";

    /// <summary>Coverage source of <see cref="OabDumps"/>.</summary>
    public const string OabFilesSource = "OabFiles";

    /// <summary>Coverage source of <see cref="EcpAuthFolder"/>.</summary>
    public const string EcpAuthFolderSource = "EcpAuthFolder";

    /// <summary>
    /// Find-HafniumWebShell: every file below the roots, judged by every rule: hash, server code, configuration dump,
    /// name, location and context.
    /// </summary>
    public static void WebShells(IEnumerable<ScanRoot> roots, FileScanOptions options, IScanSink sink, CancellationToken cancellationToken) =>
        Run(roots, options, new WebShellScanner(options), inScope: null, WebFoldersSource, sink, cancellationToken);

    /// <summary>
    /// Find-HafniumOabAnomaly on disk: every file below the roots, judged by the configuration-dump rules only; only
    /// files that can be a dump (by name and size) are opened.
    /// </summary>
    public static void OabDumps(IEnumerable<ScanRoot> roots, FileScanOptions options, IScanSink sink, CancellationToken cancellationToken) =>
        Run(roots, options, WebShellScanner.ForConfigurationDumps(options), inScope: null, OabFilesSource, sink, cancellationToken);

    /// <summary>
    /// Find-HafniumEcpAnomaly on disk: the files of Exchange's <c>FrontEnd\HttpProxy\ecp\auth</c> folder found below
    /// the roots (<see cref="WebFolderLocation.IsInExchangeEcpAuth"/>), judged by every rule, like the web-shell scan;
    /// files elsewhere are neither read nor counted.
    /// </summary>
    public static void EcpAuthFolder(IEnumerable<ScanRoot> roots, FileScanOptions options, IScanSink sink, CancellationToken cancellationToken) =>
        Run(roots, options, new WebShellScanner(options), file => WebFolderLocation.IsInExchangeEcpAuth(file.Path, file.Root), EcpAuthFolderSource, sink, cancellationToken);

    private static void Run(IEnumerable<ScanRoot> roots, FileScanOptions options, WebShellScanner judge, Func<FileCandidate, bool>? inScope, string source, IScanSink sink, CancellationToken cancellationToken)
    {
        if (roots is null || options is null || sink is null)
        {
            throw new ArgumentNullException(roots is null ? nameof(roots) : options is null ? nameof(options) : nameof(sink));
        }

        // The walk runs on a worker thread; what it has to tell waits here for the calling thread.
        var notices = new ConcurrentQueue<ScanProblem>();
        var files = FileTreeWalker.Walk(
            roots,
            options.Include,
            options.Exclude,
            cancellationToken,
            link => notices.Enqueue(ScanProblem.Verbose("Not following the symbolic link or junction '" + link + "'.", link)),
            (path, error) => notices.Enqueue(Unlisted(path, error)));
        var tally = new Tally(options, source, sink, notices);
        ParallelPipeline.Run<FileCandidate, FileJudgement>(
            inScope is null ? files : files.Where(inScope),
            options.ThrottleLimit,
            (file, token) => [judge.Scan(file, token)],
            tally.Judged,
            tally.Unreadable,
            cancellationToken);
        tally.Finish();
    }

    // A root or folder that could not be listed (or a file whose size could not be read while listing).
    private static ScanProblem Unlisted(string path, Exception error)
    {
        if (error is NotARegularFileException notRegular)
        {
            return ScanProblem.Warning(ErrorIds.NotARegularFile, "Skipped " + notRegular.Message, path);
        }

        if (error is DirectoryNotFoundException && !File.Exists(path))
        {
            return ScanProblem.Error(ErrorIds.PathNotFound, ProblemCategory.ObjectNotFound, error.Message, path, error, "Check the path; the other paths are still scanned.");
        }

        bool folder = error is UnlistableFolderException || (error is UnopenablePathException unopenable ? unopenable.IsFolder : Directory.Exists(path));
        var cause = error is UnlistableFolderException { InnerException: { } inner } ? inner : error;
        return ScanProblem.Error(
            folder ? ErrorIds.FolderUnreadable : ErrorIds.FileUnreadable,
            cause is UnauthorizedAccessException or System.Security.SecurityException ? ProblemCategory.PermissionDenied : ProblemCategory.ReadError,
            "Cannot " + (folder ? "list the folder" : "read") + " '" + path + "': " + error.Message,
            path,
            error,
            "Run elevated (as Administrator) or grant read access; the rest of the tree was scanned.");
    }

    /// <summary>What a scan has read so far, kept on the calling thread: coverage, progress, the closing summary.</summary>
    private sealed class Tally(FileScanOptions options, string source, IScanSink sink, ConcurrentQueue<ScanProblem> notices)
    {
        private readonly CoverageAccumulator _coverage = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _files;
        private long _bytes;
        private long _findings;

        public void Judged(FileJudgement judgement)
        {
            TellNotices();
            foreach (var finding in judgement.Findings.Where(options.Selects))
            {
                _findings++;
                sink.Found(finding);
            }

            string path = judgement.File.Path;
            if (judgement.Error is { } error && judgement.SkipReason is null)
            {
                // Unreadable content: its name and location findings went out above; the file is named as unreadable.
                Report(judgement.File, error);
                return;
            }

            if (judgement.SkipReason is { } reason)
            {
                _coverage.Skipped(judgement.ComputerName, FindingCategory.FileSystem, source, path, reason);
                if (reason == FileJudgement.TooLarge)
                {
                    sink.Problem(ScanProblem.Warning(
                        ErrorIds.FileTooLarge,
                        string.Format(
                            CultureInfo.InvariantCulture,
                            "Did not read '{0}' ({1:N0} bytes, over the -MaxFileSize cap of {2:N0}); its content was not judged. Use -MaxFileSize {3} to read it.",
                            path,
                            judgement.File.Length,
                            options.MaxFileSize,
                            judgement.File.Length.ToString(CultureInfo.InvariantCulture)),
                        path));
                }
                else if (reason == FileJudgement.Link)
                {
                    sink.Problem(ScanProblem.Warning(
                        ErrorIds.LinkNotFollowed,
                        "Skipped '" + path + "': a symbolic link, not followed (it may lead out of the evidence tree); its name and location were judged. Pass its target to read it.",
                        path));
                }
            }
            else
            {
                _coverage.Read(judgement.ComputerName, FindingCategory.FileSystem, source, judgement.BytesRead, 0, null, null);
                if (judgement.Incomplete is { } why)
                {
                    sink.Problem(ScanProblem.Warning(
                        ErrorIds.ContentAnalysisIncomplete,
                        "Read '" + path + "', but " + why + "; the findings above are what was found until then. Look at this page by hand: it may be built to hide a web shell.",
                        path));
                }
            }

            Advance(path, judgement.BytesRead);
        }

        public void Unreadable(FileCandidate file, Exception error)
        {
            TellNotices();
            Report(file, error);
        }

        private void Report(FileCandidate file, Exception error)
        {
            if (error is NotARegularFileException notRegular)
            {
                // Swapped for a FIFO or device after it was listed: skipped with its kind, as the walk reports one.
                _coverage.Skipped(options.ComputerNameFor(file.Path), FindingCategory.FileSystem, source, file.Path, "NotARegularFile");
                sink.Problem(ScanProblem.Warning(ErrorIds.NotARegularFile, "Skipped " + notRegular.Message, file.Path));
                Advance(file.Path, 0);
                return;
            }

            _coverage.Unreadable(options.ComputerNameFor(file.Path), FindingCategory.FileSystem, source, file.Path);
            sink.Problem(ScanProblem.Error(
                ErrorIds.FileUnreadable,
                error switch
                {
                    UnauthorizedAccessException or System.Security.SecurityException => ProblemCategory.PermissionDenied,
                    FileNotFoundException or DirectoryNotFoundException => ProblemCategory.ObjectNotFound,
                    _ => ProblemCategory.ReadError,
                },
                "Cannot read '" + file.Path + "': " + error.Message,
                file.Path,
                error,
                "Run elevated, or copy the file out with a forensic tool and scan the copy; the rest of the tree was scanned."));
            Advance(file.Path, 0);
        }

        public void Finish()
        {
            TellNotices();
            foreach (var coverage in _coverage.Build())
            {
                sink.Covered(coverage);
            }

            double seconds = Math.Max(0.001, _clock.Elapsed.TotalSeconds);
            sink.Problem(ScanProblem.Verbose(string.Format(
                CultureInfo.InvariantCulture,
                "Scanned {0:N0} files ({1:N1} MB) in {2:N1} s: {3:N0} files/s, {4:N1} MB/s; {5:N0} findings.",
                _files,
                _bytes / 1048576.0,
                seconds,
                _files / seconds,
                _bytes / 1048576.0 / seconds,
                _findings)));
        }

        private void Advance(string path, long bytes)
        {
            _files++;
            _bytes += bytes;
            sink.Progress(new ScanProgress(_files, 0, string.Format(CultureInfo.InvariantCulture, "{0:N0} files, {1:N1} MB read, {2:N0} findings", _files, _bytes / 1048576.0, _findings), path));
        }

        private void TellNotices()
        {
            while (notices.TryDequeue(out var notice))
            {
                sink.Problem(notice);
            }
        }
    }
}
