using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using HafniumTools.Core;
using Xunit;

namespace HafniumTools.Tests.Core;

/// <summary>
/// The one list of error ids: each id is its own name, used by the code (not only declared), and named in the help
/// (a cmdlet page or about_HafniumTools), so a runbook author can look up every id a command can write.
/// </summary>
public class ErrorIdsTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    private static readonly FieldInfo[] Ids = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .ToArray();

    [Fact]
    public void Every_id_is_its_own_name_and_unique()
    {
        Assert.NotEmpty(Ids);
        Assert.All(Ids, f => Assert.Equal(f.Name, (string)f.GetRawConstantValue()!));
        Assert.Equal(Ids.Length, Ids.Select(f => (string)f.GetRawConstantValue()!).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Every_id_is_used_by_the_code_and_named_in_the_help()
    {
        string source = string.Concat(Directory.EnumerateFiles(Path.Combine(RepoRoot, "src", "HafniumTools"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !p.EndsWith(Path.DirectorySeparatorChar + "ErrorIds.cs", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        string help = string.Concat(Directory.EnumerateFiles(Path.Combine(RepoRoot, "docs"), "*.md").Select(File.ReadAllText));

        var unused = Ids.Where(f => !Regex.IsMatch(source, @"ErrorIds\." + f.Name + @"\b")).Select(f => f.Name).ToList();
        var undocumented = Ids.Where(f => !Regex.IsMatch(help, @"\b" + f.Name + @"\b")).Select(f => f.Name).ToList();

        Assert.True(unused.Count == 0, "declared in ErrorIds but never used: " + string.Join(", ", unused));
        Assert.True(undocumented.Count == 0, "not named in any docs/*.md page: " + string.Join(", ", undocumented));
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HafniumTools.psd1")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("HafniumTools.psd1 was not found above " + AppContext.BaseDirectory);
    }
}
