using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>The HTTP/1.x reader on byte streams: framings, caps, keep-alive, and what it refuses.</summary>
public class HttpResponseReaderTests
{
    private static async Task<ProbeResponse> Read(string raw, int maxHeader = 64 * 1024, int maxBody = 512 * 1024, bool head = false)
    {
        var reader = new HttpResponseReader(new MemoryStream(Encoding.Latin1.GetBytes(raw)), maxHeader, maxBody);
        return await reader.ReadAsync(head, null, CancellationToken.None);
    }

    private static async Task<ProbeException> Refused(string raw, int maxHeader = 64 * 1024) =>
        await Assert.ThrowsAsync<ProbeException>(() => Read(raw, maxHeader));

    [Fact]
    public async Task Content_length_body_with_keep_alive_is_reusable()
    {
        var r = await Read("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nX-FEServer: EX01\r\n\r\nhello");

        Assert.Equal(200, r.StatusCode);
        Assert.Equal("OK", r.ReasonPhrase);
        Assert.Equal("hello", r.BodyText);
        Assert.Equal("EX01", r.Header("x-feserver"));
        Assert.True(r.ConnectionReusable);
        Assert.False(r.BodyTruncated);
    }

    [Fact]
    public async Task Two_responses_on_one_stream_are_read_one_after_the_other()
    {
        var stream = new MemoryStream(Encoding.ASCII.GetBytes(
            "HTTP/1.1 302 Found\r\nLocation: /owa/auth/logon.aspx\r\nContent-Length: 0\r\n\r\n" +
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        var reader = new HttpResponseReader(stream, 64 * 1024, 1024);

        var first = await reader.ReadAsync(false, null, CancellationToken.None);
        var second = await reader.ReadAsync(false, null, CancellationToken.None);

        Assert.Equal(302, first.StatusCode);
        Assert.Equal("/owa/auth/logon.aspx", first.Header("Location"));
        Assert.True(first.ConnectionReusable); // the bytes after it are the next (pipelined) response
        Assert.Equal("ok", second.BodyText);
    }

    [Fact]
    public async Task Chunked_body_with_extensions_and_trailers()
    {
        var r = await Read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n");

        Assert.Equal("Wikipedia", r.BodyText);
        Assert.True(r.ConnectionReusable);
    }

    [Fact]
    public async Task Body_without_length_runs_to_the_close_and_is_not_reusable()
    {
        var r = await Read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");

        Assert.Equal("until the end", r.BodyText);
        Assert.False(r.ConnectionReusable);
        Assert.False(r.BodyTruncated);
    }

    [Fact]
    public async Task Body_over_the_cap_is_cut_and_the_connection_dropped()
    {
        var r = await Read("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + new string('a', 100000), maxBody: 1000);

        Assert.Equal(1000, r.Body.Length);
        Assert.True(r.BodyTruncated);
        Assert.False(r.ConnectionReusable);
    }

    [Fact]
    public async Task Chunked_body_over_the_cap_is_cut()
    {
        var r = await Read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + new string('b', 2048) + "\r\n0\r\n\r\n", maxBody: 100);

        Assert.Equal(100, r.Body.Length);
        Assert.True(r.BodyTruncated);
        Assert.False(r.ConnectionReusable);
    }

    [Fact]
    public async Task Body_closed_before_its_length_is_kept_as_truncated()
    {
        var r = await Read("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nonly this");

        Assert.Equal("only this", r.BodyText);
        Assert.True(r.BodyTruncated);
        Assert.False(r.ConnectionReusable);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", true)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", true)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", true)]
    public async Task Keep_alive_follows_the_version_and_Connection_header(string raw, bool reusable)
    {
        var r = await Read(raw);

        Assert.Equal(reusable, r.ConnectionReusable);
        Assert.Empty(r.Body);
    }

    [Fact]
    public async Task Interim_responses_are_skipped()
    {
        var r = await Read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM\r\nWWW-Authenticate: Basic realm=\"x\"\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(401, r.StatusCode);
        Assert.Equal(["NTLM", "Basic realm=\"x\""], r.HeaderValues("www-authenticate").ToArray());
    }

    [Fact]
    public async Task Bare_LF_lines_and_folded_headers_are_understood()
    {
        var r = await Read("HTTP/1.1 200 OK\nX-Long: first\n  second\nContent-Length: 1\n\nx");

        Assert.Equal("first second", r.Header("X-Long"));
        Assert.Equal("x", r.BodyText);
    }

    [Fact]
    public async Task An_answer_that_is_not_HTTP_is_refused_at_its_first_bytes()
    {
        var e = await Refused("\u0015\u0003\u0001\u0000\u0002garbage");

        Assert.Equal(ProbeFailureKind.NotHttp, e.Kind);
        Assert.Contains("\\x15", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_over_the_cap_are_refused()
    {
        var e = await Refused("HTTP/1.1 200 OK\r\nX-Padding: " + new string('a', 100_000) + "\r\n\r\n", maxHeader: 4096);

        Assert.Equal(ProbeFailureKind.BadHeaders, e.Kind);
        Assert.Equal(Reachability.InvalidResponse, e.Reachability);
    }

    [Fact]
    public async Task A_close_before_any_byte_is_no_response_and_mid_headers_is_a_broken_response()
    {
        Assert.Equal(ProbeFailureKind.NoResponse, (await Refused(string.Empty)).Kind);
        Assert.Equal(ProbeFailureKind.ClosedMidResponse, (await Refused("HTTP/1.1 200 OK\r\nContent-Ty")).Kind);
    }

    [Theory]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/2 200\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    public async Task Malformed_status_lines_and_lengths_are_refused(string raw)
    {
        Assert.Equal(ProbeFailureKind.BadHeaders, (await Refused(raw)).Kind);
    }

    [Fact]
    public async Task First_byte_callback_runs_once_when_the_answer_starts()
    {
        int calls = 0;
        var reader = new HttpResponseReader(new MemoryStream(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")), 1024, 1024);

        await reader.ReadAsync(false, () => calls++, CancellationToken.None);

        Assert.Equal(1, calls);
        Assert.True(reader.ResponseBytes > 0);
    }

    [Fact]
    public async Task Random_and_mutated_answers_end_in_a_response_or_a_probe_failure_and_respect_the_caps()
    {
        var random = new Random(2021_03_02);
        string[] seeds =
        [
            "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhello world!",
            "HTTP/1.1 302 Found\r\nLocation: /owa/auth/logon.aspx\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM\r\n\r\n",
        ];
        for (int i = 0; i < 3000; i++)
        {
            var bytes = Encoding.ASCII.GetBytes(seeds[i % seeds.Length]);
            if (i % 7 == 0)
            {
                bytes = new byte[random.Next(0, 300)];
                random.NextBytes(bytes);
            }
            else
            {
                for (int m = random.Next(1, 6); m > 0; m--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            var reader = new HttpResponseReader(new MemoryStream(bytes), 512, 64);
            try
            {
                var response = await reader.ReadAsync(false, null, CancellationToken.None);
                Assert.InRange(response.Body.Length, 0, 64);
                Assert.InRange(response.StatusCode, 100, 999);
            }
            catch (ProbeException e)
            {
                Assert.False(string.IsNullOrEmpty(e.Message));
            }
        }
    }

    [Fact]
    public async Task A_long_body_arriving_in_small_reads_is_read_whole_and_the_next_response_follows()
    {
        string body = string.Concat(Enumerable.Range(0, 20_000).Select(i => (char)('a' + i % 26))) + "<end>";
        byte[] raw = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: " + body.Length + "\r\n\r\n" + body
            + "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!");
        var reader = new HttpResponseReader(new TrickleStream(raw, 997), 64 * 1024, 512 * 1024);

        var first = await reader.ReadAsync(false, null, CancellationToken.None);
        var second = await reader.ReadAsync(false, null, CancellationToken.None);

        Assert.Equal(body, first.BodyText);
        Assert.False(first.BodyTruncated);
        Assert.True(first.ConnectionReusable);
        Assert.Equal(404, second.StatusCode);
        Assert.Equal("no!", second.BodyText);
    }

    [Fact]
    public async Task A_Content_Length_the_server_does_not_send_gives_what_came_marked_truncated()
    {
        var r = await Read("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n0123456789");

        Assert.Equal("0123456789", r.BodyText);
        Assert.True(r.BodyTruncated);
        Assert.False(r.ConnectionReusable);
    }

    [Fact]
    public async Task A_body_over_the_cap_is_cut_at_the_cap_when_it_arrives_in_pieces()
    {
        byte[] raw = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 300000\r\n\r\n" + new string('x', 300_000));
        var reader = new HttpResponseReader(new TrickleStream(raw, 4096), 64 * 1024, 100_000);

        var r = await reader.ReadAsync(false, null, CancellationToken.None);

        Assert.Equal(100_000, r.Body.Length);
        Assert.True(r.BodyTruncated);
        Assert.False(r.ConnectionReusable);
    }

    [Fact]
    public async Task Header_bytes_come_back_exactly_as_Latin_1_and_values_are_trimmed()
    {
        var r = await Read("HTTP/1.1 200  Fine Thanks \r\nX-Name: \t caf\u00e9 au lait \t\r\nServer:Microsoft-IIS/10.0\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal("Fine Thanks", r.ReasonPhrase);
        Assert.Equal("caf\u00e9 au lait", r.Header("X-Name"));
        Assert.Equal("Microsoft-IIS/10.0", r.Header("server"));
    }

    /// <summary>A stream that hands out at most a few bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream(byte[] bytes, int perRead) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, perRead), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
