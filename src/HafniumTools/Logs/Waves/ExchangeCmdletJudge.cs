using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// Judges one Exchange cmdlet run (name, parameters, success) for the ProxyShell post-exploitation steps, the same
/// for the Remote PowerShell cmdlet log and MSExchange Management events: a mailbox export or certificate request
/// written to a web path, the Mailbox Import Export role granted, the export request removed, mail flow and
/// certificates changed. Ordinary admin cmdlets (and PST exports to a file share) give nothing at Medium or above.
/// </summary>
internal static class ExchangeCmdletJudge
{
    // Extensions IIS will run or serve as a page.
    private static readonly string[] PageExtensions = [".aspx", ".ashx", ".asmx", ".asp", ".aspx.req", ".svc", ".config", ".cshtml", ".php", ".jsp"];

    // Folders IIS or Exchange serve, and the loopback admin shares the PoCs write through.
    private static readonly string[] WebPathMarkers =
    [
        @"\inetpub\", @"\wwwroot\", @"\aspnet_client\", @"\owa\auth\", @"\ecp\auth\", @"\FrontEnd\HttpProxy\", @"\ClientAccess\",
        @"\\localhost\", @"\\127.0.0.1\", @"\\[::1]\",
    ];

    private static readonly string[] CertificateVerbs = ["New", "Import", "Enable", "Export", "Remove"];

    private static readonly string[] MailFlowVerbs = ["New", "Set", "Enable", "Disable", "Remove", "Install", "Uninstall"];

    private static readonly string[] MailFlowNouns =
    [
        "TransportRule", "SendConnector", "ReceiveConnector", "ForeignConnector", "DeliveryAgentConnector", "InboundConnector", "OutboundConnector",
        "TransportConfig", "JournalRule", "RemoteDomain", "AcceptedDomain", "TransportAgent", "TransportService", "TransportServer",
        "FrontendTransportService", "MailboxTransportService",
    ];

    private static readonly string[] InboxForwarding = ["ForwardTo", "ForwardAsAttachmentTo", "RedirectTo"];

    private static readonly string[] MailboxForwarding = ["ForwardingSmtpAddress", "ForwardingAddress"];

    /// <summary>
    /// The rule and detail for one cmdlet run, or null for an ordinary one. A file written into a web path is judged
    /// on its own; a mail-flow or certificate change is Low context (<see cref="ExchangeCmdletRules.MailFlowChanged"/>,
    /// <see cref="ExchangeCmdletRules.CertificateChanged"/>) that the hunt promotes when a proxied session preceded it.
    /// </summary>
    public static (DetectionRule Rule, string Detail)? Judge(ExchangeCmdletRules rules, string? cmdlet, IReadOnlyList<KeyValuePair<string, string>> parameters, bool succeeded)
    {
        if (string.IsNullOrWhiteSpace(cmdlet) || parameters is null)
        {
            return null;
        }

        string name = cmdlet!.Trim();
        if (Is(name, "New-MailboxExportRequest") && Value(parameters, "FilePath") is { } file && IsWebPath(file))
        {
            return (succeeded ? rules.ExportToWebPath : rules.ExportToWebPathFailed,
                "Export of " + (Value(parameters, "Mailbox") ?? "?") + " to '" + file + "'"
                + (Value(parameters, "IncludeFolders") is { } folders ? " (folders " + folders + ")" : string.Empty)
                + (succeeded ? ": the file (a PST that holds the shell in clear) was written; find it and remove it." : ": the cmdlet failed; check the path anyway."));
        }

        if (Is(name, "New-ExchangeCertificate") && Value(parameters, "RequestFile") is { } request && IsWebPath(request))
        {
            return (succeeded ? rules.CertificateRequestToWebPath : rules.CertificateRequestToWebPathFailed,
                "Certificate request written to '" + request + "'" + (succeeded ? ": find and remove the file." : ": the cmdlet failed."));
        }

        if (Is(name, "Export-ExchangeCertificate") && (Value(parameters, "FileName") ?? Value(parameters, "Path")) is { } exported && IsWebPath(exported))
        {
            return (succeeded ? rules.CertificateExportToWebPath : rules.CertificateExportToWebPathFailed,
                "Certificate " + (Value(parameters, "Thumbprint") ?? Value(parameters, "Identity") ?? "?") + " exported to '" + exported + "'"
                + (succeeded ? ": find and remove the file, and replace the certificate if its private key was exportable." : ": the cmdlet failed."));
        }

        if (Is(name, "New-ManagementRoleAssignment") && Value(parameters, "Role") is { } role && role.IndexOf("Mailbox Import Export", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            string to = Value(parameters, "User") ?? Value(parameters, "SecurityGroup") ?? Value(parameters, "Policy") ?? "?";
            return (rules.ImportExportRoleGranted, "Role Mailbox Import Export assigned to " + to + (succeeded ? string.Empty : " (failed)") + ".");
        }

        if (Is(name, "Remove-MailboxExportRequest"))
        {
            return (rules.ExportRequestRemoved, "Export request " + (Value(parameters, "Identity") ?? "(from the pipeline)") + " removed.");
        }

        // Only a change that was made is weighed against the sessions before it; a failed one changed nothing.
        if (CertificateChange(name, parameters) is { } certificate)
        {
            return succeeded ? (rules.CertificateChanged, certificate) : (rules.ChangeFailed, certificate + " It failed: nothing was changed.");
        }

        if (MailFlowChange(name, parameters) is { } mailFlow)
        {
            return succeeded ? (rules.MailFlowChanged, mailFlow) : (rules.ChangeFailed, mailFlow + " It failed: nothing was changed.");
        }

        return null;
    }

    // Any change to an Exchange certificate (the request to a web path is judged above), and the OAuth certificate.
    private static string? CertificateChange(string name, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var (verb, noun) = Split(name);
        if (Is(noun, "ExchangeCertificate") && CertificateVerbs.Any(v => Is(v, verb)))
        {
            string what = Value(parameters, "Thumbprint") ?? Value(parameters, "Identity") ?? Value(parameters, "DomainName") ?? Value(parameters, "FriendlyName") ?? "?";
            string file = (Value(parameters, "RequestFile") ?? Value(parameters, "FileName") ?? Value(parameters, "Path")) is { Length: > 0 } path ? ", file '" + path + "'" : string.Empty;
            string services = Value(parameters, "Services") is { Length: > 0 } bound ? ", services " + bound : string.Empty;
            return name + " (certificate " + what + file + services + ")" + Settings(parameters) + ".";
        }

        if (Is(name, "Set-AuthConfig") && (Value(parameters, "NewCertificateThumbprint") ?? Value(parameters, "CertificateThumbprint")) is { Length: > 0 } thumbprint)
        {
            return name + " (OAuth signing certificate " + thumbprint + ").";
        }

        return null;
    }

    // Transport rules, connectors, journaling, remote domains, transport agents and services, and forwarding outside.
    private static string? MailFlowChange(string name, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var (verb, noun) = Split(name);
        if (MailFlowNouns.Any(n => Is(n, noun)) && MailFlowVerbs.Any(v => Is(v, verb)))
        {
            string what = Value(parameters, "Identity") ?? Value(parameters, "Name") ?? string.Empty;
            return name + (what.Length == 0 ? string.Empty : " '" + what + "'") + " (mail flow)" + Settings(parameters) + ".";
        }

        bool inboxRule = Is(noun, "InboxRule") && (Is(verb, "New") || Is(verb, "Set") || Is(verb, "Enable"));
        bool mailbox = Is(name, "Set-Mailbox");
        if (!inboxRule && !mailbox)
        {
            return null;
        }

        string owner = Value(parameters, "Mailbox") ?? Value(parameters, "Identity") ?? string.Empty;
        var forwards = (inboxRule ? InboxForwarding : MailboxForwarding)
            .Select(p => Value(parameters, p))
            .Where(v => v is not null)
            .SelectMany(v => v!.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Select(a => a.Trim().Trim('"', '\'', '{', '}', '[', ']'))
            .Where(a => ForwardsOutside(a, owner))
            .ToList();
        return forwards.Count == 0
            ? null
            : name + (owner.Length == 0 ? string.Empty : " for '" + owner + "'") + " forwards mail to " + string.Join(", ", forwards) + " (mail flow).";
    }

    // An address in another domain than the mailbox's (an alias or display name without '@' is a recipient of the organisation).
    private static bool ForwardsOutside(string address, string owner)
    {
        string value = address.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) ? address.Substring(5) : address;
        int at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            return false;
        }

        int ownerAt = owner.LastIndexOf('@');
        return ownerAt < 0 || !Is(owner.Substring(ownerAt + 1).Trim(), value.Substring(at + 1));
    }

    // What the cmdlet set, beyond the object it names: "-BlindCopyTo archive@evil.example".
    private static string Settings(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var set = parameters.Where(p => !Is(p.Key, "Identity") && !Is(p.Key, "Name") && !Is(p.Key, "Thumbprint") && !Is(p.Key, "Confirm"))
            .Select(p => "-" + p.Key + (p.Value.Length == 0 ? string.Empty : " " + p.Value))
            .ToList();
        return set.Count == 0 ? string.Empty : ": " + ShortText.Cap(string.Join(" ", set), 400);
    }

    private static (string Verb, string Noun) Split(string name)
    {
        int dash = name.IndexOf('-');
        return dash <= 0 ? (string.Empty, name) : (name.Substring(0, dash), name.Substring(dash + 1));
    }

    /// <summary>True for a path a web server serves or runs: a page extension, a web folder, or a loopback admin share.</summary>
    public static bool IsWebPath(string path)
    {
        string value = path.Trim().Trim('"', '\'').Replace('/', '\\');

        // Windows drops a stream suffix and trailing dots and spaces: "x.aspx::$DATA" and "x.aspx. " are x.aspx.
        int stream = value.IndexOf("::$", StringComparison.OrdinalIgnoreCase);
        value = (stream > 0 ? value.Substring(0, stream) : value).TrimEnd('.', ' ');

        // A certificate request saved as "<page>.req" (x.aspx.req) carries the page extension in its name.
        if (value.EndsWith(".req", StringComparison.OrdinalIgnoreCase))
        {
            value = value.Substring(0, value.Length - 4);
        }
        return PageExtensions.Any(e => value.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            || WebPathMarkers.Any(m => value.IndexOf(m, StringComparison.OrdinalIgnoreCase) >= 0);
    }

    private static string? Value(IReadOnlyList<KeyValuePair<string, string>> parameters, string name)
    {
        foreach (var parameter in parameters)
        {
            if (Is(parameter.Key, name))
            {
                return parameter.Value;
            }
        }

        return null;
    }

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
