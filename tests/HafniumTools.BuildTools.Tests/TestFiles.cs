using System;
using System.IO;
using System.Linq;

namespace HafniumTools.BuildTools.Tests;

internal static class TestFiles
{
    public const string SampleName = "Find-ContosoLogIndicator";

    public static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Help", name)).Replace("\r\n", "\n", StringComparison.Ordinal);

    public static string SamplePage => Fixture(SampleName + ".md");

    /// <summary>The repository root: the folder above the test output that holds the root manifest.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "HafniumTools.psd1")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("The repository root (with HafniumTools.psd1) is not above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>1-based number of the first line of <paramref name="text"/> that equals <paramref name="line"/>, or contains it when not exact.</summary>
    public static int LineOf(string text, string line)
    {
        if (line.Contains('\n', StringComparison.Ordinal))
        {
            int at = text.IndexOf(line, StringComparison.Ordinal);
            return at < 0 ? throw new ArgumentException($"'{line}' is not in the text.", nameof(line)) : text[..at].Count(c => c == '\n') + 1;
        }

        var lines = text.Split('\n');
        int exact = Array.FindIndex(lines, l => l == line);
        int index = exact >= 0 ? exact : Array.FindIndex(lines, l => l.Contains(line, StringComparison.Ordinal));
        if (index < 0)
        {
            throw new ArgumentException($"'{line}' is not in the text.", nameof(line));
        }

        return index + 1;
    }

    /// <summary>A fresh temporary folder, deleted when disposed.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ht-help-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string name, string text)
        {
            string file = System.IO.Path.Combine(Path, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
            return file;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    public static string Without(string text, string from, string to)
    {
        int start = text.IndexOf(from, StringComparison.Ordinal);
        int end = text.IndexOf(to, start, StringComparison.Ordinal);
        if (start < 0 || end < 0)
        {
            throw new ArgumentException("Markers not found.");
        }

        return text[..start] + text[end..];
    }

    public static string ReplaceOnce(string text, string oldValue, string newValue)
    {
        int at = text.IndexOf(oldValue, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new ArgumentException($"'{oldValue}' is not in the text.", nameof(oldValue));
        }

        return text[..at] + newValue + text[(at + oldValue.Length)..];
    }

    public static int Count(string text, string value) =>
        Enumerable.Range(0, text.Length).Count(i => string.CompareOrdinal(text, i, value, 0, value.Length) == 0);
}
