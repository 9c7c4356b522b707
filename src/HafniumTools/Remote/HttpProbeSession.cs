using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace HafniumTools.Remote;

/// <summary>
/// The read-only requests to one target: resolves the name once, keeps one connection alive between requests, retries a
/// request once on a fresh connection when a kept-alive connection turns out closed, follows same-origin redirects when
/// asked, and logs every request and its answer as evidence. Requests are GET only; the one POST of the module (EWS,
/// with -Credential) goes through <see cref="EwsVersionQuery"/>.
/// </summary>
internal sealed class HttpProbeSession : IDisposable
{
    // Pipelined requests per write: enough to save most round trips, few enough not to flood a slow server.
    private const int MaxPipelined = 32;

    private readonly ExposureTarget _target;
    private readonly ExposureOptions _options;
    private readonly TargetBudget _budget;
    private readonly List<string> _log = [];
    private IPAddress[]? _addresses;
    private ProbeConnection? _connection;

    public HttpProbeSession(ExposureTarget target, ExposureOptions options, TargetBudget budget)
    {
        _target = target;
        _options = options;
        _budget = budget;
    }

    /// <summary>The certificate facts of the first TLS handshake, or null.</summary>
    public TlsFacts? Tls { get; private set; }

    /// <summary>The address the last connection was made to, or null.</summary>
    public IPAddress? Address { get; private set; }

    /// <summary>True once any request got an HTTP response.</summary>
    public bool Answered { get; private set; }

    /// <summary>Every request made, in order, with what came back.</summary>
    public IReadOnlyList<string> Log => _log;

    public ExposureTarget Target => _target;

    public TargetBudget Budget => _budget;

    /// <summary>Sends <c>GET <paramref name="path"/></c> with the extra headers and returns the response.</summary>
    /// <exception cref="ProbeException">No HTTP response (the reason is in the exception and in the log).</exception>
    public async Task<ProbeResponse> GetAsync(string path, IReadOnlyList<KeyValuePair<string, string>>? headers = null, string? note = null)
    {
        byte[] request = BuildRequest(path, headers);
        string what = "GET " + path;
        bool retried = false;
        while (true)
        {
            var connection = await ConnectionAsync(what).ConfigureAwait(false);
            bool reused = connection.Responses > 0;
            try
            {
                var response = await connection.SendAsync(request, what).ConfigureAwait(false);
                Answered = true;
                _log.Add(what + Noted(note) + " -> " + Describe(response));
                return response;
            }
            catch (ProbeException e) when (reused && !retried && e.Kind == ProbeFailureKind.NoResponse)
            {
                // A kept-alive connection the server had already closed: normal HTTP behaviour, retry on a fresh one.
                retried = true;
            }
            catch (ProbeException e)
            {
                _log.Add(what + Noted(note) + " -> " + e.Message);
                throw;
            }
        }
    }

    /// <summary>
    /// GETs every path, pipelined in batches on kept-alive connections (a new connection takes over where one ends), and
    /// returns each path's response or failure in order. A failed request is logged and the others go on; only the
    /// end of the total timeout (or of the sweep) ends the whole call.
    /// </summary>
    public async Task<List<(string Path, ProbeResponse? Response, ProbeException? Failure)>> GetManyAsync(IReadOnlyList<string> paths, string? note = null)
    {
        var results = new List<(string, ProbeResponse?, ProbeException?)>(paths.Count);
        bool retried = false;
        while (results.Count < paths.Count)
        {
            var batch = paths.Skip(results.Count).Take(MaxPipelined).ToList();
            var connection = await ConnectionAsync("GET " + batch[0]).ConfigureAwait(false);
            bool reused = connection.Responses > 0;
            var (responses, failure) = await connection.SendManyAsync(batch.Select(p => BuildRequest(p, null)).ToList(), batch.Select(p => "GET " + p).ToList()).ConfigureAwait(false);
            foreach (var response in responses)
            {
                Answered = true;
                string path = paths[results.Count];
                _log.Add("GET " + path + Noted(note) + " -> " + Describe(response));
                results.Add((path, response, null));
            }

            if (failure is null)
            {
                continue; // all answered, or the connection ended after a response: the rest go on a new one
            }

            if (reused && !retried && responses.Count == 0 && failure.Kind == ProbeFailureKind.NoResponse)
            {
                retried = true; // a kept-alive connection the server had already closed
                continue;
            }

            retried = false;
            string failed = paths[results.Count];
            _log.Add("GET " + failed + Noted(note) + " -> " + failure.Message);
            results.Add((failed, null, failure));
        }

        return results;
    }

    /// <summary>
    /// Follows the redirects of <paramref name="answer"/>, the response to <c>GET <paramref name="path"/></c>, within
    /// the same origin (scheme, host, port), at most the options' number of hops; a redirect elsewhere, a loop, or
    /// <paramref name="enough"/> (given each redirect before it is followed) ends the chain. Returns every response in
    /// order, the given one first.
    /// </summary>
    public async Task<List<(string Path, ProbeResponse Response)>> FollowAsync(string path, ProbeResponse answer, Func<string, ProbeResponse, bool>? enough = null)
    {
        var chain = new List<(string, ProbeResponse)> { (path, answer) };
        var visited = new HashSet<string>(StringComparer.Ordinal) { path };
        var (current, response) = (path, answer);
        while (true)
        {
            if (!response.IsRedirect || response.Header("Location") is not string location || enough?.Invoke(current, response) == true)
            {
                return chain;
            }

            string? next = SameOriginPath(location);
            if (next is null)
            {
                _log.Add("redirect to " + HttpResponseReader.Printable(location, 200) + " not followed: another origin");
                return chain;
            }

            if (visited.Contains(next) || chain.Count > _options.MaxRedirects)
            {
                _log.Add("redirect loop: " + string.Join(" -> ", chain.Select(c => c.Item1)) + " -> " + next + "; not followed further");
                return chain;
            }

            visited.Add(next);
            current = next;
            response = await GetAsync(current).ConfigureAwait(false);
            chain.Add((current, response));
        }
    }

    /// <summary>The path and query of <paramref name="location"/> when it points to this target's origin, else null.</summary>
    public string? SameOriginPath(string location)
    {
        if (!Uri.TryCreate(_target.BaseUri, location, out var resolved))
        {
            return null;
        }

        bool same = string.Equals(resolved.Scheme, _target.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(resolved.Host.Trim('[', ']'), _target.Host, StringComparison.OrdinalIgnoreCase)
            && resolved.Port == _target.Port;
        return same ? resolved.PathAndQuery : null;
    }

    public void Dispose() => _connection?.Dispose();

    private async Task<ProbeConnection> ConnectionAsync(string what)
    {
        if (_connection is { IsOpen: true })
        {
            return _connection;
        }

        _connection?.Dispose();
        _connection = null;
        var addresses = await ResolveAsync(what).ConfigureAwait(false);
        ProbeException? last = null;
        foreach (var address in addresses)
        {
            try
            {
                _connection = await ProbeConnection.OpenAsync(_target, address, _options, _budget, Tls is null ? facts => Tls ??= facts : null).ConfigureAwait(false);
                Address = address;
                return _connection;
            }
            catch (ProbeException e) when (e.Kind is ProbeFailureKind.ConnectionRefused or ProbeFailureKind.ConnectTimeout or ProbeFailureKind.NetworkError && !_budget.Expired)
            {
                last = e; // try the name's next address
                Address = address;
            }
            catch (ProbeException e)
            {
                Address = address;
                _log.Add(what + " -> " + e.Message);
                throw;
            }
        }

        _log.Add(what + " -> " + last!.Message);
        throw last;
    }

    private async Task<IPAddress[]> ResolveAsync(string what)
    {
        if (_addresses is not null)
        {
            return _addresses;
        }

        if (IPAddress.TryParse(_target.Host, out var literal))
        {
            return _addresses = [literal];
        }

        _budget.ThrowIfStopped();
        var lookup = Dns.GetHostAddressesAsync(_target.Host);
        var deadline = Task.Delay(_options.ConnectTimeout, _budget.Token);
        if (await Task.WhenAny(lookup, deadline).ConfigureAwait(false) != lookup)
        {
            _ = lookup.ContinueWith(t => t.Exception, TaskScheduler.Default); // observe a late failure
            _budget.ThrowIfStopped();
            throw Logged(new ProbeException(ProbeFailureKind.NameNotResolved, string.Format(CultureInfo.InvariantCulture, "DNS: no answer for '{0}' within {1:0.###} s", _target.Host, _options.ConnectTimeout.TotalSeconds)), what);
        }

        try
        {
            var found = await lookup.ConfigureAwait(false);
            var usable = found.Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6).ToArray();
            if (usable.Length == 0)
            {
                throw new SocketException((int)SocketError.HostNotFound);
            }

            return _addresses = usable;
        }
        catch (SocketException e)
        {
            throw Logged(new ProbeException(ProbeFailureKind.NameNotResolved, "DNS: '" + _target.Host + "' did not resolve (" + e.SocketErrorCode + ")", e), what);
        }
    }

    private ProbeException Logged(ProbeException e, string what)
    {
        _log.Add(what + " -> " + e.Message);
        return e;
    }

    private byte[] BuildRequest(string path, IReadOnlyList<KeyValuePair<string, string>>? headers)
    {
        if (path.Length == 0 || path[0] != '/' || !IsPrintableAscii(path))
        {
            throw new ArgumentException("A request path must start with '/' and hold only printable ASCII (escape the rest): " + path, nameof(path));
        }

        var text = new StringBuilder(256)
            .Append("GET ").Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(_target.HostHeader).Append("\r\n")
            .Append("User-Agent: ").Append(_options.UserAgent).Append("\r\n")
            .Append("Accept: */*\r\n");
        foreach (var header in headers ?? [])
        {
            text.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
        }

        text.Append("Connection: keep-alive\r\n\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static bool IsPrintableAscii(string path)
    {
        foreach (char c in path)
        {
            if (c <= ' ' || c >= (char)127)
            {
                return false;
            }
        }

        return true;
    }

    private static string Noted(string? note) => note is null ? string.Empty : " (" + note + ")";

    private static string Describe(ProbeResponse response)
    {
        var text = new StringBuilder(response.StatusText);
        if (response.IsRedirect && response.Header("Location") is string location)
        {
            text.Append(", Location: ").Append(HttpResponseReader.Printable(location, 160).Trim('\''));
        }

        text.Append(string.Format(CultureInfo.InvariantCulture, ", {0:N0} bytes", response.Body.Length));
        if (response.BodyTruncated)
        {
            text.Append(" (truncated)");
        }

        return text.ToString();
    }
}
