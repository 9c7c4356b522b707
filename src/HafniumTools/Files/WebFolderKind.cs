namespace HafniumTools.Files;

/// <summary>The web folder a file sits in, as far as the web-shell rules care.</summary>
internal enum WebFolderKind
{
    /// <summary>None of the folders below.</summary>
    Other,

    /// <summary>The IIS <c>aspnet_client</c> tree.</summary>
    AspnetClient,

    /// <summary><c>FrontEnd\HttpProxy\owa\auth</c> and its versioned and <c>Current</c> folders.</summary>
    OwaAuth,

    /// <summary><c>FrontEnd\HttpProxy\ecp\auth</c>.</summary>
    EcpAuth,

    /// <summary><c>FrontEnd\HttpProxy\OAB</c>.</summary>
    HttpProxyOab,

    /// <summary><c>ClientAccess\OAB</c>, <c>ClientAccess\ecp</c> or <c>ClientAccess\owa</c>.</summary>
    ClientAccess,

    /// <summary>An ASP.NET <c>Temporary ASP.NET Files</c> tree.</summary>
    AspNetTemporaryFiles,
}
