using System.Collections.Generic;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Logs.EventLogs;
using Xunit;

namespace HafniumTools.Tests.Logs;

public class EventLogCmdletEntryTests
{
    private static TestLogRow Row(string? message, params string[] data)
    {
        var fields = new Dictionary<string, string?> { ["Message"] = message };
        for (int i = 0; i < data.Length; i++)
        {
            fields["Data" + i] = data[i];
        }

        return new TestLogRow(LogKind.EventLogXml, "m.xml", 1, string.Empty, fields);
    }

    [Fact]
    public void TheCmdletIsFoundInAnyInsertionString()
    {
        var entry = CmdletLogEntry.FromRow(Row(null, "contoso.local/Users/Administrator", "Set-OabVirtualDirectory", "-ExternalUrl 'http://f/<script>x</script>' -Identity 'OAB'"));

        Assert.NotNull(entry);
        Assert.Equal("Set-OabVirtualDirectory", entry!.Cmdlet);
        Assert.Equal("http://f/<script>x</script>", entry.Parameters.Single(p => p.Key == "ExternalUrl").Value);
    }

    [Fact]
    public void TheRenderedMessageIsUsedWhenNoInsertionStringIsACmdlet()
    {
        var entry = CmdletLogEntry.FromRow(Row("Cmdlet failed. Cmdlet Set-EcpVirtualDirectory, parameters -InternalUrl \"https://exch01/ecp\" -Identity \"EXCH01\\ecp (Default Web Site)\".", "not a cmdlet"));

        Assert.Equal("Set-EcpVirtualDirectory", entry!.Cmdlet);
        Assert.Equal("EXCH01\\ecp (Default Web Site)", entry.Parameters[1].Value);
    }

    [Fact]
    public void AVerbNounLookingValueWithoutParametersIsNotTakenForTheCmdlet()
    {
        var entry = CmdletLogEntry.FromRow(Row("Cmdlet suceeded. Cmdlet Set-OabVirtualDirectory, parameters -ExternalUrl \"https://mail.contoso.com/OAB\".", "", "ServerRemoteHost-Local", "7412 w3wp#MSExchangeECPAppPool"));

        Assert.Equal("Set-OabVirtualDirectory", entry!.Cmdlet);
    }

    [Fact]
    public void NoCmdletAnywhereGivesNull() =>
        Assert.Null(CmdletLogEntry.FromRow(Row("Something else happened.", "one", "two")));
}
