namespace HafniumTools.Builds;

/// <summary>Where the version of a <see cref="BuildAudit"/> came from.</summary>
public enum BuildVersionSource
{
    /// <summary>
    /// Build text (<c>15.1.2176.9</c>, <c>15.01.2176.009</c>), or a pasted line holding one
    /// (<c>Build Number: 15.02.1118.022</c>) or naming a catalog build (<c>Version: Exchange 2019 CU12 Mar23SU</c>).
    /// </summary>
    Text,

    /// <summary>A file version (ExSetup.exe's <c>FileVersionInfo</c>): shows installed security updates.</summary>
    FileVersion,

    /// <summary>Get-ExchangeServer's <c>AdminDisplayVersion</c>: shows the CU, never the security updates.</summary>
    AdminDisplayVersion,

    /// <summary>A <c>System.Version</c> object.</summary>
    SystemVersion,

    /// <summary>Read from the network by remote detection (HTTP headers, OWA paths, EWS).</summary>
    Remote,

    /// <summary>A <c>Version</c> or <c>Build</c> property of a hashtable or custom object.</summary>
    Property,
}
