namespace HafniumTools.Model;

/// <summary>Where the evidence behind a finding comes from.</summary>
public enum FindingCategory
{
    Build,
    HttpProxy,
    Ecp,
    Oab,
    UnifiedMessaging,
    EventLog,
    FileSystem,
    Iis,
    Remote,

    /// <summary>Exchange Remote PowerShell logs (Rps_Http, Rps_Cmdlet).</summary>
    RemotePowerShell,
}
