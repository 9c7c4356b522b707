using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;

namespace HafniumTools.Remote;

/// <summary>
/// The one authenticated call of the module: an EWS GetFolder of the mailbox root (read-only), whose SOAP header
/// <c>ServerVersionInfo</c> carries the full build. The EWS Managed API is not available for netstandard2.0 here, so
/// the module speaks this little EWS itself. HttpClient is used for this call only, because it brings NTLM and
/// Negotiate (the Windows SSPI on .NET Framework, GSSAPI or the managed NTLM on .NET); the schemes are tried in the
/// order Negotiate, NTLM, Basic among those the server's 401 offers, one at a time (a CredentialCache names the scheme,
/// so .NET never sends the credential with another). The credential goes only over https, only to the target's own
/// /EWS/Exchange.asmx, never across a redirect, and only to the certificate the anonymous probes saw.
/// </summary>
internal static class EwsVersionQuery
{
    public const string Path = "/EWS/Exchange.asmx";

    private const int MaxSoapBytes = 256 * 1024;

    private static readonly string[] SchemeOrder = ["Negotiate", "NTLM", "Basic"];

    // GetFolder of msgfolderroot, IdOnly: reads nothing of the mailbox but its root folder id. Exchange2010 is the
    // oldest schema every 2010 SP1 and later server accepts.
    internal const string GetFolderRequest =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\" xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\">"
        + "<soap:Header><t:RequestServerVersion Version=\"Exchange2010\" /></soap:Header>"
        + "<soap:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>"
        + "<m:FolderIds><t:DistinguishedFolderId Id=\"msgfolderroot\" /></m:FolderIds></m:GetFolder></soap:Body>"
        + "</soap:Envelope>";

    /// <summary>The schemes a 401 offers (WWW-Authenticate), in the order they are tried.</summary>
    public static IReadOnlyList<string> OfferedSchemes(ProbeResponse anonymous)
    {
        var offered = anonymous.HeaderValues("WWW-Authenticate")
            .SelectMany(v => v.Split(','))
            .Select(v => v.Trim().Split(' ')[0])
            .ToList();
        return SchemeOrder.Where(s => offered.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>
    /// Tries each offered scheme until one returns a SOAP answer with ServerVersionInfo. Never throws for a network or
    /// authentication failure: the outcome's notes say what happened.
    /// </summary>
    public static async Task<EwsOutcome> QueryAsync(ExposureTarget target, NetworkCredential credential, IReadOnlyList<string> schemes, TlsFacts? tls, ExposureOptions options, TargetBudget budget)
    {
        var outcome = new EwsOutcome();
        var uri = new Uri(target.BaseUri, Path);
        foreach (string scheme in schemes)
        {
            budget.ThrowIfStopped();
            if (await TryOneAsync(uri, scheme, credential, tls, options, budget, outcome).ConfigureAwait(false))
            {
                return outcome;
            }
        }

        return outcome;
    }

    /// <summary>The build in a SOAP answer's ServerVersionInfo header (any namespace), and its schema name.</summary>
    public static bool TryReadServerVersion(string soap, out Version? build, out string? schema)
    {
        build = null;
        schema = null;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxSoapBytes * 2,
            IgnoreComments = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(soap ?? string.Empty), settings);
            while (reader.Read())
            {
                // Matched on the local name: the namespace is .../exchange/services/2006/types, which some copies of
                // Microsoft's documentation show with https.
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "ServerVersionInfo")
                {
                    continue;
                }

                schema = reader.GetAttribute("Version");
                if (Part(reader, "MajorVersion") is int major && Part(reader, "MinorVersion") is int minor
                    && Part(reader, "MajorBuildNumber") is int majorBuild && Part(reader, "MinorBuildNumber") is int minorBuild)
                {
                    build = new Version(major, minor, majorBuild, minorBuild);
                    return true;
                }

                return false;
            }
        }
        catch (XmlException)
        {
            return false;
        }

        return false;
    }

    private static async Task<bool> TryOneAsync(Uri uri, string scheme, NetworkCredential credential, TlsFacts? tls, ExposureOptions options, TargetBudget budget, EwsOutcome outcome)
    {
        using var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PreAuthenticate = false,
            Credentials = new CredentialCache { { uri, scheme, credential } },
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None
                || (options.SkipCertificateCheck && tls is not null && tls.Thumbprint.Length > 0
                    && string.Equals(TlsFacts.ThumbprintOf(certificate), tls.Thumbprint, StringComparison.OrdinalIgnoreCase)),
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(GetFolderRequest, Encoding.UTF8, "text/xml") };
        request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);

        // The 401 round trips of NTLM and Negotiate count as one call: two first-byte timeouts bound them.
        var timeout = TimeSpan.FromTicks(options.FirstByteTimeout.Ticks * 2);
        using var phase = budget.StartPhase(timeout);
        string what = "POST " + Path + " (" + scheme + ")";
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, phase.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                outcome.Notes.Add(what + " -> " + status + " to " + response.Headers.Location + ": not followed, the credential is never sent across a redirect");
                return true; // no other scheme would change that
            }

            string body = await ReadCappedAsync(response, phase.Token).ConfigureAwait(false);
            if (TryReadServerVersion(body, out var build, out string? schema))
            {
                outcome.Build = build;
                outcome.Scheme = scheme;
                outcome.Evidence = string.Format(CultureInfo.InvariantCulture, "{0} {1} -> {2}: ServerVersionInfo {3} (schema {4})", what, uri, status, build, schema ?? "not given");
                return true;
            }

            outcome.Notes.Add(what + " -> " + status + (status == 401 ? ": the credential was refused" : ": no ServerVersionInfo in the answer"));
            return false;
        }
        catch (OperationCanceledException) when (!budget.Sweep.IsCancellationRequested)
        {
            outcome.Notes.Add(what + " -> " + (budget.Expired ? "the target's total timeout ran out" : "no answer within " + timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"));
            return true;
        }
#pragma warning disable CA1031 // Each scheme may fail in its own way (no GSSAPI, refused handshake, certificate); the next is tried.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            outcome.Notes.Add(what + " -> " + Innermost(e).Message);
            return false;
        }
    }

    private static async Task<string> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        using (cancellationToken.Register(response.Dispose))
        {
            var buffer = new byte[16 * 1024];
            using var kept = new MemoryStream();
            int read;
            while (kept.Length < MaxSoapBytes && (read = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                kept.Write(buffer, 0, (int)Math.Min(read, MaxSoapBytes - kept.Length));
            }

            return Encoding.UTF8.GetString(kept.ToArray());
        }
    }

    private static int? Part(XmlReader reader, string name) =>
        int.TryParse(reader.GetAttribute(name), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value <= ushort.MaxValue ? value : null;

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
