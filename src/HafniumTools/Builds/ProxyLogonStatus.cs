namespace HafniumTools.Builds;

/// <summary>Whether a build carries the March 2021 fixes for the ProxyLogon CVEs that affect its product.</summary>
public enum ProxyLogonStatus
{
    /// <summary>The build cannot be judged (not in the catalog, newer than the catalog, or not Exchange).</summary>
    Unknown,

    /// <summary>Every ProxyLogon CVE that affects the product is fixed at this build.</summary>
    Patched,

    /// <summary>At least one ProxyLogon CVE is open at this build.</summary>
    Vulnerable,

    /// <summary>The version shows the CU but not the security updates, and a security update would decide it.</summary>
    Indeterminate,

    /// <summary>The product was not affected by the March 2021 vulnerabilities.</summary>
    NotApplicable,
}
