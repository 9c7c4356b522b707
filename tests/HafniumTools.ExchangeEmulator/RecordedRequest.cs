using System.Net;

namespace HafniumTools.ExchangeEmulator;

/// <summary>A request the emulated front end received, for assertions about what a probe sent (and on which connection).</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string? Cookie, string? Authorization, string? UserAgent, IPAddress? LocalAddress, string ConnectionId);
