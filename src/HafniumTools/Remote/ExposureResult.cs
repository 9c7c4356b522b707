using System;
using HafniumTools.Builds;
using HafniumTools.Model;

namespace HafniumTools.Remote;

/// <summary>
/// What the network shows of one target: whether it answers and how (TLS, certificate), whether it is Exchange and
/// which build, the catalog's verdict on that build, the state of CVE-2021-26855, web shells that answered, and the
/// evidence behind each answer. Emitted by Test-HafniumExposure, one per target, always (a target that cannot be
/// reached says why in <see cref="Reachability"/> and <see cref="Error"/>). Flat, so that Export-Csv, ConvertTo-Json
/// and remoting keep everything: lists are <see cref="TextList"/> and <see cref="FindingList"/>, one readable line each
/// in a CSV file.
/// </summary>
public sealed class ExposureResult
{
    /// <summary>The server: the FQDN when the input carried one, else the name or address as given.</summary>
    public string ComputerName { get; init; } = string.Empty;

    /// <summary>The target as given (name, address, URI or the object's name).</summary>
    public string Target { get; init; } = string.Empty;

    /// <summary>The base URI probed, e.g. https://ex01.contoso.com/.</summary>
    public Uri? Uri { get; init; }

    public int Port { get; init; }

    /// <summary>The address the connection was made to, or empty when none was.</summary>
    public string IPAddress { get; init; } = string.Empty;

    /// <summary>True when the target answered HTTP.</summary>
    public bool Reachable => Reachability == Reachability.Reachable;

    public Reachability Reachability { get; init; }

    /// <summary>Why the target could not be probed (DNS, refused, timeout, TLS, certificate, garbage), or empty.</summary>
    public string Error { get; init; } = string.Empty;

    /// <summary>The TLS protocol negotiated (Tls12, Tls13), or empty for plain HTTP and failed handshakes.</summary>
    public string TlsProtocol { get; init; } = string.Empty;

    public string CertificateSubject { get; init; } = string.Empty;

    public string CertificateIssuer { get; init; } = string.Empty;

    /// <summary>The certificate's expiry (UTC).</summary>
    public DateTimeOffset? CertificateExpires { get; init => field = value?.ToUniversalTime(); }

    public string CertificateThumbprint { get; init; } = string.Empty;

    /// <summary>True when the certificate validated (chain and name); null for plain HTTP or when no certificate was seen.</summary>
    public bool? CertificateValidated { get; init; }

    /// <summary>Why the certificate did not validate (policy errors and chain status), or empty.</summary>
    public string CertificateErrors { get; init; } = string.Empty;

    /// <summary>True when -SkipCertificateCheck was given: probes went on whatever the certificate.</summary>
    public bool CertificateCheckSkipped { get; init; }

    /// <summary>True when an answer carried an Exchange marker (OWA page, Exchange headers, export-tool manifest).</summary>
    public bool IsExchange { get; init; }

    /// <summary>The first Exchange marker seen: URL, status and the header or body fact.</summary>
    public string ExchangeEvidence { get; init; } = string.Empty;

    /// <summary>Catalog product id (Exchange2010 ... ExchangeSE), empty when no build was found.</summary>
    public string Product { get; init; } = string.Empty;

    /// <summary>The product's full name, e.g. "Exchange Server 2016".</summary>
    public string ProductName { get; init; } = string.Empty;

    /// <summary>The build: four parts when <see cref="BuildPrecision"/> is Full, three (the CU) when CumulativeUpdate.</summary>
    public Version? Build { get; init; }

    public BuildPrecision BuildPrecision { get; init; }

    public BuildMethod BuildMethod { get; init; }

    /// <summary>Where the build was read: URL, status and the header or body fact.</summary>
    public string BuildEvidence { get; init; } = string.Empty;

    /// <summary>The catalog's name of the build, e.g. "Exchange 2016 CU19 Mar21SU".</summary>
    public string BuildName { get; init; } = string.Empty;

    /// <summary>The servicing line (CU19, SP3), empty when no build was found.</summary>
    public string CumulativeUpdate { get; init; } = string.Empty;

    /// <summary>The newest update at or below the build on its line (Mar21SU, RU32), when the build shows it.</summary>
    public string SecurityUpdate { get; init; } = string.Empty;

    /// <summary>The catalog's ProxyLogon verdict on the build; Indeterminate when only the CU is known and an SU decides.</summary>
    public ProxyLogonStatus PatchStatus { get; init; }

    /// <summary>The ProxyLogon CVEs open at the build.</summary>
    public TextList MissingCves { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>Every catalogued CVE affecting the product that is open at the build.</summary>
    public TextList OpenCves { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>What to install to fix ProxyLogon, from the catalog; empty when nothing is needed or nothing is known.</summary>
    public string RecommendedUpdate { get; init; } = string.Empty;

    /// <summary>The catalog's explanation of <see cref="PatchStatus"/>.</summary>
    public string PatchReason { get; init; } = string.Empty;

    /// <summary>The state of CVE-2021-26855, from Microsoft's anonymous resource request.</summary>
    public SsrfStatus SsrfStatus { get; init; }

    /// <summary>The SSRF request's answer: URL, status and the X-CalculatedBETarget header, or how it was aborted.</summary>
    public string SsrfEvidence { get; init; } = string.Empty;

    /// <summary>The front-end server's NetBIOS name from X-FEServer, when Exchange leaked it.</summary>
    public string FrontEndServer { get; init; } = string.Empty;

    /// <summary>The scheme an authenticated EWS call succeeded with (Negotiate, NTLM, Basic), or empty.</summary>
    public string EwsAuthentication { get; init; } = string.Empty;

    /// <summary>Web shells that answered (-WebShell, -WebShellPath): Compromise findings of category Remote.</summary>
    public FindingList Findings { get; init => field = value ?? FindingList.Empty; } = FindingList.Empty;

    /// <summary>How many web-shell paths were requested (0 unless -WebShell or -WebShellPath).</summary>
    public int WebShellPathsProbed { get; init; }

    /// <summary>Every request made and what came back, in order ("GET /owa/ -> 302 Location: ...").</summary>
    public TextList Evidence { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>What a reader should know beyond the verdicts: disagreeing methods, withheld credentials, checks cut short.</summary>
    public TextList Notes { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>Version of the build catalog that judged <see cref="Build"/>.</summary>
    public string CatalogVersion { get; init; } = string.Empty;

    /// <summary>When the probe of this target started (UTC).</summary>
    public DateTimeOffset CheckedAt { get; init => field = value.ToUniversalTime(); }

    /// <summary>How long the probe of this target took, in milliseconds.</summary>
    public long ElapsedMilliseconds { get; init; }

    public override string ToString() =>
        DisplayText.Escape($"{ComputerName}:{Port} {Reachability} {(Build is null ? string.Empty : Build + " ")}{PatchStatus} SSRF {SsrfStatus}")!;
}
