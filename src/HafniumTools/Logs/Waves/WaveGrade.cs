namespace HafniumTools.Logs.Waves;

/// <summary>How far a request got, from its status.</summary>
internal enum WaveGrade
{
    /// <summary>The back end answered 2xx.</summary>
    Reached,

    /// <summary>Anything else: refused, redirected to logon, an NTLM handshake step, an error.</summary>
    Refused,

    /// <summary>A scanner's check.</summary>
    Probe,

    /// <summary>A scanner's check the server answered 2xx: vulnerable, not compromised.</summary>
    ProbeAnswered,
}
