using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using HafniumTools.Commands.Infrastructure;
using HafniumTools.Core;
using HafniumTools.Remote;

namespace HafniumTools.Commands;

/// <summary>
/// <para type="synopsis">Probes Exchange servers over the network: reachability and TLS, Exchange build and patch status, the CVE-2021-26855 state and, on request, web shells.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "HafniumExposure", DefaultParameterSetName = ComputerNameSet)]
[OutputType(typeof(ExposureResult))]
public sealed class TestHafniumExposureCommand : HafniumCmdlet
{
    private const string ComputerNameSet = "ComputerName";
    private const string UriSet = "Uri";
    private const string InputObjectSet = "InputObject";
    private const int ProgressActivityId = 0x455850;

    /// <summary>Properties that name a server, most specific first (PSComputerName is the EMS endpoint, never read).</summary>
    private static readonly string[] ServerProperties = ["Fqdn", "ComputerName", "DnsHostName"];

    private ExposureSweep? _sweep;
    private ProgressReporter? _progress;

    /// <summary>Names or addresses of the servers (host:port allowed); probed over https on -Port.</summary>
    [Parameter(ParameterSetName = ComputerNameSet, Mandatory = true, Position = 0)]
    [Alias("CN", "Fqdn")]
    [ValidateNotNullOrEmpty]
    public string[]? ComputerName { get; set; }

    /// <summary>Endpoints as https://host:port/ (http:// allowed; credentials are never sent over it).</summary>
    [Parameter(ParameterSetName = UriSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public Uri[]? Uri { get; set; }

    /// <summary>Strings (names or URIs), Get-ExchangeServer objects (Fqdn), objects with ComputerName, earlier results.</summary>
    [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The https port for names (a URI carries its own).</summary>
    [Parameter(ParameterSetName = ComputerNameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 443;

    /// <summary>Credential for one authenticated EWS call that reads the full build (Negotiate, NTLM or Basic; https only).</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>Probe whatever the certificate (recorded in each result); also allows -Credential to a host whose certificate does not validate.</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Request the module's known web-shell paths; an answer with non-Exchange content is a Compromise finding.</summary>
    [Parameter]
    public SwitchParameter WebShell { get; set; }

    /// <summary>Further paths to request as possible web shells, e.g. /owa/auth/x.aspx.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? WebShellPath { get; set; }

    /// <summary>Only the CVE-2021-26855 check, one request per target: no OWA request and no build probe.</summary>
    [Parameter]
    public SwitchParameter SkipBuildProbe { get; set; }

    /// <summary>How many targets are probed at the same time.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = 64;

    /// <summary>Write each result as soon as its target is done, instead of in input order.</summary>
    [Parameter]
    public SwitchParameter AsCompleted { get; set; }

    /// <summary>Longest wait, in seconds, for a TCP connection.</summary>
    [Parameter]
    [ValidateRange(0.05, 600.0)]
    public double ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>Longest wait, in seconds, for the first byte of the TLS handshake answer and of each response.</summary>
    [Parameter]
    [ValidateRange(0.05, 600.0)]
    public double FirstByteTimeoutSeconds { get; set; } = 10;

    /// <summary>Longest time, in seconds, one target may take with every request.</summary>
    [Parameter]
    [ValidateRange(0.1, 86400.0)]
    public double TotalTimeoutSeconds { get; set; } = 60;

    /// <summary>A newer build catalog file to use instead of the one shipped in the module.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CatalogPath { get; set; }

    protected override void BeginProcessing()
    {
        var catalog = new BuildCatalogAdapter(BuildCatalogLoading.Load(this, CatalogPath));
        string[] webShellPaths = NormalizedWebShellPaths();
        var options = new ExposureOptions
        {
            ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSeconds),
            FirstByteTimeout = TimeSpan.FromSeconds(FirstByteTimeoutSeconds),
            TotalTimeout = TimeSpan.FromSeconds(TotalTimeoutSeconds),
            SkipCertificateCheck = SkipCertificateCheck,
            Credential = Credential?.GetNetworkCredential(),
            ProbeKnownWebShells = WebShell,
            WebShellPaths = webShellPaths,
            SkipBuildProbe = SkipBuildProbe,
        };
        if (Credential is not null && SkipCertificateCheck)
        {
            WriteVerbose("-SkipCertificateCheck with -Credential: the EWS call goes to servers whose certificate does not validate, pinned to the certificate the anonymous probes saw.");
        }

        var probe = new ExposureProbe(options, catalog);
        _sweep = new ExposureSweep(probe.ProbeAsync, probe.Failed, ThrottleLimit, ordered: !AsCompleted, CancellationToken);
        _progress = CreateProgress(ProgressActivityId, "Test-HafniumExposure: probing Exchange endpoints");
    }

    protected override void ProcessRecord()
    {
        RunCancellable(() =>
        {
            switch (ParameterSetName)
            {
                case ComputerNameSet:
                    foreach (string name in ComputerName!)
                    {
                        AddTarget(name, ExposureTarget.TryParse(name, Port, out var target, out string? reason), target, reason);
                    }

                    break;
                case UriSet:
                    foreach (var uri in Uri!)
                    {
                        AddTarget(uri, ExposureTarget.TryFromUri(uri.OriginalString, uri, out var target, out string? reason), target, reason);
                    }

                    break;
                default:
                    AddReadableInput(InputObject);
                    break;
            }
        });
    }

    protected override void EndProcessing()
    {
        RunCancellable(() => _sweep!.Complete(Write));
        _progress?.Complete();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sweep?.Dispose();
        }

        base.Dispose(disposing);
    }

    // An input whose own code throws (a getter, ToString) is refused with why; the others are still probed.
    private void AddReadableInput(PSObject? input)
    {
        try
        {
            AddInput(input);
        }
        catch (Exception e) when (IsInputCodeFailure(e))
        {
            WriteNoTarget(input, "it could not be read (" + e.GetType().Name + ": " + e.Message + ")");
        }
    }

    private void AddInput(PSObject? input)
    {
        object? value = InputProperties.Unwrap(input);
        ExposureTarget? target;
        string? reason;
        switch (value)
        {
            case null:
                WriteNoTarget(input, "the input is null");
                return;
            case string text:
                AddTarget(text, ExposureTarget.TryParse(text, Port, out target, out reason), target, reason);
                return;
            case System.Uri uri:
                AddTarget(uri, ExposureTarget.TryFromUri(uri.OriginalString, uri, out target, out reason), target, reason);
                return;
        }

        string? name = InputProperties.GetString(input, ServerProperties);
        if (InputProperties.Unwrap(InputProperties.GetValue(input, "Uri")) is { } uriValue
            && System.Uri.TryCreate(uriValue.ToString(), UriKind.Absolute, out var endpoint))
        {
            // An earlier result (live or deserialized): probe the same endpoint under the same name.
            AddTarget(input, ExposureTarget.TryFromUri(endpoint.OriginalString, endpoint, name, out target, out reason), target, reason);
            return;
        }

        if (name is null)
        {
            WriteNoTarget(input, "it has none of the properties " + string.Join(", ", ServerProperties) + " or Uri");
            return;
        }

        AddTarget(input, ExposureTarget.TryFromName(name, name, Port, out target, out reason), target, reason);
    }

    private void AddTarget(object? input, bool valid, ExposureTarget? target, string? reason)
    {
        if (!valid)
        {
            WriteItemError(
                new ArgumentException($"'{Describe(input)}' is not a target that can be probed: {reason}."),
                ErrorIds.InvalidExposureTarget,
                ErrorCategory.InvalidArgument,
                input is PSObject pso && pso.BaseObject is string or System.Uri ? pso.BaseObject : input,
                "Give a host name or address (ex01.contoso.com, 10.0.0.5, ex01:8443) or an https URI (https://mail.contoso.com/).");
            return;
        }

        _sweep!.Add(target!, Write);
    }

    private void WriteNoTarget(object? input, string reason) =>
        WriteItemError(
            new ArgumentException("The input names no server to probe: " + reason + "."),
            ErrorIds.NoTargetOnInput,
            ErrorCategory.InvalidArgument,
            input,
            "Pipe names or URIs, Get-ExchangeServer objects, or objects with a ComputerName or Fqdn property.");

    private void Write(ExposureResult result)
    {
        WriteObject(result);
        _progress!.Report(
            _sweep!.Delivered,
            _sweep.Started,
            string.Format(CultureInfo.InvariantCulture, "{0:N0} of {1:N0} targets done", _sweep.Delivered, _sweep.Started),
            result.ComputerName + ": " + result.Reachability + (result.Build is null ? string.Empty : ", " + result.Build + " " + result.PatchStatus) + ", SSRF " + result.SsrfStatus);
    }

    private string[] NormalizedWebShellPaths()
    {
        try
        {
            return (WebShellPath ?? []).Select(WebShellProbe.NormalizePath).ToArray();
        }
        catch (ArgumentException e)
        {
            ThrowTerminating(e, ErrorIds.InvalidWebShellPath, ErrorCategory.InvalidArgument, WebShellPath);
            return [];
        }
    }

    private static string Describe(object? input)
    {
        string text;
        try
        {
            text = InputProperties.Unwrap(input)?.ToString() ?? string.Empty;
        }
        catch (Exception e) when (IsInputCodeFailure(e))
        {
            text = InputProperties.TypeNames(input).FirstOrDefault() ?? string.Empty;
        }

        return text.Length > 80 ? text.Substring(0, 80) + "..." : text;
    }
}
