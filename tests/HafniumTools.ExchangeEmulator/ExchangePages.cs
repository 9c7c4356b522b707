using System;
using System.Globalization;
using System.Text;

namespace HafniumTools.ExchangeEmulator;

/// <summary>
/// The bodies an emulated front end serves, built from the documented real shapes (remote-detection reference): the
/// OWA logon page of 2013 and later and of 2010 (markers, asset paths), the export tool's ClickOnce manifest, the EWS
/// SOAP answer with ServerVersionInfo, and IIS's 404 page.
/// </summary>
public static class ExchangePages
{
    // A real 2013-and-later logon page is about 48 KB (a public capture: Content-Length 48353), most of it inline
    // script and style. This filler, made up and of that size, stands in for it, so that a probe pays for reading a
    // page of the real size; it holds none of the markers or asset paths.
    private static readonly string InlineScript = Filler(46_000);

    /// <summary>
    /// Where /owa/ sends a browser that has not signed in: the logon page, with the way back (<paramref name="origin"/>
    /// is scheme, host and port, without a trailing slash).
    /// </summary>
    public static string LogonRedirect(string origin) =>
        origin + "/owa/auth/logon.aspx?url=" + Uri.EscapeDataString(origin + "/owa/").ToLowerInvariant() + "&reason=0";

    /// <summary>The OWA logon page with the version folder in its asset paths (2013 and later: about 48 KB, as real ones are).</summary>
    public static string Logon(ExchangeProfile profile)
    {
        string v = profile.AssetVersion;
        if (profile.Is2010)
        {
            return $$"""
                <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
                <!-- Copyright (c) 2006 Microsoft Corporation.  All rights reserved. -->
                <!-- OwaPage = ASP.auth_logon_aspx -->
                <html>
                <head>
                <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
                <link rel="shortcut icon" href="/owa/{{v}}/themes/resources/favicon.ico" type="image/x-icon">
                <link type="text/css" rel="stylesheet" href="/owa/{{v}}/themes/resources/logon.css">
                <title>Outlook Web App</title>
                <script type="text/javascript" src="/owa/{{v}}/scripts/premium/flogon.js"></script>
                </head>
                <body class="owaLgnBdy">
                <noscript><div id="dvErr"><div>To use Outlook Web App, browser settings must allow scripts to run.</div></div></noscript>
                <form action="/owa/auth.owa" enctype="application/x-www-form-urlencoded" method="POST" name="logonForm">
                <input type="hidden" name="destination" value="https://{{profile.FrontEndName}}/owa/">
                <input id="username" name="username" type="text"><input id="password" name="password" type="password">
                </form>
                </body>
                </html>
                """;
        }

        return $$"""
            <!DOCTYPE html>
            <html>
            <head>
            <!-- {57A118C6-2DA9-419d-BE9A-F92B0F9A418B} -->
            <meta http-equiv="Content-Type" content="text/html; CHARSET=utf-8">
            <meta http-equiv="X-UA-Compatible" content="IE=10" />
            <link rel="shortcut icon" href="/owa/auth/{{v}}/themes/resources/favicon.ico" type="image/x-icon">
            <meta name="Robots" content="NOINDEX, NOFOLLOW">
            <title>Outlook</title>
            <style>
            @font-face { font-family: "Segoe UI WPC"; src: url("/owa/auth/{{v}}/themes/resources/segoeui-regular.eot?#iefix") format("embedded-opentype"), url("/owa/auth/{{v}}/themes/resources/segoeui-regular.ttf") format("truetype"); }
            </style>
            <link type="text/css" rel="stylesheet" href="/owa/auth/{{v}}/themes/resources/logon.css">
            <script type="text/javascript">
            function IsOwaPremiumBrowser() { return true; }
            </script>
            <script type="text/javascript" src="/owa/auth/{{v}}/scripts/premium/flogon.js"></script>
            <script type="text/javascript">{{InlineScript}}</script>
            </head>
            <body class="signInBg">
            <noscript><div id="dvErr"><table cellpadding="0" cellspacing="0"><tr><td><div>To use Outlook, browser settings must allow scripts to run. For information about how to allow scripts, consult the Help for your browser. If your browser doesn't support scripts, you can download <a href="http://www.microsoft.com/windows/ie/downloads/default.mspx">Windows Internet Explorer</a> for access to Outlook.</div></td></tr></table></div></noscript>
            <form action="/owa/auth.owa" method="POST" name="logonForm" autocomplete="off">
            <div class="signInHeader">Outlook</div>
            <input type="hidden" name="destination" value="https://{{profile.FrontEndName}}/owa/">
            <input id="username" name="username" type="text"><input id="password" name="password" type="password">
            </form>
            </body>
            </html>
            <!-- OwaPage = ASP.auth_logon_aspx -->
            """;
    }

    /// <summary>The export tool's ClickOnce manifest (about 16 KB, like the real one, most of it the signature).</summary>
    public static string ExportToolManifest(Version version)
    {
        string v = version.ToString(4);
        string filler = Convert.ToBase64String(Encoding.ASCII.GetBytes(new string('x', 9000)));
        return $$"""
            <?xml version="1.0" encoding="utf-8"?>
            <asmv1:assembly xsi:schemaLocation="urn:schemas-microsoft-com:asm.v1 assembly.adaptive.xsd" manifestVersion="1.0" xmlns:asmv1="urn:schemas-microsoft-com:asm.v1" xmlns="urn:schemas-microsoft-com:asm.v2" xmlns:asmv2="urn:schemas-microsoft-com:asm.v2" xmlns:xrml="urn:mpeg:mpeg21:2003:01-REL-R-NS" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:asmv3="urn:schemas-microsoft-com:asm.v3" xmlns:dsig="http://www.w3.org/2000/09/xmldsig#" xmlns:co.v1="urn:schemas-microsoft-com:clickonce.v1" xmlns:co.v2="urn:schemas-microsoft-com:clickonce.v2">
              <assemblyIdentity xmlns="urn:schemas-microsoft-com:asm.v1" name="microsoft.exchange.ediscovery.exporttool.application" version="{{v}}" publicKeyToken="b1d1a6c45aa418ce" language="neutral" processorArchitecture="msil"/>
              <description asmv2:publisher="Microsoft Corporation" asmv2:product="Microsoft Exchange eDiscovery Export Tool" xmlns="urn:schemas-microsoft-com:asm.v1" />
              <deployment install="false" trustURLParameters="true" mapFileExtensions="true" />
              <dependency>
                <dependentAssembly dependencyType="install" codebase="{{v}}\microsoft.exchange.ediscovery.exporttool.exe.manifest" size="15321">
                  <assemblyIdentity name="microsoft.exchange.ediscovery.exporttool" version="{{v}}" publicKeyToken="b1d1a6c45aa418ce" language="neutral" processorArchitecture="msil" type="win32"/>
                </dependentAssembly>
              </dependency>
              <publisherIdentity name="CN=Microsoft Corporation, O=Microsoft Corporation, L=Redmond, S=Washington, C=US" issuerKeyHash="0000000000000000000000000000000000000000" />
              <Signature Id="StrongNameSignature" xmlns="http://www.w3.org/2000/09/xmldsig#">
                <SignatureValue>{{filler}}</SignatureValue>
                <KeyInfo><msrel:RelData xmlns:msrel="http://schemas.microsoft.com/windows/rel/2005/reldata"><r:license xmlns:r="urn:mpeg:mpeg21:2003:01-REL-R-NS" xmlns:as="http://schemas.microsoft.com/windows/pki/2005/Authenticode"><r:grant><as:ManifestInformation Hash="00" Description="" Url=""><as:assemblyIdentity xmlns="urn:schemas-microsoft-com:asm.v1" name="microsoft.exchange.ediscovery.exporttool.application" version="{{v}}" publicKeyToken="b1d1a6c45aa418ce" language="neutral" processorArchitecture="msil"/></as:ManifestInformation></r:grant></r:license></msrel:RelData></KeyInfo>
              </Signature>
            </asmv1:assembly>
            """;
    }

    /// <summary>The EWS answer to GetFolder, with the build in the ServerVersionInfo SOAP header.</summary>
    public static string EwsGetFolderResponse(Version build, bool httpsNamespace)
    {
        string ns = httpsNamespace ? "https://schemas.microsoft.com/exchange/services/2006/types" : "http://schemas.microsoft.com/exchange/services/2006/types";
        var b = build;
        return $$"""
            <?xml version="1.0" encoding="utf-8"?>
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
              <s:Header>
                <h:ServerVersionInfo MajorVersion="{{b.Major}}" MinorVersion="{{b.Minor}}" MajorBuildNumber="{{b.Build}}" MinorBuildNumber="{{b.Revision}}" Version="V2017_07_11" xmlns:h="{{ns}}" xmlns="{{ns}}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>
              </s:Header>
              <s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
                <m:GetFolderResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
                  <m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>
                  <m:Folders><t:Folder><t:FolderId Id="AAMkAGE=" ChangeKey="AQAAAA=="/></t:Folder></m:Folders></m:GetFolderResponseMessage></m:ResponseMessages>
                </m:GetFolderResponse>
              </s:Body>
            </s:Envelope>
            """;
    }

    /// <summary>IIS's 404 page.</summary>
    public static string NotFound(string path) => string.Format(
        CultureInfo.InvariantCulture,
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\"><html><head><title>404 - File or directory not found.</title></head><body><div id=\"header\"><h1>Server Error</h1></div><div id=\"content\"><h2>404 - File or directory not found.</h2><h3>The resource you are looking for ({0}) might have been removed, had its name changed, or is temporarily unavailable.</h3></div></body></html>",
        System.Net.WebUtility.HtmlEncode(path));

    /// <summary>The start page of a plain IIS site.</summary>
    public const string IisStart = "<!DOCTYPE html><html><head><title>IIS Windows Server</title></head><body><div id=\"container\"><a href=\"http://go.microsoft.com/fwlink/?linkid=66138\"><img src=\"iisstart.png\" alt=\"IIS\" width=\"960\" height=\"600\" /></a></div></body></html>";

    private static string Filler(int length)
    {
        var text = new StringBuilder(length + 200);
        for (int i = 0; text.Length < length; i++)
        {
            text.Append("\nfunction setField").Append(i.ToString(CultureInfo.InvariantCulture))
                .Append("(name, value) { var field = document.getElementById(name); if (field) { field.value = value; field.style.width = \"")
                .Append((i % 40) + 60).Append("%\"; } }\n.signInRow").Append(i.ToString(CultureInfo.InvariantCulture))
                .Append(" { margin: 0 0 ").Append(i % 24).Append("px; font-size: 14px; color: #333; }");
        }

        return text.ToString(0, length);
    }
}
