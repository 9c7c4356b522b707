using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using HafniumTools.Builds;
using HafniumTools.ExchangeEmulator;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>The text rules on the documented real shapes: markers, asset paths, the manifest, the SSRF answer, EWS SOAP.</summary>
public class FingerprintTests
{
    private static ProbeResponse Response(int status, string body = "", params (string Name, string Value)[] headers)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in headers)
        {
            list.Add(new(name, value));
        }

        return new ProbeResponse(status, "X", "HTTP/1.1", list, Encoding.UTF8.GetBytes(body), false, true);
    }

    [Theory]
    [InlineData("<link rel=\"shortcut icon\" href=\"/owa/auth/15.1.2176/themes/resources/favicon.ico\" type=\"image/x-icon\">", "15.1.2176")]
    [InlineData("url(\"/owa/auth/15.2.858/themes/resources/segoeui-regular.eot?#iefix\")", "15.2.858")]
    [InlineData("href=\"/owa/14.3.169.1/themes/resources/favicon.ico\"", "14.3.169.1")]
    [InlineData("href=\"/owa/8.3.485.1/themes/base/logon.css\"", "8.3.485.1")]
    [InlineData("<a href=\"/owa/auth/logon.aspx\">", null)]
    public void The_asset_path_names_the_build(string page, string? expected)
    {
        Assert.Equal(expected, ExchangeFingerprint.AssetBuild(page));
    }

    [Fact]
    public void The_most_frequent_version_folder_wins()
    {
        string page = "/owa/auth/15.1.2176/themes/a.css /owa/auth/15.1.2176/scripts/b.js /owa/auth/15.1.1/x/";

        Assert.Equal("15.1.2176", ExchangeFingerprint.AssetBuild(page));
    }

    [Fact]
    public void The_emulated_logon_pages_carry_the_markers_and_version_folders()
    {
        string modern = ExchangePages.Logon(ExchangeProfiles.Exchange2016Cu19Mar21Header);
        string legacy = ExchangePages.Logon(ExchangeProfiles.Exchange2010Ru32);

        Assert.True(ExchangeFingerprint.IsOwaPage(modern));
        Assert.True(ExchangeFingerprint.IsOwaPage(legacy));
        Assert.Equal("15.1.2176", ExchangeFingerprint.AssetBuild(modern));
        Assert.Equal("14.3.513.0", ExchangeFingerprint.AssetBuild(legacy));
        Assert.False(ExchangeFingerprint.IsOwaPage(ExchangePages.IisStart));
    }

    [Theory]
    [InlineData("<html><script>function isowapremiumbrowser() {}</script></html>", "function IsOwaPremiumBrowser")]
    [InlineData("<!-- OWAPAGE = asp.auth_logon_aspx -->\u00e9t\u00e9", "OwaPage = ASP.auth_logon_aspx")]
    [InlineData("caf\u00e9 <TITLE>outlook web app</TITLE>", "<title>Outlook Web App</title>")]
    [InlineData("<title>Outlook Web</title> function IsOwaPremium", null)]
    [InlineData("", null)]
    public void A_page_marker_is_found_in_the_bytes_of_a_body_in_any_case(string body, string? expected)
    {
        var response = Response(200, body);

        Assert.Equal(expected, ExchangeFingerprint.PageMarker(response));
        Assert.Equal(ExchangeFingerprint.PageMarker(response.BodyText), ExchangeFingerprint.PageMarker(response));
        Assert.Equal(expected is not null, ExchangeFingerprint.IsOwaPage(response));
    }

    [Theory]
    [InlineData("X-FEServer", "EX01", "header X-FEServer: EX01")]
    [InlineData("X-OWA-Version", "15.1.2176.9", "header X-OWA-Version: 15.1.2176.9")]
    [InlineData("X-CalculatedBETarget", "ex01.contoso.local", "header X-CalculatedBETarget: ex01.contoso.local")]
    public void Front_end_headers_are_Exchange_markers(string name, string value, string expected)
    {
        Assert.Equal(expected, ExchangeFingerprint.Marker(Response(200, string.Empty, (name, value))));
    }

    [Fact]
    public void A_redirect_to_the_OWA_error_page_marks_a_broken_Exchange()
    {
        var broken = Response(302, string.Empty, ("Location", "/owa/auth/errorFE.aspx?httpCode=500"), ("Server", "Microsoft-IIS/10.0"));

        Assert.StartsWith("redirect to the OWA error page", ExchangeFingerprint.Marker(broken), StringComparison.Ordinal);
        Assert.Null(ExchangeFingerprint.Marker(Response(302, string.Empty, ("Location", "/login"))));
        Assert.Null(ExchangeFingerprint.Marker(Response(200, ExchangePages.IisStart, ("Server", "Microsoft-IIS/10.0"))));
    }

    [Fact]
    public void The_manifest_version_is_read_from_the_export_tool_identity_whatever_the_attribute_order()
    {
        Assert.Equal("15.1.2375.7", ExchangeFingerprint.ManifestBuild(ExchangePages.ExportToolManifest(new Version(15, 1, 2375, 7))));
        Assert.Equal("15.2.986.5", ExchangeFingerprint.ManifestBuild(
            "<assembly><assemblyIdentity version=\"15.2.986.5\" name=\"microsoft.exchange.ediscovery.exporttool\" type=\"win32\"/></assembly>"));
        Assert.Equal("15.2.986.5", ExchangeFingerprint.ManifestBuild(
            "<asmv1:assembly><asmv1:assemblyIdentity name=\"microsoft.exchange.ediscovery.exporttool.application\" version=\"15.2.986.5\"/></asmv1:assembly>"));
        Assert.Null(ExchangeFingerprint.ManifestBuild("<assembly><assemblyIdentity name=\"other.app\" version=\"1.2.3.4\"/></assembly>"));
        Assert.Null(ExchangeFingerprint.ManifestBuild(ExchangePages.IisStart));
    }

    [Fact]
    public void SSRF_verdicts_follow_Microsofts_check()
    {
        Assert.Equal(SsrfStatus.Vulnerable, SsrfCheck.Judge(Response(500, string.Empty, ("X-CalculatedBETarget", "localhost"))).Status);
        Assert.Equal(SsrfStatus.Vulnerable, SsrfCheck.Judge(Response(302, string.Empty, ("X-CalculatedBETarget", "LOCALHOST"))).Status);
        Assert.Equal(SsrfStatus.Vulnerable, SsrfCheck.Judge(Response(500, "NegotiateSecurityContext failed")).Status);
        Assert.Equal(SsrfStatus.NotVulnerable, SsrfCheck.Judge(Response(500, "Internal error")).Status);
        Assert.Equal(SsrfStatus.NotVulnerable, SsrfCheck.Judge(Response(404, string.Empty, ("X-CalculatedBETarget", "ex01.contoso.local"))).Status);
        Assert.Contains("not localhost", SsrfCheck.Judge(Response(404, string.Empty, ("X-CalculatedBETarget", "ex01.contoso.local"))).Fact, StringComparison.Ordinal);
        Assert.Equal("Cookie", Assert.Single(SsrfCheck.Headers).Key);
        Assert.Contains("X-AnonResource-Backend=localhost/ecp/default.flt?~3", SsrfCheck.Cookie, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ServerVersionInfo_gives_the_build_in_either_namespace_spelling(bool https)
    {
        Assert.True(EwsVersionQuery.TryReadServerVersion(ExchangePages.EwsGetFolderResponse(new Version(15, 0, 775, 7), https), out var build, out string? schema));
        Assert.Equal(new Version(15, 0, 775, 7), build);
        Assert.Equal("V2017_07_11", schema);
    }

    [Theory]
    [InlineData("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/></s:Envelope>")]
    [InlineData("<h:ServerVersionInfo xmlns:h=\"x\" MajorVersion=\"15\" MinorVersion=\"x\" MajorBuildNumber=\"1\" MinorBuildNumber=\"2\"/>")]
    [InlineData("<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>")]
    [InlineData("not xml at all")]
    [InlineData("")]
    public void Anything_else_gives_no_build(string soap)
    {
        Assert.False(EwsVersionQuery.TryReadServerVersion(soap, out var build, out _));
        Assert.Null(build);
    }

    [Fact]
    public void Offered_schemes_are_tried_Negotiate_NTLM_Basic()
    {
        var challenge = Response(401, string.Empty, ("WWW-Authenticate", "Basic realm=\"mail\""), ("WWW-Authenticate", "NTLM"), ("WWW-Authenticate", "Negotiate"), ("WWW-Authenticate", "Bearer"));

        Assert.Equal(["Negotiate", "NTLM", "Basic"], EwsVersionQuery.OfferedSchemes(challenge));
        Assert.Empty(EwsVersionQuery.OfferedSchemes(Response(401, string.Empty, ("WWW-Authenticate", "Bearer"))));
    }

    [Fact]
    public void The_catalog_lists_the_builds_of_a_CU_and_judges_CU_level_builds_as_indeterminate()
    {
        var catalog = Probes.Catalog;

        var cu19 = catalog.BuildsOfCumulativeUpdate(new Version(15, 1, 2176));

        Assert.Contains(new Version(15, 1, 2176, 2), cu19);
        Assert.Contains(new Version(15, 1, 2176, 9), cu19);
        Assert.All(cu19, v => Assert.Equal(2176, v.Build));
        Assert.Equal(cu19[0], new Version(15, 1, 2176, 2));
        Assert.Empty(catalog.BuildsOfCumulativeUpdate(new Version(14, 3, 513, 0)));
        Assert.Equal(cu19, catalog.BuildsOfCumulativeUpdate(new Version(15, 1, 2176, 9))); // a full build asks for its CU's list
        Assert.Same(cu19, catalog.BuildsOfCumulativeUpdate(new Version(15, 1, 2176))); // listed once per sweep
        Assert.Equal(new Version(15, 2, 2562, 17), catalog.BuildsOfCumulativeUpdate(new Version(15, 2, 2562, 43))[0]);
        Assert.True(catalog.IsCumulativeUpdateRelease(new Version(15, 2, 2562, 17)));
        Assert.True(catalog.IsCumulativeUpdateRelease(new Version(15, 1, 2176, 2)));
        Assert.False(catalog.IsCumulativeUpdateRelease(new Version(15, 1, 2176, 9)));
        Assert.Equal(ProxyLogonStatus.Indeterminate, catalog.Judge(new Version(15, 1, 2176), false, "EX01").PatchStatus);
        var patched = catalog.Judge(new Version(15, 1, 2176, 9), true, "EX01");
        Assert.Equal(ProxyLogonStatus.Patched, patched.PatchStatus);
        Assert.Equal("Mar21SU", patched.SecurityUpdate);
        Assert.Equal("Exchange2016", patched.Product);
        Assert.Contains("KB5000871", catalog.Judge(new Version(15, 1, 2176, 2), true, "EX01").RecommendedUpdate, StringComparison.Ordinal);
    }

    // The asset-path rule as one pass of the pattern over the decoded text: what the search of the bytes must equal.
    private static string? AssetBuildOverText(string body) =>
        Regex.Matches(body, @"/owa/(?:auth/)?(?<build>[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,5}(?:\.[0-9]{1,5})?)/", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
            .GroupBy(m => m.Groups["build"].Value, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault();

    [Fact]
    public void The_asset_path_found_in_the_bytes_is_the_one_the_pattern_finds_in_the_text()
    {
        string[] parts = ["/owa/", "/OWA/", "/Owa/auth/", "auth/", "15", "1", "2176", "12345", "123456", ".", "..", "/", "/owa/owa/", "\u00e9", "\u0661\u0665", "x", " ", "\"", "/owa/auth/15.1.2176/", "/owa/14.3.513.0/"];
        var random = new Random(26855);
        int found = 0;
        for (int n = 0; n < 3000; n++)
        {
            var text = new StringBuilder();
            int count = random.Next(1, 30);
            for (int i = 0; i < count; i++)
            {
                text.Append(parts[random.Next(parts.Length)]);
            }

            string body = text.ToString();
            string? expected = AssetBuildOverText(body);
            found += expected is null ? 0 : 1;
            Assert.True(expected == ExchangeFingerprint.AssetBuild(body), body + " -> " + expected);
            Assert.Equal(expected, ExchangeFingerprint.AssetBuild(Response(200, body)));
        }

        Assert.InRange(found, 300, 2700); // both outcomes well represented
    }

    [Fact]
    public void A_logon_page_of_real_size_is_read_without_decoding_it()
    {
        // Real logon pages are about 48 KB, most of it inline script; decoded whole, one would be a 96 KB string.
        string page = ExchangePages.Logon(ExchangeProfiles.Exchange2016Cu19Unpatched)
            .Replace("</head>", "<script>/*" + new string('x', 46000) + "*/</script></head>", StringComparison.Ordinal);
        var response = Response(200, page);
        Assert.Equal("15.1.2176", ExchangeFingerprint.AssetBuild(response)); // compiled and warm

        long before = GC.GetAllocatedBytesForCurrentThread();
        string? build = ExchangeFingerprint.AssetBuild(response);
        bool owa = ExchangeFingerprint.IsOwaPage(response);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("15.1.2176", build);
        Assert.True(owa);
        Assert.True(allocated < 16 * 1024, allocated.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
