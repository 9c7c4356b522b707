using System.Collections.Generic;
using System.Globalization;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Configuration;

/// <summary>
/// The URL check of a virtual directory: a URL that carries script or markup is the CVE-2021-27065 chain, a
/// URL that is set but is not a well-formed http(s) URI is an anomaly, an unset or normal URL says nothing.
/// </summary>
internal static class VirtualDirectoryUrlCheck
{
    public static IEnumerable<Finding> Inspect(VirtualDirectoryRecord directory)
    {
        if (directory is null)
        {
            yield break;
        }

        bool oab = directory.Kind == VirtualDirectoryKind.Oab;
        foreach (var url in directory.Urls)
        {
            if (string.IsNullOrWhiteSpace(url.Value))
            {
                continue;
            }

            if (UrlInspection.CarriesScriptOrMarkup(url.Value, out string? indicator))
            {
                yield return Describe(directory, url, oab ? ConfigurationRules.OabUrlScript : ConfigurationRules.VirtualDirectoryUrlScript,
                    string.Format(CultureInfo.InvariantCulture, "{0} of {1} ({2}) carries script or markup: '{3}'.", url.Property, directory.DisplayName, directory.Kind, indicator));
            }
            else if (!UrlInspection.IsWellFormedHttpUrl(url.Value))
            {
                yield return Describe(directory, url, oab ? ConfigurationRules.OabUrlMalformed : ConfigurationRules.VirtualDirectoryUrlMalformed,
                    string.Format(CultureInfo.InvariantCulture, "{0} of {1} ({2}) is not a well-formed absolute http(s) URI.", url.Property, directory.DisplayName, directory.Kind));
            }
        }
    }

    private static Finding Describe(VirtualDirectoryRecord directory, ConfiguredUrl url, DetectionRule rule, string detail) =>
        new(rule, directory.Server)
        {
            Evidence = directory.DisplayName + " " + url.Property,
            Url = url.Value,
            RawText = url.Property + " = " + url.Value,
            Detail = detail,
        };
}
