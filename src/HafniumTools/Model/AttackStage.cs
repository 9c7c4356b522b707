namespace HafniumTools.Model;

/// <summary>The step of an Exchange attack a finding is evidence of, in the order an attack runs.</summary>
public enum AttackStage
{
    /// <summary>Not an attack step (background, configuration, exposure).</summary>
    None = 0,

    /// <summary>A scanner checking whether the server is vulnerable or already backdoored.</summary>
    Probe = 1,

    /// <summary>The server-side request forgery (CVE-2021-26855 and its successors) reaching the back end.</summary>
    Ssrf = 2,

    /// <summary>An authenticated session or mailbox access obtained through the SSRF (ECP logon, EWS, Remote PowerShell).</summary>
    Session = 3,

    /// <summary>Configuration changed to carry script (a virtual directory URL, a role assignment).</summary>
    ConfigurationChanged = 4,

    /// <summary>A file written by the attack (the OAB reset, a mailbox export, the arbitrary file write).</summary>
    FileWritten = 5,

    /// <summary>A web shell or other attacker file present on disk.</summary>
    ShellPlanted = 6,

    /// <summary>A planted shell answered a request.</summary>
    ShellAnswered = 7,

    /// <summary>What attackers did once in: credential dumps, staging archives, new accounts, lateral movement.</summary>
    PostExploitation = 8,
}
