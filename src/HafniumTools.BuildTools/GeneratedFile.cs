using System;
using System.IO;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace HafniumTools.BuildTools;

/// <summary>Writes build outputs only when their bytes change, so incremental builds and file watchers stay quiet.</summary>
public static class GeneratedFile
{
    public static void Write(string target, byte[] bytes)
    {
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes))
        {
            return;
        }

        File.WriteAllBytes(target, bytes);
    }

    /// <summary>UTF-8 without BOM, indented, LF line ends: the same bytes on every OS.</summary>
    public static byte[] XmlBytes(XDocument document)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            document.Save(writer);
        }

        return buffer.ToArray();
    }
}
