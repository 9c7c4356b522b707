using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HafniumTools.ExchangeEmulator;

/// <summary>
/// An emulated Exchange front end on Kestrel: /owa/ redirects to the logon page, the logon page carries the markers
/// and the version folder, /owa/auth/x.js answers the CVE-2021-26855 probe as the profile says (vulnerable, patched,
/// mitigated by aborting, or 2010's plain 404), /ecp/Current/exporttool/ serves the ClickOnce manifest, /ecp/&lt;build&gt;/
/// routes only the server's own build, EWS answers 401 (Negotiate, NTLM, Basic) and then the SOAP body for the
/// emulated account, planted web shells answer 200. One front end can serve a different profile per local address,
/// so a fleet of 127.x.y.z addresses needs one listener on 0.0.0.0 (see <see cref="FrontEndOptions"/>).
/// </summary>
public sealed class ExchangeFrontEnd : IAsyncDisposable
{
    private static readonly Regex VersionRoute = new(
        @"^/ecp/(?<build>\d+\.\d+\.\d+\.\d+)/exporttool/(?<file>microsoft\.exchange\.ediscovery\.exporttool\.application)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex MitigationBackend = new(@"(.*)X-AnonResource-Backend(.*)", RegexOptions.CultureInvariant);
    private static readonly Regex MitigationResource = new(@"(.*)X-BEResource=(.+)/(.+)~(.+)", RegexOptions.CultureInvariant);

    private static readonly ConcurrentDictionary<string, byte[]> PageCache = new(StringComparer.Ordinal);

    private readonly WebApplication _app;
    private readonly Func<IPAddress?, ExchangeProfile> _profileFor;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly bool _record;
    private long _requestCount;

    private ExchangeFrontEnd(WebApplication app, Func<IPAddress?, ExchangeProfile> profileFor, bool record)
    {
        _app = app;
        _profileFor = profileFor;
        _record = record;
    }

    /// <summary>scheme://address:port/ of the listener.</summary>
    public Uri BaseUri { get; private set; } = new("https://127.0.0.1/");

    public int Port => BaseUri.Port;

    /// <summary>How many requests have been received (counted whether or not they are recorded).</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>The requests received (when recording), oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts a front end with one profile on 127.0.0.1 (or the options' address), HTTPS with the shared test certificate.</summary>
    public static Task<ExchangeFrontEnd> StartAsync(ExchangeProfile profile, FrontEndOptions? options = null) =>
        StartAsync(_ => profile, options ?? new FrontEndOptions());

    /// <summary>Starts a front end that picks the profile by the local address each connection was made to.</summary>
    public static async Task<ExchangeFrontEnd> StartAsync(Func<IPAddress?, ExchangeProfile> profileFor, FrontEndOptions options)
    {
        ArgumentNullException.ThrowIfNull(profileFor);
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        var certificate = options.Certificate ?? TestCertificate.Shared;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
            kestrel.Listen(options.Address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (options.Https)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate, ServerCertificateChain = options.CertificateChain });
                }
            });
        });
        var app = builder.Build();
        var frontEnd = new ExchangeFrontEnd(app, profileFor, options.RecordRequests);
        app.Run(frontEnd.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        frontEnd.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return frontEnd;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var profile = _profileFor(context.Connection.LocalIpAddress);
        Interlocked.Increment(ref _requestCount);
        if (_record)
        {
            _requests.Enqueue(new RecordedRequest(request.Method, request.Path + request.QueryString, Header(request, "Cookie"), Header(request, "Authorization"), Header(request, "User-Agent"), context.Connection.LocalIpAddress, context.Connection.Id));
        }

        if (profile.ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(profile.ResponseDelay, context.RequestAborted).ConfigureAwait(false);
        }

        var response = context.Response;
        response.Headers["Server"] = "Microsoft-IIS/10.0";
        response.Headers["X-Powered-By"] = "ASP.NET";
        switch (profile.Kind)
        {
            case SiteKind.PlainWebSite:
                await (request.Path == "/" ? Send(response, 200, "text/html", ExchangePages.IisStart) : NotFound(response, request.Path)).ConfigureAwait(false);
                return;
            case SiteKind.CatchAll:
                await Send(response, 200, "text/html", "<!DOCTYPE html><html><head><title>App</title></head><body><div id=\"root\"></div></body></html>").ConfigureAwait(false);
                return;
            case SiteKind.RedirectLoop:
                response.StatusCode = 302;
                response.Headers.Location = request.Path.Value == "/loop/a" ? "/loop/b" : "/loop/a";
                return;
            case SiteKind.BrokenOwa:
                await HandleBrokenOwaAsync(context).ConfigureAwait(false);
                return;
            default:
                await HandleExchangeAsync(context, profile).ConfigureAwait(false);
                return;
        }
    }

    // A front end whose OWA application fails, as captured (remote-detection.md, section 1): the redirect to the
    // error page, with none of the front end's own headers.
    private static Task HandleBrokenOwaAsync(HttpContext context)
    {
        var response = context.Response;
        string path = context.Request.Path.Value ?? "/";
        if (string.Equals(path, "/owa/auth/errorFE.aspx", StringComparison.OrdinalIgnoreCase))
        {
            return Send(response, 500, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Outlook</title></head><body>Something went wrong</body></html>");
        }

        if (path.StartsWith("/owa", StringComparison.OrdinalIgnoreCase))
        {
            response.StatusCode = 302;
            response.Headers.Location = "/owa/auth/errorFE.aspx?httpCode=500";
            return Task.CompletedTask;
        }

        return NotFound(response, context.Request.Path);
    }

    private static async Task HandleExchangeAsync(HttpContext context, ExchangeProfile profile)
    {
        var request = context.Request;
        var response = context.Response;
        string path = request.Path.Value ?? "/";
        string lower = path.ToLowerInvariant();
        string cookie = Header(request, "Cookie") ?? string.Empty;
        if (profile.Ssrf == SsrfBehavior.Mitigated && (MitigationBackend.IsMatch(cookie) || MitigationResource.IsMatch(cookie)))
        {
            context.Abort(); // URL Rewrite's AbortRequest: no answer at all
            return;
        }

        if (!profile.Is2010)
        {
            response.Headers["request-id"] = Guid.NewGuid().ToString();
            response.Headers["X-FEServer"] = profile.FrontEndName;
        }

        if (profile.WebShells.FirstOrDefault(w => string.Equals(w.Key, path, StringComparison.OrdinalIgnoreCase)) is { Key: not null } shell)
        {
            await Send(response, 200, "text/html; charset=utf-8", shell.Value).ConfigureAwait(false);
            return;
        }

        if (lower.StartsWith("/owa", StringComparison.Ordinal) && profile.SendsOwaVersionHeader)
        {
            response.Headers["X-OWA-Version"] = profile.Build.ToString(4);
        }

        string origin = request.Scheme + "://" + (request.Host.Value ?? "localhost");
        if (lower is "/owa" or "/owa/")
        {
            RedirectToLogon(response, origin);
            return;
        }

        if (lower == "/owa/auth/logon.aspx")
        {
            await Send(response, 200, "text/html; charset=utf-8", Cached("logon " + profile.Name + " " + profile.AssetVersion, () => ExchangePages.Logon(profile))).ConfigureAwait(false);
            return;
        }

        if (lower.StartsWith("/owa/auth/", StringComparison.Ordinal) && cookie.Contains("X-AnonResource=true", StringComparison.OrdinalIgnoreCase))
        {
            await AnswerSsrfProbeAsync(response, profile, path).ConfigureAwait(false);
            return;
        }

        if (lower.StartsWith("/owa/auth/", StringComparison.Ordinal) || lower.StartsWith("/ecp/auth/", StringComparison.Ordinal))
        {
            RedirectToLogon(response, origin); // the front end's answer for a page that does not exist
            return;
        }

        if (lower == "/ecp/current/exporttool/microsoft.exchange.ediscovery.exporttool.application" && profile.ServesManifest && !profile.Is2010)
        {
            await Send(response, 200, "application/x-ms-application", Cached("manifest " + profile.ManifestVersion, () => ExchangePages.ExportToolManifest(profile.ManifestVersion))).ConfigureAwait(false);
            return;
        }

        if (VersionRoute.Match(path) is { Success: true } route && profile.RoutesExportTool && !profile.Is2010)
        {
            await AnswerVersionRouteAsync(response, profile, route).ConfigureAwait(false);
            return;
        }

        if (lower == "/ews/exchange.asmx")
        {
            await AnswerEwsAsync(request, response, profile, request.Host.Value ?? "localhost").ConfigureAwait(false);
            return;
        }

        await NotFound(response, path).ConfigureAwait(false);
    }

    private static void RedirectToLogon(HttpResponse response, string origin)
    {
        response.StatusCode = 302;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.Location = ExchangePages.LogonRedirect(origin);
    }

    private static Task AnswerSsrfProbeAsync(HttpResponse response, ExchangeProfile profile, string path)
    {
        switch (profile.Ssrf)
        {
            case SsrfBehavior.Vulnerable:
                response.Headers["X-CalculatedBETarget"] = "localhost";
                return Send(response, 500, "text/html", "<html><body>NegotiateSecurityContext failed with for host 'localhost' with status 'TargetUnknown'</body></html>");
            case SsrfBehavior.Patched:
                response.Headers["X-CalculatedBETarget"] = profile.BackEndFqdn;
                return NotFound(response, path);
            default:
                return NotFound(response, path);
        }
    }

    private static Task AnswerVersionRouteAsync(HttpResponse response, ExchangeProfile profile, Match route)
    {
        if (!Version.TryParse(route.Groups["build"].Value, out var build) || (build != profile.Build && !profile.OtherRoutedBuilds.Contains(build)))
        {
            return Send(response, 404, "text/html", "Unable to find target server for url.");
        }

        response.Headers["X-CalculatedBETarget"] = profile.BackEndFqdn;
        return route.Groups["file"].Success
            ? Send(response, 200, "application/x-ms-application", Cached("manifest " + profile.ManifestVersion, () => ExchangePages.ExportToolManifest(profile.ManifestVersion)))
            : Send(response, 200, "text/html", "<html><body>exporttool</body></html>");
    }

    private static Task AnswerEwsAsync(HttpRequest request, HttpResponse response, ExchangeProfile profile, string host)
    {
        if (profile.EwsRedirectTo is not null && string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            response.StatusCode = 302;
            response.Headers.Location = profile.EwsRedirectTo;
            return Task.CompletedTask;
        }

        string? authorization = Header(request, "Authorization");
        if (authorization is not null && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            && DecodeBasic(authorization.Substring(6)) == ExchangeProfile.EwsUser + ":" + ExchangeProfile.EwsPassword)
        {
            return string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase)
                ? Send(response, 200, "text/xml; charset=utf-8", ExchangePages.EwsGetFolderResponse(profile.Build, profile.EwsHttpsNamespace))
                : Send(response, 200, "text/html", "<html><body>You have created a service.</body></html>");
        }

        // NTLM and Negotiate are offered but never completed: the emulator cannot run them, so a client must fall back.
        response.StatusCode = 401;
        response.Headers.Append("WWW-Authenticate", "Negotiate");
        response.Headers.Append("WWW-Authenticate", "NTLM");
        response.Headers.Append("WWW-Authenticate", "Basic realm=\"" + host + "\"");
        return Task.CompletedTask;
    }

    private static string DecodeBasic(string encoded)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
        }
        catch (FormatException)
        {
            return string.Empty;
        }
    }

    private static Task NotFound(HttpResponse response, string path) => Send(response, 404, "text/html", ExchangePages.NotFound(path));

    private static Task Send(HttpResponse response, int status, string contentType, string body) =>
        Send(response, status, contentType, Encoding.UTF8.GetBytes(body));

    private static Task Send(HttpResponse response, int status, string contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length);
    }

    // Pages are built once per profile and version: a fleet of thousands asks for the same few pages.
    private static byte[] Cached(string key, Func<string> build) => PageCache.GetOrAdd(key, _ => Encoding.UTF8.GetBytes(build()));

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;
}
