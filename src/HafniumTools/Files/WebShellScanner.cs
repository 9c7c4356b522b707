using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using HafniumTools.Configuration;
using HafniumTools.Model;

namespace HafniumTools.Files;

/// <summary>Settings of a web-shell scan.</summary>
internal sealed class WebShellScanOptions
{
    /// <summary>Default size cap: web shells are small; larger files are named but not read.</summary>
    public const long DefaultMaxFileSize = 32L * 1024 * 1024;

    /// <summary>Files larger than this are not read (a warning says so); location, name and context rules still apply.</summary>
    public long MaxFileSize { get; init; } = DefaultMaxFileSize;

    /// <summary>The server the files belong to; when null, the host of a UNC path, else empty.</summary>
    public string? ComputerName { get; init; }
}

/// <summary>The outcome of scanning one file.</summary>
internal sealed class FileScanResult
{
    internal FileScanResult(string path, long size, IReadOnlyList<Finding> findings, string? sha256, ContentKind? kind, bool contentRead, string? skipReason)
    {
        Path = path;
        Size = size;
        Findings = findings;
        Sha256 = sha256;
        Kind = kind;
        ContentRead = contentRead;
        SkipReason = skipReason;
    }

    public string Path { get; }

    public long Size { get; }

    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>SHA-256 (lower-case hex) when the whole file was read.</summary>
    public string? Sha256 { get; }

    public ContentKind? Kind { get; }

    /// <summary>False when the content was not read (over the size cap, a link, a context-only root, empty).</summary>
    public bool ContentRead { get; }

    /// <summary>Why the content was not read, when it was not: <c>TooLarge</c>, <c>Link</c>, <c>ContextOnly</c>, <c>Empty</c>.</summary>
    public string? SkipReason { get; }
}

/// <summary>
/// The web-shell engine: for one file, the hash, content, name, location and context rules, each hit a
/// <see cref="Finding"/> with the file's SHA-256, size, times, line and excerpt. Stateless and thread-safe: one
/// instance serves every worker thread. <see cref="Scan"/> reads the file evidence-safely; <see cref="Classify(string, string)"/>
/// judges a path and content already in memory (for other cmdlets and tests).
/// </summary>
internal sealed class WebShellScanner
{
    private const int ExcerptWindow = 160;
    private static readonly byte[] JScriptEvaluateAscii = Encoding.ASCII.GetBytes("JScriptEvaluate");
    private static readonly byte[] UnsafeUtf16 = Encoding.Unicode.GetBytes("unsafe");
    private static readonly Regex CompiledVirtualPath = new(
        @"virtualPath\s*=\s*""(?<path>[^""]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
    private static readonly Regex ShortArchiveName = new(@"^\w{1,6}\.(zip|7z|rar)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));

    private readonly WebShellScanOptions _options;
    private readonly WebShellCatalog _catalog;

    public WebShellScanner(WebShellScanOptions? options = null, WebShellCatalog? catalog = null)
    {
        _options = options ?? new WebShellScanOptions();
        _catalog = catalog ?? WebShellCatalog.Default;
    }

    public WebShellScanOptions Options => _options;

    /// <summary>Scans a file from a walk: reads it read-only (up to the size cap) and applies every rule.</summary>
    /// <exception cref="IOException">The file could not be opened or read (the caller reports it and goes on).</exception>
    /// <exception cref="UnauthorizedAccessException">The file is not readable by this account.</exception>
    public FileScanResult Scan(FileCandidate candidate, CancellationToken cancellationToken = default)
    {
        if (candidate is null)
        {
            throw new ArgumentNullException(nameof(candidate));
        }

        if (candidate.Error is not null)
        {
            throw candidate.Error;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var facts = new FileFacts(candidate.Path, candidate.Length, candidate.CreatedUtc, candidate.ModifiedUtc, ComputerNameFor(candidate.Path));
        var findings = new List<Finding>();
        AddContextFindings(facts, null, findings);
        if (candidate.ContextOnly || candidate.IsLink || candidate.Length == 0)
        {
            if (!candidate.ContextOnly)
            {
                AddLocationFindings(facts, findings);
            }

            string reason = candidate.ContextOnly ? "ContextOnly" : candidate.IsLink ? "Link" : "Empty";
            return new FileScanResult(candidate.Path, candidate.Length, findings, null, null, false, reason);
        }

        bool tooLarge = candidate.Length > _options.MaxFileSize;
        var data = EvidenceFile.Read(candidate.Path, tooLarge ? EvidenceFile.HeadLength : _options.MaxFileSize, out int count, out bool complete);
        complete &= !tooLarge;
        string? sha = complete ? EvidenceFile.Sha256Hex(data, 0, count) : null;
        facts = facts with { Sha256 = sha, Size = complete ? count : candidate.Length };
        var kind = ContentSniffer.Sniff(data, count);
        if (!complete)
        {
            AddContextFindings(facts, kind, findings, onlyByContent: true);
            AddLocationFindings(facts, findings);
            return new FileScanResult(candidate.Path, candidate.Length, findings, null, kind, false, "TooLarge");
        }

        AddContentFindings(facts, data, count, kind, findings);
        return new FileScanResult(candidate.Path, count, findings, sha, kind, true, null);
    }

    /// <summary>Scans one file by path (convenience for callers outside a walk).</summary>
    public FileScanResult Scan(string path, CancellationToken cancellationToken = default) =>
        Scan(FileCandidate.FromFile(new FileInfo(path)), cancellationToken);

    /// <summary>Judges content already in memory as if it were the file at <paramref name="path"/> (no I/O).</summary>
    public IReadOnlyList<Finding> Classify(string path, string content) =>
        Classify(path, Encoding.UTF8.GetBytes(content ?? throw new ArgumentNullException(nameof(content))));

    /// <summary>Judges raw bytes already in memory as if they were the file at <paramref name="path"/> (no I/O).</summary>
    public IReadOnlyList<Finding> Classify(string path, byte[] content)
    {
        if (path is null || content is null)
        {
            throw new ArgumentNullException(path is null ? nameof(path) : nameof(content));
        }

        var facts = new FileFacts(path, content.Length, null, null, ComputerNameFor(path))
        {
            Sha256 = EvidenceFile.Sha256Hex(content, 0, content.Length),
        };
        var findings = new List<Finding>();
        AddContextFindings(facts, null, findings);
        AddContentFindings(facts, content, content.Length, ContentSniffer.Sniff(content, content.Length), findings);
        return findings;
    }

    private void AddContentFindings(FileFacts facts, byte[] data, int count, ContentKind kind, List<Finding> findings)
    {
        if (facts.Sha256 is { } sha && _catalog.IsKnownShellHash(sha))
        {
            findings.Add(Make(WebShellRules.KnownShellHash, facts, null, null, "SHA-256 " + sha + " is in the MSTIC indicator list."));
        }

        AddContextFindings(facts, kind, findings, onlyByContent: true);
        if (kind != ContentKind.Text)
        {
            AddBinaryFindings(facts, data, count, kind, findings);
        }
        else
        {
            AddTextFindings(facts, data, count, findings);
        }

        // Name and location leads come after what the content proves.
        AddLocationFindings(facts, findings);
    }

    private void AddTextFindings(FileFacts facts, byte[] data, int count, List<Finding> findings)
    {
        if (!ServerCode.MayRunOnServer(facts.Path))
        {
            return;
        }

        string text = ContentSniffer.Decode(data, count);
        var lines = new LineIndex(text);
        bool mightBeDump = ConfigurationDump.MightBeDump(text);
        if (!mightBeDump && !ServerCode.MayContainServerCode(text, facts.Path) && facts.Location.Kind != WebFolderKind.AspNetTemporaryFiles)
        {
            return;
        }

        int? oabLine = null;
        if (mightBeDump && ConfigurationDump.TryParse(text) is { } dump && dump.ScriptUrlField(out string? indicator) is { } field)
        {
            oabLine = field.LineNumber;
            bool runs = ServerCode.IsPageExtension(facts.Path) && ConfigurationDump.HasServerSideCode(field.Value);
            findings.Add(Make(runs ? WebShellRules.OabDumpShell : WebShellRules.OabDumpInertScript, facts, field.LineNumber, lines.Excerpt(lines.OffsetOfLine(field.LineNumber)),
                field.Label + " of the " + dump.Kind + " virtual directory " + (dump.Name ?? "(unnamed)") + (dump.Server is null ? string.Empty : " on " + dump.Server)
                + " carries script (" + indicator + ")."));
        }

        if (facts.Location.Kind == WebFolderKind.AspNetTemporaryFiles)
        {
            AddCompiledPageFindings(facts, text, lines, findings);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in ServerCodeAnalyzer.Analyze(text, facts.Path))
        {
            int line = lines.LineOf(hit.Offset);
            if (line == oabLine || !seen.Add(hit.Rule.Id))
            {
                continue;
            }

            findings.Add(Make(hit.Rule, facts, line, lines.Excerpt(hit.Offset), hit.Detail));
        }
    }

    private void AddBinaryFindings(FileFacts facts, byte[] data, int count, ContentKind kind, List<Finding> findings)
    {
        if (ServerCode.IsPageExtension(facts.Path))
        {
            findings.Add(Make(WebShellRules.BinaryWithPageExtension, facts, null, null, "Content is " + kind + ", not a page; it was not read as one."));
        }

        bool compiledPage = facts.Location.Kind == WebFolderKind.AspNetTemporaryFiles
            || facts.Location.FileName.StartsWith("App_Web_", StringComparison.OrdinalIgnoreCase);
        if (kind == ContentKind.Executable && compiledPage && IndexOf(data, count, JScriptEvaluateAscii) >= 0 && IndexOf(data, count, UnsafeUtf16) >= 0)
        {
            findings.Add(Make(WebShellRules.CompiledShell, facts, null, null, "The assembly references JScriptEvaluate and holds the string \"unsafe\"."));
        }
    }

    private void AddCompiledPageFindings(FileFacts facts, string text, LineIndex lines, List<Finding> findings)
    {
        if (!facts.Path.EndsWith(".compiled", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var match = CompiledVirtualPath.Match(text);
        if (!match.Success)
        {
            return;
        }

        string virtualPath = match.Groups["path"].Value;
        var page = WebFolderLocation.Classify("/FrontEnd/HttpProxy" + virtualPath);
        var iisPage = WebFolderLocation.Classify(virtualPath);
        bool suspicious = iisPage.Kind == WebFolderKind.AspnetClient
            || (page.Kind is WebFolderKind.OwaAuth or WebFolderKind.EcpAuth && !_catalog.IsKnownGoodPath(page.RelativePath));
        if (suspicious)
        {
            findings.Add(Make(WebShellRules.UnexpectedCompiledPage, facts, lines.LineOf(match.Index), lines.Excerpt(match.Index), "Compiled page: " + virtualPath));
        }
    }

    private void AddLocationFindings(FileFacts facts, List<Finding> findings)
    {
        var location = facts.Location;
        if (location.Kind is WebFolderKind.Other or WebFolderKind.ClientAccess or WebFolderKind.AspNetTemporaryFiles)
        {
            return;
        }

        bool knownGood = _catalog.IsKnownGoodPath(location.RelativePath);
        if (knownGood)
        {
            return;
        }

        if (_catalog.FindShellName(location.FileName, location.Kind) is { } shell)
        {
            findings.Add(shell.Imitates is null
                ? Make(WebShellRules.KnownShellName, facts, null, null, location.FileName + " in " + location.Kind + " is a published shell name (" + shell.Source + ").")
                : Make(WebShellRules.LookalikeName, facts, null, null, location.FileName + " imitates the stock " + shell.Imitates + " (" + shell.Source + ")."));
            return;
        }

        bool page = ServerCode.IsPageExtension(location.FileName);
        switch (location.Kind)
        {
            case WebFolderKind.EcpAuth:
                findings.Add(Make(WebShellRules.UnexpectedEcpAuthFile, facts, null, null, location.RelativePath + " is not TimeoutLogout.aspx."));
                break;
            case WebFolderKind.OwaAuth when page || location.IsDirectlyInFolder:
                findings.Add(Make(WebShellRules.UnexpectedOwaAuthFile, facts, null, null, location.RelativePath + " is not in the Exchange baseline of this folder."));
                break;
            case WebFolderKind.AspnetClient when page:
                findings.Add(Make(WebShellRules.PageInAspnetClient, facts, null, null, location.RelativePath + " is a server page."));
                break;
        }
    }

    private void AddContextFindings(FileFacts facts, ContentKind? kind, List<Finding> findings, bool onlyByContent = false)
    {
        string name = facts.Location.FileName;
        var folders = facts.Location.Segments;
        bool dumpName = name.EndsWith(".dmp", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".dmp.zip", StringComparison.OrdinalIgnoreCase);
        bool lsass = name.StartsWith("lsass", StringComparison.OrdinalIgnoreCase) && (dumpName || kind == ContentKind.MemoryDump);
        if (onlyByContent)
        {
            // Content tells what the name hides: a minidump under another name.
            if (kind == ContentKind.MemoryDump && !dumpName && !lsass)
            {
                findings.Add(Make(WebShellRules.DumpInStagingFolder, facts, null, null, "Minidump content (MDMP) under the name " + name + "."));
            }
            else if (kind == ContentKind.MemoryDump && lsass && !dumpName)
            {
                findings.Add(Make(WebShellRules.LsassDump, facts, null, null, name + " holds a minidump."));
            }

            return;
        }

        if (lsass && dumpName)
        {
            findings.Add(Make(WebShellRules.LsassDump, facts, null, null, name + " is named after LSASS."));
        }
        else if (dumpName && InStagingFolder(folders))
        {
            findings.Add(Make(WebShellRules.DumpInStagingFolder, facts, null, null, name + " is a memory dump in " + string.Join("\\", folders.Skip(Math.Max(0, folders.Count - 3))) + "."));
        }

        if (folders.Count > 0 && string.Equals(folders[folders.Count - 1], "ProgramData", StringComparison.OrdinalIgnoreCase) && ShortArchiveName.IsMatch(name))
        {
            findings.Add(Make(WebShellRules.ArchiveInProgramData, facts, null, null, name + " sits directly in ProgramData."));
        }
    }

    private static bool InStagingFolder(IReadOnlyList<string> folders)
    {
        for (int i = 0; i < folders.Count; i++)
        {
            string next = i + 1 < folders.Count ? folders[i + 1] : string.Empty;
            if ((Is(folders[i], "Windows") && Is(next, "Temp")) || (Is(folders[i], "inetpub") && Is(next, "wwwroot")) || (Is(folders[i], "root") && i <= 1))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(string value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    private static Finding Make(DetectionRule rule, FileFacts facts, int? line, string? excerpt, string detail) =>
        new FileCandidate(facts.Path, facts.Size, facts.CreatedUtc, facts.ModifiedUtc).CreateFinding(rule, facts.ComputerName, facts.Sha256, line, excerpt, detail);

    private string ComputerNameFor(string path)
    {
        if (_options.ComputerName is { } name)
        {
            return name;
        }

        if (path.StartsWith(@"\\", StringComparison.Ordinal) && !path.StartsWith(@"\\?\", StringComparison.Ordinal) && !path.StartsWith(@"\\.\", StringComparison.Ordinal))
        {
            int end = path.IndexOf('\\', 2);
            return end > 2 ? path.Substring(2, end - 2) : string.Empty;
        }

        return string.Empty;
    }

    private static int IndexOf(byte[] data, int count, byte[] pattern)
    {
        byte first = pattern[0];
        int last = count - pattern.Length;
        for (int i = Array.IndexOf(data, first, 0, Math.Max(0, last + 1)); i >= 0 && i <= last; i = i + 1 > last ? -1 : Array.IndexOf(data, first, i + 1, last - i))
        {
            int j = 1;
            while (j < pattern.Length && data[i + j] == pattern[j])
            {
                j++;
            }

            if (j == pattern.Length)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>What is known about a file before its rules run.</summary>
    private sealed record FileFacts(string Path, long Size, DateTime? CreatedUtc, DateTime? ModifiedUtc, string ComputerName)
    {
        public WebFolderLocation Location { get; } = WebFolderLocation.Classify(Path);

        public string? Sha256 { get; init; }
    }

    /// <summary>Line starts of a text, for line numbers and excerpts of hits.</summary>
    private sealed class LineIndex
    {
        private readonly string _text;
        private readonly List<int> _starts = [0];

        private bool _indexed;

        public LineIndex(string text)
        {
            _text = text;
        }

        private List<int> Starts
        {
            get
            {
                if (!_indexed)
                {
                    for (int i = _text.IndexOf('\n'); i >= 0; i = _text.IndexOf('\n', i + 1))
                    {
                        _starts.Add(i + 1);
                    }

                    _indexed = true;
                }

                return _starts;
            }
        }

        public int LineOf(int offset)
        {
            int index = Starts.BinarySearch(Math.Max(0, offset));
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        public int OffsetOfLine(int line) => Starts[Math.Max(0, Math.Min(Starts.Count - 1, line - 1))];

        public string Excerpt(int offset)
        {
            int line = LineOf(offset);
            int start = Starts[line - 1];
            int end = line < Starts.Count ? Starts[line] : _text.Length;
            string whole = _text.Substring(start, end - start).TrimEnd('\r', '\n');
            if (whole.Length <= 2 * ExcerptWindow)
            {
                return whole.Trim();
            }

            int from = Math.Max(0, offset - start - ExcerptWindow / 2);
            int length = Math.Min(whole.Length - from, 2 * ExcerptWindow);
            return (from > 0 ? "…" : string.Empty) + whole.Substring(from, length).Trim() + (from + length < whole.Length ? "…" : string.Empty);
        }
    }
}
