namespace HafniumTools.Configuration;

/// <summary>The Exchange virtual directory types whose URLs the CVE-2021-27065 chain can abuse.</summary>
internal enum VirtualDirectoryKind
{
    /// <summary>Not recognised from the type names, properties or name.</summary>
    Unknown,
    Oab,
    Ecp,
    Owa,
    Ews,
    Autodiscover,
    ActiveSync,
    Mapi,
    PowerShell,
    OutlookAnywhere,
}
