using System;
using System.Collections.Generic;
using System.Linq;

namespace HafniumTools.Core;

/// <summary>
/// The module's one naming convention for servers: the FQDN where any evidence gives it, the short name otherwise,
/// compared case-insensitively. <c>EX01</c> from a triage folder and <c>ex01.contoso.com</c> from a log's
/// ServerHostName are the same server, named <c>ex01.contoso.com</c>; two FQDNs with the same first label in different
/// domains stay two servers.
/// </summary>
internal sealed class ServerNames
{
    private readonly Dictionary<string, string> _fqdnByShortName = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _ambiguous = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Learns a name seen in the evidence (an FQDN teaches its short name's canonical form).</summary>
    public void Learn(string? name)
    {
        string trimmed = Trim(name);
        int dot = trimmed.IndexOf('.');
        if (dot <= 0 || IsAddress(trimmed))
        {
            return;
        }

        string shortName = trimmed.Substring(0, dot);
        if (_fqdnByShortName.TryGetValue(shortName, out string? known) && !string.Equals(known, trimmed, StringComparison.OrdinalIgnoreCase))
        {
            _ambiguous.Add(shortName);
        }
        else
        {
            _fqdnByShortName[shortName] = trimmed;
        }
    }

    /// <summary>The canonical name of <paramref name="name"/>: its FQDN when the evidence gave one (and only one).</summary>
    public string Canonical(string? name)
    {
        string trimmed = Trim(name);
        if (trimmed.Length == 0 || trimmed.IndexOf('.') > 0 || IsAddress(trimmed))
        {
            return trimmed;
        }

        return !_ambiguous.Contains(trimmed) && _fqdnByShortName.TryGetValue(trimmed, out string? fqdn) ? fqdn : trimmed;
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> name the same server.</summary>
    public bool Same(string? a, string? b) => string.Equals(Canonical(a), Canonical(b), StringComparison.OrdinalIgnoreCase);

    private static string Trim(string? name) => (name ?? string.Empty).Trim().TrimEnd('.');

    private static bool IsAddress(string name) =>
        name.IndexOf(':') >= 0 || name.Split('.').All(p => p.Length > 0 && p.All(char.IsDigit));
}
