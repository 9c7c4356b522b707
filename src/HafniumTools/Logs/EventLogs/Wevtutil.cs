using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// Reads the local event logs on a Windows server by running <c>wevtutil qe &lt;log&gt; /q:&lt;XPath&gt; /f:xml</c>
/// (an in-box tool: no package, no dependency) and streaming its output through <see cref="EventXmlReader"/>. Rows
/// have kind <see cref="LogKind.EventLogXml"/>, path <c>EventLog:&lt;log&gt;</c> and the record's position in the
/// result as line number, so the engine gives them to <see cref="EventLogRules"/>.
/// </summary>
internal static class Wevtutil
{
    /// <summary>True on Windows, where wevtutil exists.</summary>
    public static bool IsSupported => Environment.OSVersion.Platform == PlatformID.Win32NT;

    /// <summary>The path label rows of <paramref name="logName"/> carry.</summary>
    public static string SourcePath(string logName) => "EventLog:" + logName;

    /// <summary>True when this computer has the log (wevtutil knows the channel).</summary>
    public static bool LogExists(string logName)
    {
        if (!IsSupported || string.IsNullOrWhiteSpace(logName) || logName.IndexOf('"') >= 0)
        {
            return false;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(WevtutilPath, "gl \"" + logName + "\"")
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return false;
        }
    }

    /// <summary>The oldest or the newest record of the whole log, as a coverage-only row (time and computer, nothing a rule matches).</summary>
    public static IEnumerable<ILogRow> Edge(string logName, bool newest, CancellationToken cancellationToken)
    {
        foreach (var row in Run(logName, "qe \"" + logName + "\" /c:1 /rd:" + (newest ? "true" : "false") + " /f:xml /uni:true", cancellationToken))
        {
            yield return EventRecordRow.CoverageOnly(row);
        }
    }

    /// <summary>
    /// Streams the events of <paramref name="logName"/> matching <paramref name="xpath"/>. Throws
    /// <see cref="PlatformNotSupportedException"/> off Windows, <see cref="EventLogQueryException"/> when wevtutil
    /// fails (check <see cref="EventLogQueryException.ChannelNotFound"/>), <see cref="OperationCanceledException"/>
    /// when <paramref name="cancellationToken"/> fires (the wevtutil process is stopped).
    /// </summary>
    public static IEnumerable<ILogRow> Query(string logName, string xpath, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(logName) || logName.IndexOf('"') >= 0)
        {
            throw new ArgumentException("A log name is required and cannot contain a double quote.", nameof(logName));
        }

        if (string.IsNullOrWhiteSpace(xpath) || xpath.IndexOf('"') >= 0)
        {
            throw new ArgumentException("An XPath query is required and cannot contain a double quote; use single quotes inside it.", nameof(xpath));
        }

        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("Live event logs can only be read on Windows; export them with 'wevtutil qe <log> /f:xml > file.xml' and pass the file with -Path.");
        }

        return Run(logName, Arguments(logName, xpath), cancellationToken);
    }

    internal static string Arguments(string logName, string xpath) =>
        "qe \"" + logName + "\" /q:\"" + xpath + "\" /f:xml /uni:true";

    internal static string TimeWindow(DateTime? sinceUtc, DateTime? untilUtc)
    {
        var window = new StringBuilder();
        if (sinceUtc is DateTime since)
        {
            window.Append(" and TimeCreated[@SystemTime>='").Append(Format(since)).Append("']");
        }

        if (untilUtc is DateTime until)
        {
            window.Append(" and TimeCreated[@SystemTime<='").Append(Format(until)).Append("']");
        }

        return window.ToString();
    }

    private static string Format(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        return utc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
    }

    private static string WevtutilPath => Path.Combine(Environment.SystemDirectory, "wevtutil.exe");

    private static IEnumerable<ILogRow> Run(string logName, string arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(WevtutilPath, arguments)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wevtutil.exe could not be started.");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                if (e.Data is not null && errors.Length < 4096)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        using var registration = cancellationToken.Register(() => Stop(process));
        try
        {
            using var text = OpenOutput(process.StandardOutput.BaseStream);
            using var events = EventXmlReader.Read(text, SourcePath(logName), LogKind.EventLogXml, cancellationToken).GetEnumerator();
            while (MoveNext(events, cancellationToken))
            {
                yield return events.Current;
            }

            process.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                string message;
                lock (errors)
                {
                    message = errors.ToString().Trim();
                }

                throw new EventLogQueryException(
                    logName,
                    process.ExitCode,
                    string.Format(CultureInfo.InvariantCulture, "Reading the '{0}' event log failed (wevtutil exit code {1}): {2}", logName, process.ExitCode, message.Length == 0 ? "no message" : message));
            }
        }
        finally
        {
            Stop(process);
        }
    }

    // A cancelled query kills wevtutil, which cuts its XML: report the cancellation, not a parse error.
    private static bool MoveNext(IEnumerator<ILogRow> events, CancellationToken cancellationToken)
    {
        try
        {
            return events.MoveNext();
        }
        catch (InvalidDataException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    // wevtutil writes UTF-16 with /uni:true, usually without a BOM; decide from the first bytes.
    private static TextReader OpenOutput(Stream output)
    {
        var head = new byte[4];
        int count = 0;
        int read;
        while (count < head.Length && (read = output.Read(head, count, head.Length - count)) > 0)
        {
            count += read;
        }

        Encoding encoding = count >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] != 0 && head[1] == 0))
            ? Encoding.Unicode
            : new UTF8Encoding(false);
        return new StreamReader(new PrefixedStream(head, count, output), encoding, detectEncodingFromByteOrderMarks: true);
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting as we asked; nothing left to stop.
        }
    }
}
