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
}
