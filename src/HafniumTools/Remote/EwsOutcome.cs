using System;
using System.Collections.Generic;

namespace HafniumTools.Remote;

/// <summary>What the authenticated EWS call gave: the build and the scheme that worked, or why not.</summary>
internal sealed class EwsOutcome
{
    public Version? Build { get; set; }

    /// <summary>The scheme that succeeded (Negotiate, NTLM, Basic), or null.</summary>
    public string? Scheme { get; set; }

    /// <summary>URL, status and the ServerVersionInfo fact, when it succeeded.</summary>
    public string Evidence { get; set; } = string.Empty;

    /// <summary>One line per attempt and per refusal to send the credential.</summary>
    public List<string> Notes { get; } = [];
}
