namespace HafniumTools.Logs;

/// <summary>What a requested page in an Exchange virtual directory is.</summary>
internal enum WebPageKind
{
    /// <summary>Not a server-side page (.aspx/.ashx) in /owa/, /ecp/ or /oab/.</summary>
    NotApplicable,

    /// <summary>A page Exchange ships.</summary>
    Legitimate,

    /// <summary>A page Exchange does not ship.</summary>
    Unknown,

    /// <summary>A page Exchange does not ship whose name is close to one it does (RedirSuiteServerProxy.aspx).</summary>
    LookAlike,
}
