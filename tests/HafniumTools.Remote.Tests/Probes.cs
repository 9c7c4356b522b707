using System;
using System.Threading;
using System.Threading.Tasks;
using HafniumTools.Builds;
using HafniumTools.Remote;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>Runs the probe of one target with test options (short timeouts, the shipped catalog).</summary>
internal static class Probes
{
    public static BuildCatalogAdapter Catalog { get; } = new(BuildCatalog.Embedded);

    public static ExposureOptions Options(
        bool skipCertificateCheck = true,
        double connectSeconds = 5,
        double firstByteSeconds = 5,
        double totalSeconds = 30,
        System.Net.NetworkCredential? credential = null,
        bool webShell = false,
        bool skipBuildProbe = false,
        params string[] webShellPaths) => new()
    {
        SkipBuildProbe = skipBuildProbe,
        ConnectTimeout = TimeSpan.FromSeconds(connectSeconds),
        FirstByteTimeout = TimeSpan.FromSeconds(firstByteSeconds),
        TotalTimeout = TimeSpan.FromSeconds(totalSeconds),
        SkipCertificateCheck = skipCertificateCheck,
        Credential = credential,
        ProbeKnownWebShells = webShell,
        WebShellPaths = webShellPaths,
    };

    public static ExposureTarget Target(Uri uri)
    {
        Assert.True(ExposureTarget.TryFromUri(uri.ToString(), uri, out var target, out string? reason), reason);
        return target!;
    }

    public static Task<ExposureResult> ProbeAsync(Uri uri, ExposureOptions? options = null, CancellationToken cancellationToken = default) =>
        new ExposureProbe(options ?? Options(), Catalog).ProbeAsync(Target(uri), cancellationToken);
}
