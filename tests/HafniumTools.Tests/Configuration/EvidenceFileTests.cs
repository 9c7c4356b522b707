using System.Linq;
using System.Text;
using HafniumTools.Configuration;
using Xunit;

namespace HafniumTools.Tests.Configuration;

public class EvidenceFileTests
{
    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03 })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14 })]
    [InlineData(new byte[] { 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0x00 })]
    [InlineData(new byte[] { 0x52, 0x61, 0x72, 0x21, 0x1A, 0x07 })]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08 })]
    [InlineData(new byte[] { 0x41, 0x42, 0x00, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x00, 0x00 })]
    public void Binary_and_archive_signatures_are_binary(byte[] bytes) => Assert.True(EvidenceFile.IsBinary(bytes));

    [Fact]
    public void Utf16_text_is_not_binary_and_decodes()
    {
        const string Text = "ExternalUrl                     : http://f/";
        byte[] le = Encoding.Unicode.GetBytes(Text);
        byte[] be = Encoding.BigEndianUnicode.GetBytes(Text);

        Assert.False(EvidenceFile.IsBinary(le));
        Assert.False(EvidenceFile.IsBinary(be));
        Assert.Equal(Text, EvidenceFile.Decode(le));
        Assert.Equal(Text, EvidenceFile.Decode(be));
    }

    [Fact]
    public void Utf8_with_bom_decodes_without_the_mark()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, (byte)'N', (byte)'a', (byte)'m', (byte)'e'];

        Assert.False(EvidenceFile.IsBinary(bytes));
        Assert.Equal("Name", EvidenceFile.Decode(bytes));
    }

    [Fact]
    public void Pre_filter_finds_the_token_in_utf8_and_utf16_and_nothing_in_binaries()
    {
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ht-ef-" + System.Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        try
        {
            string Write(string name, byte[] bytes)
            {
                string path = System.IO.Path.Combine(dir, name);
                System.IO.File.WriteAllBytes(path, bytes);
                return path;
            }

            const string Text = "Name : OAB\r\nExternalUrl                     : http://f/\r\n";
            Assert.True(EvidenceFile.Read(Write("a.aspx", Encoding.UTF8.GetBytes(Text))).MayContain("rnalUrl"));
            Assert.True(EvidenceFile.Read(Write("b.aspx", Encoding.Unicode.GetBytes(Text))).MayContain("rnalUrl"));
            Assert.True(EvidenceFile.Read(Write("c.aspx", Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(Text)).ToArray())).MayContain("rnalUrl"));
            Assert.False(EvidenceFile.Read(Write("d.aspx", Encoding.UTF8.GetBytes("Name : OAB\r\nExternalUr"))).MayContain("rnalUrl"));
            Assert.False(EvidenceFile.Read(Write("e.dll", new byte[] { 0x4D, 0x5A }.Concat(Encoding.UTF8.GetBytes(Text)).ToArray())).MayContain("rnalUrl"));
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }
}
