namespace HafniumTools.Model;

/// <summary>What a finding says happened, from the strongest claim to the weakest.</summary>
public enum Verdict
{
    /// <summary>The attacker got code or files onto the server (a web shell answered, a shell file exists).</summary>
    Compromise,

    /// <summary>A vulnerability was exercised successfully (the SSRF reached the back end, a file write happened).</summary>
    Exploitation,

    /// <summary>An exploitation attempt that evidently failed.</summary>
    Attempt,

    /// <summary>A scanner checking whether the server is vulnerable or already backdoored.</summary>
    Probe,

    /// <summary>Something unusual that needs a look but proves nothing by itself.</summary>
    Anomaly,

    /// <summary>The server is vulnerable or reachable in a way that could be exploited.</summary>
    Exposure,

    /// <summary>Background that helps an investigation (log coverage, dump files, archives).</summary>
    Context,
}
