using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace HafniumTools.BuildTools;

/// <summary>
/// Merges the per-domain format and type files under src/HafniumTools into the single files the manifest
/// names, so adding a view or a type extension never means editing the manifest.
/// </summary>
public static class Ps1XmlMerger
{
    private static readonly string[] FormatSections = ["SelectionSets", "Controls", "ViewDefinitions"];

    public static void MergeFormats(string sourceDir, string target)
    {
        var merged = new XElement("Configuration");
        foreach (string section in FormatSections)
        {
            var items = SourceDocuments(sourceDir, "*.Format.ps1xml", "Configuration")
                .SelectMany(doc => doc.Elements(section).Elements())
                .ToList();
            if (items.Count > 0)
            {
                merged.Add(new XElement(section, items));
            }
        }

        if (merged.Element("ViewDefinitions") is null)
        {
            merged.Add(new XElement("ViewDefinitions"));
        }

        WriteIfChanged(target, merged);
    }

    /// <summary>
    /// Merges the type files, and with them <paramref name="generated"/> entries (<see cref="RehydrationTypeData"/>):
    /// a generated entry for a type the files also describe goes into that type's entry, so each type has one.
    /// </summary>
    public static void MergeTypes(string sourceDir, string target, IEnumerable<XElement>? generated = null)
    {
        var types = SourceDocuments(sourceDir, "*.Types.ps1xml", "Types").SelectMany(doc => doc.Elements("Type")).ToList();
        foreach (var entry in generated ?? [])
        {
            var written = types.FirstOrDefault(t => (string?)t.Element("Name") == (string?)entry.Element("Name"));
            if (written is null)
            {
                types.Add(entry);
            }
            else
            {
                MergeType(written, entry);
            }
        }

        WriteIfChanged(target, new XElement("Types", types));
    }

    /// <summary>Adds a generated entry's standard members and type converter to the hand-written entry of the same type.</summary>
    private static void MergeType(XElement written, XElement generated)
    {
        string type = (string)written.Element("Name")!;
        foreach (var member in generated.Elements("Members").Elements("MemberSet").Elements("Members").Elements())
        {
            var members = StandardMembers(written);
            string name = (string)member.Element("Name")!;
            if (members.Elements().Any(m => (string?)m.Element("Name") == name))
            {
                throw new InvalidDataException($"{type}: the build writes {name} from the DLL; remove it from the Types files.");
            }

            members.Add(new XElement(member));
        }

        if (generated.Element("TypeConverter") is { } converter)
        {
            if (written.Element("TypeConverter") is not null)
            {
                throw new InvalidDataException($"{type}: the build writes the TypeConverter from the DLL; remove it from the Types files.");
            }

            // The schema wants it after Members and before TypeAdapter.
            (written.Element("Members") ?? written.Element("Name")!).AddAfterSelf(new XElement(converter));
        }
    }

    /// <summary>The Members of the PSStandardMembers member set of a type entry, created when missing.</summary>
    private static XElement StandardMembers(XElement type)
    {
        var members = type.Element("Members");
        if (members is null)
        {
            members = new XElement("Members");
            type.Element("Name")!.AddAfterSelf(members);
        }

        var set = members.Elements("MemberSet").FirstOrDefault(s => (string?)s.Element("Name") == "PSStandardMembers");
        if (set is null)
        {
            set = new XElement("MemberSet", new XElement("Name", "PSStandardMembers"));
            members.Add(set);
        }

        var inner = set.Element("Members");
        if (inner is null)
        {
            inner = new XElement("Members");
            set.Add(inner);
        }

        return inner;
    }

    private static XElement[] SourceDocuments(string sourceDir, string pattern, string rootName)
    {
        if (!Directory.Exists(sourceDir))
        {
            return [];
        }

        return Directory.GetFiles(sourceDir, pattern)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(file =>
            {
                XElement root;
                try
                {
                    root = XElement.Load(file);
                }
                catch (XmlException e)
                {
                    throw new InvalidDataException($"{file}({e.LineNumber},{e.LinePosition}): {e.Message}", e);
                }

                return root.Name.LocalName == rootName
                    ? root
                    : throw new InvalidDataException($"{file}: the root element must be <{rootName}>, not <{root.Name.LocalName}>.");
            })
            .ToArray();
    }

    private static void WriteIfChanged(string target, XElement root) =>
        GeneratedFile.Write(target, GeneratedFile.XmlBytes(new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XComment(" Generated by the build from src/HafniumTools; edit the sources there. "), root)));
}
