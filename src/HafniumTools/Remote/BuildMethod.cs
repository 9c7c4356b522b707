namespace HafniumTools.Remote;

/// <summary>Which network method gave the build of an <see cref="ExposureResult"/>.</summary>
public enum BuildMethod
{
    /// <summary>No method gave a build.</summary>
    None,

    /// <summary>The <c>X-OWA-Version</c> response header (full build).</summary>
    OwaVersionHeader,

    /// <summary>The version folder in the asset paths of the OWA logon page (the CU on 2013 and later, the full build on 2010).</summary>
    OwaAssetPath,

    /// <summary>The ClickOnce manifest of the ECP eDiscovery export tool (2013 and later).</summary>
    ExportToolManifest,

    /// <summary>The version-routed export-tool path answered for exactly one catalogued build of the detected CU.</summary>
    ExportToolPathProbe,

    /// <summary>The <c>ServerVersionInfo</c> SOAP header of an authenticated EWS call (-Credential).</summary>
    EwsServerVersion,
}
