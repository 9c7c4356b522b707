using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Logs.Ecp;

/// <summary>
/// One virtual directory reset as a log shows it: the rows of one user's reset within minutes (the ECP dialog's
/// Get-ExchangeServer, Get-/Remove-/New-*VirtualDirectory under a <c>schema=Reset*VirtualDirectory</c> URL, or the
/// cmdlets alone), kept together so the reset is one finding whose evidence is every line.
/// </summary>
internal sealed class ResetWorkflow
{
    private readonly HashSet<string> _removed = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _created = new(StringComparer.OrdinalIgnoreCase);

    public ResetWorkflow(EcpEvent first)
    {
        Events.Add(first);
    }

    public List<EcpEvent> Events { get; } = [];

    public EcpEvent First => Events[0];

    public EcpEvent Last => Events[Events.Count - 1];

    /// <summary>The reset workflow the ECP request named (ResetOABVirtualDirectory), when one did.</summary>
    public string? Schema { get; private set; }

    /// <summary>A reset: the ECP reset workflow ran, or a *VirtualDirectory of one kind was removed and created again.</summary>
    public bool IsReset => Schema is not null || _removed.Overlaps(_created);

    /// <summary>True once the directory was created again: the reset has written its file.</summary>
    public bool Complete => _created.Count > 0 && IsReset;

    /// <summary>The Set carrying script that this reset wrote to disk, when one came before it.</summary>
    public EcpEvent? Cause { get; set; }

    /// <summary>A finding was given for it (an upgrade, once a late Set explains it, is the only other one).</summary>
    public bool Reported { get; set; }

    public string Operation => Schema ?? string.Join(" + ", Events.Select(e => e.Operation).Where(IsRemoveOrNew).Distinct(StringComparer.OrdinalIgnoreCase));

    public string Lines => string.Join(", ", Events.Select(e => e.LineNumber.ToString(CultureInfo.InvariantCulture)));

    public string Evidence => First.Path + ":" + string.Join(",", Events.Select(e => e.LineNumber.ToString(CultureInfo.InvariantCulture)));

    public string RawText => string.Join("\n", Events.Select(e => e.RawText));

    /// <summary>The one finding for this reset under <paramref name="rule"/>: every line of it as evidence.</summary>
    public Finding ToFinding(DetectionRule rule, string? url, string detail) => new(rule, First.ComputerName)
    {
        Path = First.Path,
        LineNumber = First.LineNumber,
        Evidence = Evidence,
        Timestamp = First.Timestamp,
        Operation = Operation,
        Url = url,
        RawText = RawText,
        Detail = detail,
    };

    public void Add(EcpEvent row, string? schema)
    {
        if (!ReferenceEquals(row, First))
        {
            Events.Add(row);
        }

        Schema ??= schema;
        string? kind = KindOf(row.Operation, "Remove");
        if (kind is not null)
        {
            _removed.Add(kind);
        }

        kind = KindOf(row.Operation, "New");
        if (kind is not null)
        {
            _created.Add(kind);
        }
    }

    /// <summary>True when <paramref name="row"/> is a further row of this reset: same user, minutes after its last row.</summary>
    public bool Takes(EcpEvent row, TimeSpan gap)
    {
        if (!string.Equals(First.Path, row.Path, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(First.Sid ?? string.Empty, row.Sid ?? string.Empty, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return Last.Timestamp is DateTime last && row.Timestamp is DateTime now
            ? (now - last).Duration() <= gap
            : Math.Abs(row.LineNumber - Last.LineNumber) <= 20;
    }

    /// <summary>The directory kind of a Remove-/New-&lt;kind&gt; cmdlet (OABVirtualDirectory), or null.</summary>
    public static string? KindOf(string? cmdlet, string verb) =>
        VirtualDirectorySettings.IsCommand(cmdlet, verb) ? cmdlet!.Substring(verb.Length + 1) : null;

    public static bool IsRemoveOrNew(string? cmdlet) => KindOf(cmdlet, "Remove") is not null || KindOf(cmdlet, "New") is not null;
}
