using System.Collections.Generic;

namespace HafniumTools.ExchangeEmulator;

/// <summary>
/// A fleet of named front ends across the products, patched, unpatched and mitigated, with and without X-OWA-Version,
/// each with the answer Test-HafniumExposure must give (build precision, patch status, CVE-2021-26855 state).
/// Builds are the catalog's (Microsoft's build list).
/// </summary>
public static class ExchangeProfiles
{
    public static ExchangeProfile Exchange2010Ru31 { get; } = ExchangeProfile.Exchange2010("Exchange 2010 SP3 RU31 (X-OWA-Version)", "14.3.509.0", owaVersionHeader: true);

    public static ExchangeProfile Exchange2010Ru32 { get; } = ExchangeProfile.Exchange2010("Exchange 2010 SP3 RU32 (asset path only)", "14.3.513.0", owaVersionHeader: false);

    public static ExchangeProfile Exchange2013Cu23Unpatched { get; } = ExchangeProfile.Exchange("Exchange 2013 CU23 unpatched", "15.0.1497.2", "15.0.1497.2", SsrfBehavior.Vulnerable);

    public static ExchangeProfile Exchange2013Cu23Mar21 { get; } = ExchangeProfile.Exchange("Exchange 2013 CU23 Mar21SU", "15.0.1497.12", "15.0.1497.2", SsrfBehavior.Patched);

    public static ExchangeProfile Exchange2016Cu19Unpatched { get; } = ExchangeProfile.Exchange("Exchange 2016 CU19 Feb21SU, unpatched", "15.1.2176.4", "15.1.2176.2", SsrfBehavior.Vulnerable);

    public static ExchangeProfile Exchange2016Cu19Mar21Header { get; } = ExchangeProfile.Exchange("Exchange 2016 CU19 Mar21SU (X-OWA-Version)", "15.1.2176.9", "15.1.2176.2", SsrfBehavior.Patched, owaVersionHeader: true);

    public static ExchangeProfile Exchange2016Cu19Mitigated { get; } = ExchangeProfile.Exchange("Exchange 2016 CU19, unpatched but mitigated (EOMT)", "15.1.2176.2", "15.1.2176.2", SsrfBehavior.Mitigated);

    /// <summary>Patched, but neither X-OWA-Version nor version routing shows it: only the CU is known.</summary>
    public static ExchangeProfile Exchange2016Cu19NoRouting { get; } = new()
    {
        Name = "Exchange 2016 CU19 Mar21SU, no version routing",
        Build = new(15, 1, 2176, 9),
        CumulativeUpdateRelease = new(15, 1, 2176, 2),
        Ssrf = SsrfBehavior.Patched,
        RoutesExportTool = false,
    };

    public static ExchangeProfile Exchange2019Cu8Unpatched { get; } = ExchangeProfile.Exchange("Exchange 2019 CU8 unpatched", "15.2.792.3", "15.2.792.3", SsrfBehavior.Vulnerable);

    public static ExchangeProfile Exchange2019Cu8Mar21Header { get; } = ExchangeProfile.Exchange("Exchange 2019 CU8 Mar21SU (X-OWA-Version)", "15.2.792.10", "15.2.792.3", SsrfBehavior.Patched, owaVersionHeader: true);

    public static ExchangeProfile ExchangeSeJun26 { get; } = ExchangeProfile.Exchange("Exchange SE RTM Jun26SU", "15.2.2562.43", "15.2.2562.17", SsrfBehavior.Patched);

    /// <summary>Every Exchange profile above.</summary>
    public static IReadOnlyList<ExchangeProfile> All { get; } =
    [
        Exchange2010Ru31, Exchange2010Ru32, Exchange2013Cu23Unpatched, Exchange2013Cu23Mar21, Exchange2016Cu19Unpatched,
        Exchange2016Cu19Mar21Header, Exchange2016Cu19Mitigated, Exchange2016Cu19NoRouting, Exchange2019Cu8Unpatched,
        Exchange2019Cu8Mar21Header, ExchangeSeJun26,
    ];
}
