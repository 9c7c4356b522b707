using System.Linq;
using System.Text;
using HafniumTools.Files;
using Xunit;

namespace HafniumTools.Tests.Files;

public class ContentSnifferTests
{
    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03 })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14 })]
    [InlineData(new byte[] { 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0x00 })]
    [InlineData(new byte[] { 0x52, 0x61, 0x72, 0x21, 0x1A, 0x07 })]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08 })]
    [InlineData(new byte[] { 0x41, 0x42, 0x00, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x00, 0x00 })]
    public void Binary_and_archive_signatures_are_binary(byte[] bytes) => Assert.NotEqual(ContentKind.Text, ContentSniffer.Sniff(bytes, bytes.Length));

    [Fact]
    public void Utf16_text_is_not_binary_and_decodes()
    {
        const string Text = "ExternalUrl                     : http://f/";
        byte[] le = Encoding.Unicode.GetBytes(Text);
        byte[] be = Encoding.BigEndianUnicode.GetBytes(Text);

        Assert.Equal(ContentKind.Text, ContentSniffer.Sniff(le, le.Length));
        Assert.Equal(ContentKind.Text, ContentSniffer.Sniff(be, be.Length));
        Assert.Equal(Text, ContentSniffer.Decode(le, le.Length));
        Assert.Equal(Text, ContentSniffer.Decode(be, be.Length));
    }

    [Fact]
    public void Utf8_with_bom_decodes_without_the_mark()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, (byte)'N', (byte)'a', (byte)'m', (byte)'e'];

        Assert.Equal(ContentKind.Text, ContentSniffer.Sniff(bytes, bytes.Length));
        Assert.Equal("Name", ContentSniffer.Decode(bytes, bytes.Length));
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

            bool MayContain(string path, string token)
            {
                byte[] data = EvidenceFile.Read(path, 1024 * 1024, out int count, out bool complete);
                Assert.True(complete);
                return ContentSniffer.Sniff(data, count) == ContentKind.Text && ContentSniffer.ContainsText(data, count, token);
            }

            const string Text = "Name : OAB\r\nExternalUrl                     : http://f/\r\n";
            Assert.True(MayContain(Write("a.aspx", Encoding.UTF8.GetBytes(Text)), "rnalUrl"));
            Assert.True(MayContain(Write("b.aspx", Encoding.Unicode.GetBytes(Text)), "rnalUrl"));
            Assert.True(MayContain(Write("c.aspx", Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(Text)).ToArray()), "rnalUrl"));
            Assert.False(MayContain(Write("d.aspx", Encoding.UTF8.GetBytes("Name : OAB\r\nExternalUr")), "rnalUrl"));
            Assert.False(MayContain(Write("e.dll", new byte[] { 0x4D, 0x5A }.Concat(Encoding.UTF8.GetBytes(Text)).ToArray()), "rnalUrl"));
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }
}
