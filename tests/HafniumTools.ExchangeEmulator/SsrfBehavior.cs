namespace HafniumTools.ExchangeEmulator;

/// <summary>How an emulated front end answers the CVE-2021-26855 probe (the X-AnonResource cookies naming localhost).</summary>
public enum SsrfBehavior
{
    /// <summary>Unpatched 2013/2016/2019: computes localhost as the back end, says so in X-CalculatedBETarget, fails with 500.</summary>
    Vulnerable,

    /// <summary>Patched: refuses the name, routes nowhere special (a real FQDN in X-CalculatedBETarget, 404).</summary>
    Patched,

    /// <summary>The EOMT URL Rewrite rules: any request whose cookie matches is aborted without an answer.</summary>
    Mitigated,

    /// <summary>Exchange 2010 (no front-end proxy, not affected): an ordinary 404.</summary>
    NotAffected,
}
