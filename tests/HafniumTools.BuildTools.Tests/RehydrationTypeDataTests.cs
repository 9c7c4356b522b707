using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace HafniumTools.BuildTools.Tests;

public class RehydrationTypeDataTests
{
    private const string Report = "HafniumTools.BuildTools.Tests.ContosoReport";
    private const string Detail = "HafniumTools.BuildTools.Tests.ContosoDetail";
    private const string Mode = "HafniumTools.BuildTools.Tests.SampleMode";
    private const string Converter = "HafniumTools.BuildTools.Tests.ContosoConverter";

    private static readonly IReadOnlyList<XElement> Generated = RehydrationTypeData.Generate(typeof(ContosoReport).Assembly);

    [Fact]
    public void Every_output_type_and_the_classes_and_enums_it_uses_are_rehydrated()
    {
        var targets = Generated
            .Where(t => Name(t).StartsWith("Deserialized.", System.StringComparison.Ordinal))
            .ToDictionary(Name, t => Note(t, "TargetTypeForDeserialization"));

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["Deserialized." + Detail] = Detail,
                ["Deserialized." + Report] = Report,
                ["Deserialized." + Mode] = Mode,
            },
            targets);
    }

    [Fact]
    public void Classes_get_the_module_converter_and_a_depth_that_keeps_their_values_whole()
    {
        var report = Generated.Single(t => Name(t) == Report);
        var detail = Generated.Single(t => Name(t) == Detail);

        Assert.Equal(Converter, (string?)report.Element("TypeConverter")?.Element("TypeName"));
        Assert.Equal(Converter, (string?)detail.Element("TypeConverter")?.Element("TypeName"));
        // The report's array of details is a list of objects of strings: three levels.
        Assert.Equal("3", Note(report, "SerializationDepth"));
        Assert.Equal("1", Note(detail, "SerializationDepth"));
        // An enum is turned back by PowerShell itself: no converter.
        Assert.DoesNotContain(Generated, t => Name(t) == Mode);
    }

    [Fact]
    public void Generated_entries_join_the_hand_written_entry_of_the_same_type()
    {
        using var repo = new TestFiles.TempDir();
        WriteReportStandardMembers(repo, "<PropertySet><Name>DefaultDisplayPropertySet</Name><ReferencedProperties><Name>Name</Name></ReferencedProperties></PropertySet>");
        string target = Path.Combine(repo.Path, "merged.ps1xml");

        Ps1XmlMerger.MergeTypes(Path.Combine(repo.Path, "Types"), target, Generated);

        var report = XDocument.Load(target).Root!.Elements("Type").Where(t => Name(t) == Report).ToList();
        var entry = Assert.Single(report);
        Assert.Equal(["Name", "Members", "TypeConverter"], entry.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("3", Note(entry, "SerializationDepth"));
        Assert.NotNull(entry.Descendants("PropertySet").SingleOrDefault());
    }

    [Fact]
    public void A_hand_written_member_the_build_generates_is_refused()
    {
        using var repo = new TestFiles.TempDir();
        WriteReportStandardMembers(repo, "<NoteProperty><Name>SerializationDepth</Name><Value>2</Value></NoteProperty>");

        var e = Assert.Throws<InvalidDataException>(() => Ps1XmlMerger.MergeTypes(Path.Combine(repo.Path, "Types"), Path.Combine(repo.Path, "merged.ps1xml"), Generated));

        Assert.Equal($"{Report}: the build writes SerializationDepth from the DLL; remove it from the Types files.", e.Message);
    }

    [Fact]
    public void Staging_with_the_module_assembly_writes_its_rehydration_type_data()
    {
        using var repo = new TestFiles.TempDir();
        repo.Write("docs/" + TestFiles.SampleName + ".md", TestFiles.SamplePage);
        string bin = Path.Combine(repo.Path, "bin");

        ModuleStager.Stage(repo.Path, bin, moduleAssembly: typeof(ContosoReport).Assembly.Location);

        var names = XDocument.Load(Path.Combine(bin, "HafniumTools.Types.ps1xml")).Root!.Elements("Type").Select(Name).ToList();
        Assert.Contains("Deserialized." + Report, names);
        Assert.Contains(Report, names);
    }

    /// <summary>A hand-written Types file giving the sample report these standard members.</summary>
    private static void WriteReportStandardMembers(TestFiles.TempDir repo, string members) =>
        repo.Write("Types/Report.Types.ps1xml", $"""
            <Types>
              <Type>
                <Name>{Report}</Name>
                <Members><MemberSet><Name>PSStandardMembers</Name><Members>{members}</Members></MemberSet></Members>
              </Type>
            </Types>
            """);

    private static string Name(XElement type) => (string)type.Element("Name")!;

    private static string? Note(XElement type, string name) =>
        (string?)type.Descendants("NoteProperty").SingleOrDefault(n => (string?)n.Element("Name") == name)?.Element("Value");
}
