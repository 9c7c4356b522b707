using System;
using System.Linq;
using System.Text;
using HafniumTools.Logs.Ecp;
using Xunit;

namespace HafniumTools.Tests.Logs;

public class EcpEventDataTests
{
    [Fact]
    public void ParsesPlainEntriesAndFindsKeysWithOrWithoutPrefix()
    {
        var bag = EcpEventData.Parse("S:TIME=13;S:SID=S-1-5-21-1-2-3-500;S:CMD=Get-InboxRule;S:REQID=;S:URL=/ecp/RulesEditor/InboxRules.svc/GetList?msExchEcpCanary=abc;S:RS=0");

        Assert.Equal(6, bag.Entries.Count);
        Assert.Equal("Get-InboxRule", bag["CMD"]);
        Assert.Equal("Get-InboxRule", bag["S:CMD"]);
        Assert.Equal("/ecp/RulesEditor/InboxRules.svc/GetList?msExchEcpCanary=abc", bag["url"]);
        Assert.Equal(string.Empty, bag["REQID"]);
        Assert.Null(bag["NOPE"]);
        Assert.False(bag.Truncated);
    }

    [Fact]
    public void UnquotesAnEntryWithDoubledSingleQuotesAndEmbeddedSeparators()
    {
        // As the CSV reader hands it over: the entry is single-quoted because it holds quotes and ';'.
        const string data = "S:TIME=1453;'S:CMD=Set-OabVirtualDirectory.ExternalUrl=''http://f/<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"klk123456\"],\"unsafe\");}</script>''.Identity=''982d48c8-8bfa-4b6b-b431-53fd7ea4e9b3''';S:REQID=;S:RS=0";

        var bag = EcpEventData.Parse(data);

        Assert.Equal(
            "Set-OabVirtualDirectory.ExternalUrl='http://f/<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"klk123456\"],\"unsafe\");}</script>'.Identity='982d48c8-8bfa-4b6b-b431-53fd7ea4e9b3'",
            bag["CMD"]);
        Assert.Equal("0", bag["RS"]);
        Assert.Equal(4, bag.Entries.Count);
    }

    [Fact]
    public void UndoesCsvQuotingLeftOnTheField()
    {
        const string raw = "\"S:TIME=1;'S:CMD=Set-OwaVirtualDirectory.ExternalUrl=''http://a/<b onload=\"\"x\"\">,y''';S:RS=0\"";

        var bag = EcpEventData.Parse(raw);

        Assert.Equal("Set-OwaVirtualDirectory.ExternalUrl='http://a/<b onload=\"x\">,y'", bag["CMD"]);
        Assert.Equal("0", bag["RS"]);
    }

    [Fact]
    public void KeepsAValueQuotedAfterItsKey()
    {
        var bag = EcpEventData.Parse("S:A='x;y=z';S:B=2");

        Assert.Equal("x;y=z", bag["A"]);
        Assert.Equal("2", bag["B"]);
    }

    [Fact]
    public void AnUnclosedQuoteRunsToTheEndAndIsMarkedTruncated()
    {
        var bag = EcpEventData.Parse("S:TIME=5;'S:CMD=Set-OabVirtualDirectory.ExternalUrl=''http://f/<script>;S:RS=0");

        Assert.True(bag.Truncated);
        Assert.StartsWith("Set-OabVirtualDirectory.ExternalUrl='http://f/<script>;S:RS=0", bag["CMD"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(";;;")]
    public void EmptyInputGivesAnEmptyBag(string? input) => Assert.Empty(EcpEventData.Parse(input).Entries);

    [Fact]
    public void ParsesCommandParametersQuotedAndPlain()
    {
        var command = EcpCommand.Parse("New-OABVirtualDirectory.WebSiteName='Default Web Site'.Server=EXCH01.Role='ClientAccess'.InternalURL='https://exch01.contoso.local/OAB'.Force=$true");

        Assert.NotNull(command);
        Assert.Equal("New-OABVirtualDirectory", command!.Name);
        Assert.Equal(["WebSiteName", "Server", "Role", "InternalURL", "Force"], command.Parameters.Select(p => p.Name));
        Assert.Equal("Default Web Site", command.Parameters[0].Value);
        Assert.Equal("EXCH01", command.Parameters[1].Value);
        Assert.False(command.Parameters[1].Quoted);
        Assert.Equal("https://exch01.contoso.local/OAB", command.Parameters[3].Value);
        Assert.True(command.Parameters[3].IsUrlParameter);
        Assert.False(command.Parameters[2].IsUrlParameter);
        Assert.Equal("$true", command.Parameters[4].Value);
    }

    [Fact]
    public void APlainUrlWithDotsStaysOneValue()
    {
        var command = EcpCommand.Parse("Set-EcpVirtualDirectory.ExternalUrl=https://mail.contoso.com/ecp.Identity='EXCH01\\ecp (Default Web Site)'");

        Assert.Equal("https://mail.contoso.com/ecp", command!.Parameters[0].Value);
        Assert.Equal("EXCH01\\ecp (Default Web Site)", command.Parameters[1].Value);
    }

    [Fact]
    public void QuotedValueKeepsDoubledQuotesAsOne()
    {
        var command = EcpCommand.Parse("Set-OabVirtualDirectory.ExternalUrl='it''s'.Identity='x'");

        Assert.Equal("it's", command!.Parameters[0].Value);
        Assert.Equal("x", command.Parameters[1].Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("NoDash")]
    [InlineData("-Leading")]
    [InlineData("Trailing-")]
    public void RejectsTextThatIsNotACommand(string? text) => Assert.Null(EcpCommand.Parse(text));

    [Fact]
    public void FuzzedEventDataNeverThrowsAndStaysFast()
    {
        var random = new Random(20210302);
        const string alphabet = "S:CMD=;'\",.<>/\\abcXYZ019 -$\"''\r\n\t";
        string seed = "S:TIME=1453;'S:CMD=Set-OabVirtualDirectory.ExternalUrl=''http://f/<script language=\"JScript\">x;y</script>''.Identity=''g''';S:RS=0";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 5000; i++)
        {
            string input = i % 2 == 0 ? RandomText(random, alphabet, random.Next(0, 400)) : Mutate(random, seed, alphabet);
            var bag = EcpEventData.Parse(input);
            foreach (var entry in bag.Entries)
            {
                Assert.NotNull(entry.Key);
                Assert.NotNull(entry.Value);
            }

            var command = EcpCommand.Parse(bag["CMD"] ?? input);
            if (command is not null)
            {
                Assert.All(command.Parameters, p => Assert.False(string.IsNullOrEmpty(p.Name)));
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "Parsing fuzzed input took " + watch.Elapsed);
    }

    [Fact]
    public void AHugeQuotedValueParsesInLinearTime()
    {
        string big = "'S:CMD=Set-OabVirtualDirectory.ExternalUrl=''" + new string('\'', 200_000) + "''';S:RS=0";
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var bag = EcpEventData.Parse(big);
        EcpCommand.Parse(bag["CMD"]);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.NotEmpty(bag.Entries);
    }

    internal static string RandomText(Random random, string alphabet, int length)
    {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.Append(random.Next(10) == 0 ? (char)random.Next(0, 0xD7FF) : alphabet[random.Next(alphabet.Length)]);
        }

        return text.ToString();
    }

    internal static string Mutate(Random random, string seed, string alphabet)
    {
        var text = new StringBuilder(seed);
        int edits = random.Next(1, 12);
        for (int i = 0; i < edits && text.Length > 0; i++)
        {
            int at = random.Next(text.Length);
            switch (random.Next(3))
            {
                case 0:
                    text.Remove(at, 1);
                    break;
                case 1:
                    text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
                default:
                    text[at] = alphabet[random.Next(alphabet.Length)];
                    break;
            }
        }

        if (random.Next(4) == 0)
        {
            text.Length = random.Next(text.Length + 1);
        }

        return text.ToString();
    }
}
