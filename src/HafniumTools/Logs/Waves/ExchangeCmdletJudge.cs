using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// Judges one Exchange cmdlet run (name, parameters, success) for the ProxyShell post-exploitation steps, the same
/// for the Remote PowerShell cmdlet log and MSExchange Management events: a mailbox export or certificate request
/// written to a web path, the Mailbox Import Export role granted, the export request removed. Ordinary admin
/// cmdlets (and PST exports to a file share) give nothing at Medium or above.
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

    /// <summary>The rule and detail for one cmdlet run, or null for an ordinary one.</summary>
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

        if (Is(name, "New-ManagementRoleAssignment") && Value(parameters, "Role") is { } role && role.IndexOf("Mailbox Import Export", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            string to = Value(parameters, "User") ?? Value(parameters, "SecurityGroup") ?? Value(parameters, "Policy") ?? "?";
            return (rules.ImportExportRoleGranted, "Role Mailbox Import Export assigned to " + to + (succeeded ? string.Empty : " (failed)") + ".");
        }

        if (Is(name, "Remove-MailboxExportRequest"))
        {
            return (rules.ExportRequestRemoved, "Export request " + (Value(parameters, "Identity") ?? "(from the pipeline)") + " removed.");
        }

        return null;
    }

    /// <summary>True for a path a web server serves or runs: a page extension, a web folder, or a loopback admin share.</summary>
    public static bool IsWebPath(string path)
    {
        string value = path.Trim().Trim('"', '\'').Replace('/', '\\');
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
