using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace HafniumTools.ReportTests.Chromium;

/// <summary>
/// A small client of the Chrome DevTools protocol over one WebSocket: commands with their answers, and every event
/// kept in order for the test to inspect. A JavaScript dialog (alert, confirm, prompt) is recorded and dismissed at
/// once, so a hostile page can neither block the test nor go unnoticed.
/// </summary>
public sealed class DevToolsSession : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Parameters left null are left out: the protocol refuses a null where it expects a value.</summary>
    private static readonly JsonSerializerOptions ParameterOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly List<(string Method, JsonElement Parameters)> _events = [];
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private Task? _receiving;
    private int _nextId;

    private DevToolsSession()
    {
    }

    /// <summary>Every event received so far, oldest first.</summary>
    public IReadOnlyList<(string Method, JsonElement Parameters)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public static async Task<DevToolsSession> ConnectAsync(Uri endpoint)
    {
        var session = new DevToolsSession();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await session._socket.ConnectAsync(endpoint, timeout.Token);
        session._receiving = Task.Run(session.ReceiveAsync);
        return session;
    }

    /// <summary>Sends a command and returns its result; a protocol error throws.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }, ParameterOptions) };
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, _closing.Token);
        }
        finally
        {
            _sending.Release();
        }

        return await answer.Task.WaitAsync(CommandTimeout);
    }

    /// <summary>Waits until an event of <paramref name="method"/> has arrived (counting those already received).</summary>
    public async Task<JsonElement> WaitForEventAsync(string method, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (name, parameters) in Events)
            {
                if (name == method)
                {
                    return parameters;
                }
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("Chromium sent no " + method + " event within " + timeout + ".");
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }

        if (_receiving is not null)
        {
            await Task.WhenAny(_receiving, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        _socket.Dispose();
        _sending.Dispose();
        _closing.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var frame = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, frame.Count);
                if (!frame.EndOfMessage)
                {
                    continue;
                }

                Dispatch(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            foreach (var waiting in _pending.Values)
            {
                waiting.TrySetException(new IOException("The DevTools connection closed."));
            }
        }
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id))
        {
            if (_pending.TryRemove(id.GetInt32(), out var answer))
            {
                if (message.TryGetProperty("error", out var error))
                {
                    answer.TrySetException(new InvalidOperationException("DevTools error: " + error.GetRawText()));
                }
                else
                {
                    answer.TrySetResult(message.GetProperty("result"));
                }
            }

            return;
        }

        string method = message.GetProperty("method").GetString() ?? string.Empty;
        var parameters = message.TryGetProperty("params", out var p) ? p : default;
        lock (_events)
        {
            _events.Add((method, parameters));
        }

        if (method == "Page.javascriptDialogOpening")
        {
            _ = SendAsync("Page.handleJavaScriptDialog", new { accept = false });
        }
    }
}
