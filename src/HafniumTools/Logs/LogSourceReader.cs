using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// Reads one log source, a file or a live log, through the rules of its kind a step at a time, and keeps what its
/// coverage needs. A file is opened for shared reading (Exchange may still be writing it), recognised from its head
/// (<see cref="LogFormatDetector"/>) and read by the <see cref="TextLogReader"/> (Exchange's text logs) or by its
/// format's own reader (event-log exports, through a <see cref="RowStream"/>). The source's own failures (cannot be
/// opened, garbage, I/O) end it and are kept in <see cref="Error"/>; they never escape. A text log in UTF-16
/// (<see cref="Utf16Text"/>) is read through a <see cref="Utf16ToUtf8Stream"/>, like a UTF-8 one; an XML prolog longer
/// than the head is read past (<see cref="LogFormatDetector.DetectPastProlog"/>).
/// </summary>
internal sealed class LogSourceReader : IDisposable
{
    private readonly Stream? _stream;
    private readonly IEnumerator<ILogRow>? _records;
    private readonly TextLogReader? _text;
    private readonly RowStream? _rows;
    private readonly RowEvaluator? _evaluator;
    private readonly string? _pathComputer;
    private readonly string? _defaultComputer;
    private readonly string? _liveName;
    private readonly System.Text.Encoding? _utf16;
    private readonly int _utf16Bom;

    private LogSourceReader(LogFileEntry file, LogHuntRequest request, CancellationToken cancellationToken)
    {
        Path = file.Path;
        File = file;
        _pathComputer = LogLocation.ComputerNameFromPath(file.Path);
        _defaultComputer = request.DefaultComputerName;
        Kind = LogLocation.KindFromPath(file.Path);
        try
        {
            _stream = Files.EvidenceFile.OpenRead(file.Path);
            var head = new byte[LogFormatDetector.HeadSize];
            int headCount = ReadHead(_stream, head);
            var format = LogFormatDetector.Detect(head, headCount, file.Path, request.Registry.AllFormats);
            if (!format.FromHeader && EventLogs.XmlInput.PrologFillsHead(head, headCount))
            {
                // An XML prolog longer than the head (comments, a document type): the first element says what it is.
                _stream.Position = 0;
                format = LogFormatDetector.DetectPastProlog(_stream, request.Registry.AllFormats, cancellationToken) ?? format;
            }

            // UTF-16 text that no format claimed as it is (the XML formats read UTF-16 themselves): read as UTF-8.
            var utf16 = format.Plugin is null ? Utf16Text.Detect(head, headCount, out _utf16Bom) : null;
            if (utf16 is not null)
            {
                _utf16 = utf16;
                headCount = ReadHead(Utf16From(0), head);
                format = LogFormatDetector.Detect(head, headCount, file.Path, request.Registry.AllFormats);
            }

            Kind = format.Kind;
            FromHeader = format.FromHeader;
            Tentative = format.Tentative;
            if (Kind == LogKind.Unknown && LogLocation.ReportServerName(file.Path) is not null)
            {
                UnjudgedReport = TestProxyLogon.TestProxyLogonReports.Describe(file.Path, _stream);
            }

            if (Kind == LogKind.Unknown || !request.WantsKind(Kind))
            {
                return;
            }

            _evaluator = new RowEvaluator(request.Registry.RulesFor(Kind), request.Since, request.Until, request.Registry.GatesFor(Kind));
            if (format.Plugin is { } plugin)
            {
                _stream.Position = 0;
                _records = plugin.Read(_utf16 is null ? _stream : Utf16From(0), file.Path, cancellationToken).GetEnumerator();
                _rows = new RowStream(_records, _evaluator);
            }
            else
            {
                Stream input = _stream;
                if (_utf16 is null)
                {
                    _stream.Position = format.DataStart;
                }
                else
                {
                    input = Utf16From(format.DataStart);
                }

                _text = new TextLogReader(
                    input, file.Path, format, _evaluator, request.Registry.PrefilterFor(Kind, file.Path), _pathComputer ?? _defaultComputer, request.BufferSize);
                BytesRead = _utf16 is null ? _text.BytesRead : StreamPosition();
            }
        }
#pragma warning disable CA1031 // Any failure to open or recognise one file is that file's error; the hunt goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Error = e;
        }
    }

    private LogSourceReader(ILiveLogSource source, LogHuntRequest request, CancellationToken cancellationToken)
    {
        Path = source.Name;
        _liveName = source.Name;
        _defaultComputer = request.DefaultComputerName;
        Kind = source.Kind;
        FromHeader = true;
        _evaluator = new RowEvaluator(request.Registry.RulesFor(Kind), request.Since, request.Until, request.Registry.GatesFor(Kind));
        _records = source.Read(request.Since, request.Until, cancellationToken).GetEnumerator();
        _rows = new RowStream(_records, _evaluator);
    }

    /// <summary>The file, or the live source's name.</summary>
    public string Path { get; }

    /// <summary>The file read, or null for a live source.</summary>
    public LogFileEntry? File { get; }

    /// <summary>What the source is: from the file's head, else its location; <see cref="LogKind.Unknown"/> for no log.</summary>
    public LogKind Kind { get; }

    /// <summary>True when the file's content said what it is; false when only its location did.</summary>
    public bool FromHeader { get; }

    /// <summary>True when the format claimed the file without certainty: no record from it means it is no log.</summary>
    public bool Tentative { get; }

    /// <summary>What a report of Test-ProxyLogon that no rule judges holds (its log ages, its suspicious files); null for any other file.</summary>
    public string? UnjudgedReport { get; }

    /// <summary>Why the source could not be read (in full); null when it was.</summary>
    public Exception? Error { get; private set; }

    public long BytesRead { get; private set; }

    /// <summary>Records read (data rows, events).</summary>
    public long Rows => _text?.Rows ?? _rows?.Rows ?? 0;

    public DateTime? FirstTimestamp => _evaluator?.FirstTimestamp;

    public DateTime? LastTimestamp => _evaluator?.LastTimestamp;

    public int RuleFailures => _evaluator?.RuleFailures ?? 0;

    /// <summary>What the reader left out of a source it otherwise read (lines skipped, values cut); empty when none.</summary>
    public ReadGaps Gaps => _text?.Gaps ?? _rows?.Gaps ?? NoGaps;

    private static readonly ReadGaps NoGaps = new();

    public Exception? FirstRuleFailure => _evaluator?.FirstRuleFailure;

    /// <summary>The server: as the records name it, else as the path does, else the request's default.</summary>
    public string ComputerName => _text?.RowComputerName ?? _rows?.ComputerName ?? _pathComputer ?? _defaultComputer ?? string.Empty;

    /// <summary>The server the records themselves name (as they state it), null when they name none.</summary>
    public string? StatedComputerName => _text?.RowComputerName ?? _rows?.StatedComputerName;

    /// <summary>The source as coverage names it, e.g. <c>HttpProxy/Owa</c>, <c>EventLog/Application</c>.</summary>
    public string Source => _liveName ?? LogLocation.SourceName(Kind, Path, _text?.Protocol);

    /// <summary>Bytes to count in coverage: the whole file once it was read to the end.</summary>
    public long CoveredBytes => Math.Max(BytesRead, Error is null && File is not null && Kind != LogKind.Unknown ? File.Length : 0);

    /// <summary>Opens a file and recognises it; reading starts with <see cref="Step"/>.</summary>
    public static LogSourceReader ForFile(LogFileEntry file, LogHuntRequest request, CancellationToken cancellationToken = default) =>
        new(file, request, cancellationToken);

    /// <summary>A live log, read with <see cref="Step"/>.</summary>
    public static LogSourceReader ForLive(ILiveLogSource source, LogHuntRequest request, CancellationToken cancellationToken) =>
        new(source, request, cancellationToken);

    /// <summary>Reads and evaluates the next part of the source; false once it is done (or failed, or is not read at all).</summary>
    public bool Step(ICollection<Finding> findings)
    {
        if (_text is null && _rows is null)
        {
            return false;
        }

        try
        {
            bool more = _text is not null ? _text.Step(findings) : _rows!.Step(findings);
            BytesRead = _text is not null && _utf16 is null ? _text.BytesRead : StreamPosition();
            if (!more)
            {
                _evaluator?.End(findings);
            }

            return more;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Garbage or an I/O failure ends this source only; what its rows already showed is still reported.
            Error = e;
            BytesRead = _text is not null && _utf16 is null ? _text.BytesRead : StreamPosition();
            _evaluator?.End(findings);
            return false;
        }
    }

    public void Dispose()
    {
        _records?.Dispose();
        _stream?.Dispose();
    }

    private long StreamPosition()
    {
        try
        {
            return _stream is { CanSeek: true } s ? s.Position : 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    // The file's UTF-16 text as UTF-8 from the start, past the first skip bytes of UTF-8 (where the data starts).
    private Utf16ToUtf8Stream Utf16From(int skip)
    {
        _stream!.Position = _utf16Bom;
        var utf8 = new Utf16ToUtf8Stream(_stream, _utf16!);
        var discard = new byte[4096];
        while (skip > 0)
        {
            int read = utf8.Read(discard, 0, Math.Min(skip, discard.Length));
            if (read <= 0)
            {
                break;
            }

            skip -= read;
        }

        return utf8;
    }

    private static int ReadHead(Stream stream, byte[] head)
    {
        int count = 0;
        while (count < head.Length)
        {
            int read = stream.Read(head, count, head.Length - count);
            if (read <= 0)
            {
                break;
            }

            count += read;
        }

        return count;
    }
}
