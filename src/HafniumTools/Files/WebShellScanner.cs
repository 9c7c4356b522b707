using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using HafniumTools.Configuration;
using HafniumTools.Files.MailboxExport;
using HafniumTools.Files.Mitigation;
using HafniumTools.Model;

namespace HafniumTools.Files;

/// <summary>
/// The judge of one file: the hash, content, configuration-dump, name, location and context rules, each hit a
/// <see cref="Finding"/> with the file's SHA-256, size, times, line and excerpt. Stateless and thread-safe: one
/// instance serves every worker thread of a scan. <see cref="Scan"/> reads a file of a walk evidence-safely (the
/// engine, <see cref="FileScan"/>, calls it); <see cref="Classify(string, string)"/> judges a path and content already
/// in memory. <see cref="ForConfigurationDumps"/> makes the judge of the OAB scan, which applies only the
/// configuration-dump rules and opens only files that can be a dump.
/// </summary>
internal sealed class WebShellScanner
{
    private const int ExcerptWindow = 160;
    private static readonly byte[] JScriptEvaluateAscii = Encoding.ASCII.GetBytes("JScriptEvaluate");
    private static readonly byte[] UnsafeUtf16 = Encoding.Unicode.GetBytes("unsafe");
    private static readonly byte[] AspBlockOpen = Encoding.ASCII.GetBytes("<%");
    private static readonly Regex CompiledVirtualPath = new(
        @"virtualPath\s*=\s*""(?<path>[^""]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
    private static readonly Regex ShortArchiveName = new(@"^\w{1,6}\.(zip|7z|rar)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));

    private readonly FileScanOptions _options;
    private readonly WebShellCatalog _catalog;
    private readonly bool _dumpsOnly;
    private readonly HandlerMappings _handlers = new();

    public WebShellScanner(FileScanOptions? options = null, WebShellCatalog? catalog = null)
        : this(options, catalog, dumpsOnly: false)
    {
    }

    private WebShellScanner(FileScanOptions? options, WebShellCatalog? catalog, bool dumpsOnly)
    {
        _options = options ?? new FileScanOptions();
        _catalog = catalog ?? WebShellCatalog.Default;
        _dumpsOnly = dumpsOnly;
    }

    /// <summary>The judge of the OAB on-disk scan: the configuration-dump rules only, on files that can be a dump.</summary>
    public static WebShellScanner ForConfigurationDumps(FileScanOptions? options = null) => new(options, null, dumpsOnly: true);

    /// <summary>
    /// Reads a file of a walk read-only (up to the size cap) and applies the rules. A file over the cap is judged by
    /// name and location only (<see cref="FileJudgement.TooLarge"/>); a link is never followed (<see cref="FileJudgement.Link"/>).
    /// </summary>
    /// A file that cannot be opened or read is still judged by name and location; its judgement carries the error
    /// (<see cref="FileJudgement.Error"/>), which the engine reports.
    public FileJudgement Scan(FileCandidate candidate, CancellationToken cancellationToken = default)
    {
        if (candidate is null)
        {
            throw new ArgumentNullException(nameof(candidate));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var facts = new FileFacts(candidate, _options.ComputerNameFor(candidate.Path));
        var findings = new List<Finding>();
        if (candidate.Error is UnopenablePathException unopenable)
        {
            // Listed but not openable by its name: what the name and place tell is still reported, with the error.
            if (!_dumpsOnly)
            {
                AddLocationFindings(facts, findings);
            }

            return new FileJudgement(facts.File, facts.ComputerName, findings, 0, null, unopenable);
        }

        if (candidate.Error is not null)
        {
            throw candidate.Error;
        }

        if (_dumpsOnly && !ConfigurationDumpCheck.MayBeDump(candidate.Path, candidate.Length))
        {
            return Judged(facts, findings, 0);
        }

        if (!_dumpsOnly)
        {
            AddContextFindings(facts, null, findings);
        }

        if (candidate.ContextOnly || candidate.IsLink || candidate.Length == 0)
        {
            if (!candidate.ContextOnly && !_dumpsOnly)
            {
                AddLocationFindings(facts, findings);
            }

            return Judged(facts, findings, 0, candidate.IsLink ? FileJudgement.Link : null);
        }

        bool tooLarge = candidate.Length > _options.MaxFileSize;
        if (tooLarge && _dumpsOnly)
        {
            return Judged(facts, findings, 0, FileJudgement.TooLarge);
        }

        byte[] data;
        int count;
        bool complete;
        try
        {
            data = EvidenceFile.Read(candidate.Path, tooLarge ? EvidenceFile.HeadLength : _options.MaxFileSize, out count, out complete, followLinks: candidate.NamedExplicitly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            // What needs no content (the name, where the file sits) is still reported, with why the content was not read.
            if (!_dumpsOnly)
            {
                AddLocationFindings(facts, findings);
            }

            return new FileJudgement(facts.File, facts.ComputerName, findings, 0, e is LinkNotFollowedException ? FileJudgement.Link : null, e);
        }

        var kind = ContentSniffer.Sniff(data, count);
        if (!complete || tooLarge)
        {
            if (!_dumpsOnly)
            {
                AddContextFindings(facts, kind, findings, onlyByContent: true);
                AddLocationFindings(facts, findings);
            }

            return Judged(facts, findings, 0, FileJudgement.TooLarge);
        }

        facts = facts.Read(count, EvidenceFile.Sha256Hex(data, 0, count));
        string? incomplete = null;
        if (_dumpsOnly)
        {
            AddDumpFindings(facts, data, count, kind, findings);
        }
        else
        {
            incomplete = AddContentFindings(facts, data, count, kind, findings, cancellationToken);
        }

        return new FileJudgement(facts.File, facts.ComputerName, findings, count) { Incomplete = incomplete };
    }

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

        var facts = new FileFacts(new FileCandidate(path, content.Length, null, null), _options.ComputerNameFor(path))
            .Read(content.Length, EvidenceFile.Sha256Hex(content, 0, content.Length));
        var findings = new List<Finding>();
        var kind = ContentSniffer.Sniff(content, content.Length);
        if (_dumpsOnly)
        {
            AddDumpFindings(facts, content, content.Length, kind, findings);
            return findings;
        }

        AddContextFindings(facts, null, findings);
        AddContentFindings(facts, content, content.Length, kind, findings, CancellationToken.None);
        return findings;
    }

    private static FileJudgement Judged(FileFacts facts, List<Finding> findings, long bytesRead, string? skipReason = null) =>
        new(facts.File, facts.ComputerName, findings, bytesRead, skipReason);

    // Returns why the server code was not fully analysed (a page built to be slow), or null.
    private string? AddContentFindings(FileFacts facts, byte[] data, int count, ContentKind kind, List<Finding> findings, CancellationToken cancellationToken)
    {
        if (facts.Sha256 is { } sha && _catalog.IsKnownShellHash(sha))
        {
            findings.Add(Make(WebShellRules.KnownShellHash, facts, null, null, "SHA-256 " + sha + " is in the MSTIC indicator list."));
        }

        AddContextFindings(facts, kind, findings, onlyByContent: true);
        if (MailboxExportCheck.Applies(facts.Path, data, count))
        {
            // ProxyShell's export and certificate-request shells: judged as what they are, not as generic binaries.
            findings.AddRange(MailboxExportCheck.Inspect(facts.Path, facts.Location.Kind != WebFolderKind.Other, data, count, (rule, excerpt, detail) => Make(rule, facts, null, excerpt, detail)));
            AddLocationFindings(facts, findings);
            return null;
        }

        string? incomplete = null;
        if (kind != ContentKind.Text)
        {
            AddBinaryFindings(facts, data, count, kind, findings);
        }
        else
        {
            AddMitigationFindings(facts, data, count, findings);
            incomplete = AddCodeFindings(facts, data, count, AddDumpFindings(facts, data, count, kind, findings), findings, cancellationToken);
        }

        // Name and location leads come after what the content proves.
        AddLocationFindings(facts, findings);
        return incomplete;
    }

    // The configuration dump is judged by its one judge, whatever the file is called; returns the line it reported.
    private static long? AddDumpFindings(FileFacts facts, byte[] data, int count, ContentKind kind, List<Finding> findings)
    {
        if (!ConfigurationDumpCheck.MayBeDump(facts.Path, data, count, kind))
        {
            return null;
        }

        var dump = ConfigurationDumpCheck.Inspect(facts.File, ContentSniffer.Decode(data, count), facts.Sha256, facts.ComputerName);
        findings.AddRange(dump);
        return dump.Count > 0 ? dump[0].LineNumber : null;
    }

    private string? AddCodeFindings(FileFacts facts, byte[] data, int count, long? dumpLine, List<Finding> findings, CancellationToken cancellationToken)
    {
        // Static content is code only where a web.config of the tree hands its extension to a script engine.
        if (!ServerCode.MayRunOnServer(facts.Path) && !(_handlers.IsMappedToScript(facts.Path) && IndexOf(data, count, AspBlockOpen) >= 0))
        {
            return null;
        }

        string text = ContentSniffer.Decode(data, count);
        if (facts.Location.FileName.EndsWith(".config", StringComparison.OrdinalIgnoreCase)
            && HandlerMappings.UnexpectedScriptExtensions(text) is { Count: > 0 } mapped)
        {
            int at = text.IndexOf(mapped[0], StringComparison.OrdinalIgnoreCase);
            var index = new LineIndex(text);
            findings.Add(Make(WebShellRules.ScriptMappedToStaticExtension, facts, at < 0 ? null : index.LineOf(at), at < 0 ? null : index.Excerpt(at), "Hands " + string.Join(", ", mapped) + " to a script engine."));
        }

        if (!ServerCode.MayContainServerCode(text, facts.Path) && facts.Location.Kind != WebFolderKind.AspNetTemporaryFiles)
        {
            return null;
        }

        var lines = new LineIndex(text);
        if (facts.Location.Kind == WebFolderKind.AspNetTemporaryFiles)
        {
            AddCompiledPageFindings(facts, text, lines, findings);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var hits = ServerCodeAnalyzer.Analyze(text, facts.Path, _options.MaxAnalysisTime, cancellationToken, out string? incomplete);
        foreach (var hit in hits)
        {
            // The dump's script was reported once, by the dump rule, on its line.
            int line = lines.LineOf(hit.Offset);
            if (line == dumpLine || !seen.Add(hit.Rule.Id))
            {
                continue;
            }

            findings.Add(Make(hit.Rule, facts, line, lines.Excerpt(hit.Offset), hit.Detail));
        }

        return incomplete;
    }

    // The ProxyNotShell URL-rewrite mitigation in web.config / applicationHost.config, as context.
    private static void AddMitigationFindings(FileFacts facts, byte[] data, int count, List<Finding> findings)
    {
        if (UrlRewriteMitigationCheck.Applies(facts.Location.FileName))
        {
            string config = ContentSniffer.Decode(data, count);
            var lines = new LineIndex(config);
            findings.AddRange(UrlRewriteMitigationCheck.Inspect(config, (rule, offset, detail) => Make(rule, facts, lines.LineOf(offset), lines.Excerpt(offset), detail)));
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
        if (ProxyShellLocation.Inspect(location) is { } lead)
        {
            findings.Add(Make(lead.Rule, facts, null, null, lead.Detail));
        }

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
        facts.File.CreateFinding(rule, facts.ComputerName, facts.Sha256, line, excerpt, detail);

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

    /// <summary>What is known about a file before its rules run: the file (with the size read), whose it is, where it sits, its hash.</summary>
    private sealed record FileFacts(FileCandidate File, string ComputerName)
    {
        public string Path => File.Path;

        public WebFolderLocation Location { get; } = WebFolderLocation.Classify(File.Path);

        public string? Sha256 { get; private init; }

        /// <summary>The facts once the whole file was read: its size as read and its SHA-256.</summary>
        public FileFacts Read(int count, string sha256) => this with { File = File.WithLength(count), Sha256 = sha256 };
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
