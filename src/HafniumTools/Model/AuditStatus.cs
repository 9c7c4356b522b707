namespace HafniumTools.Model;

/// <summary>
/// One server's answer to "was it attacked through these vulnerabilities?", ordered so that the worst wins and
/// comparisons read naturally (<c>Where-Object Status -ge Attempted</c>). <see cref="Unknown"/> sits above
/// <see cref="Clean"/>: a server that could not be audited is never taken for a clean one.
/// </summary>
public enum AuditStatus
{
    /// <summary>Evidence was read and nothing hostile was in it (see the coverage for how far it reaches).</summary>
    Clean = 0,

    /// <summary>No readable evidence for the question, or the server could not be audited (see the summary for why).</summary>
    Unknown = 1,

    /// <summary>Only scanners and sweeps: someone checked whether the server was vulnerable or already backdoored.</summary>
    Probed = 2,

    /// <summary>Hostile attempts that the evidence shows failed.</summary>
    Attempted = 3,

    /// <summary>A vulnerability was used successfully (SSRF to the back end, an ECP session, a virtual directory set with script, a file written, mail taken), with no shell evidence.</summary>
    Exploited = 4,

    /// <summary>Attacker code is present or answered: a web shell on disk, a shell that answered, an LSASS dump.</summary>
    Compromised = 5,
}
