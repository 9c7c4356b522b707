using System;

namespace HafniumTools.Core;

/// <summary>A JSON document is not well formed; says where (line, column, path) and why.</summary>
internal sealed class JsonParseException : FormatException
{
    public JsonParseException(string reason, int line, int column, string path)
        : base($"Invalid JSON at line {line}, column {column} ({path}): {reason}")
    {
        Reason = reason;
        Line = line;
        Column = column;
        Path = path;
    }

    public JsonParseException()
        : this("unknown error", 0, 0, "$")
    {
    }

    public JsonParseException(string message)
        : this(message, 0, 0, "$")
    {
    }

    public JsonParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        Path = "$";
    }

    public string Reason { get; }

    public int Line { get; }

    public int Column { get; }

    public string Path { get; }
}
