using HafniumTools.Configuration;
using Xunit;

namespace HafniumTools.Tests.Configuration;

public class VirtualDirectoryClassifierTests
{
    [Theory]
    [InlineData("Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADOabVirtualDirectory", VirtualDirectoryKind.Oab)]
    [InlineData("Microsoft.Exchange.Data.Directory.SystemConfiguration.ADOabVirtualDirectory", VirtualDirectoryKind.Oab)]
    [InlineData("Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADEcpVirtualDirectory", VirtualDirectoryKind.Ecp)]
    [InlineData("Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADOwaVirtualDirectory", VirtualDirectoryKind.Owa)]
    [InlineData("Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADWebServicesVirtualDirectory", VirtualDirectoryKind.Ews)]
    [InlineData("Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADAutodiscoverVirtualDirectory", VirtualDirectoryKind.Autodiscover)]
    [InlineData("Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADMobileVirtualDirectory", VirtualDirectoryKind.ActiveSync)]
    [InlineData("Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADMapiVirtualDirectory", VirtualDirectoryKind.Mapi)]
    [InlineData("Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADPowerShellVirtualDirectory", VirtualDirectoryKind.PowerShell)]
    public void Type_names_decide_first(string typeName, object expected)
    {
        string[] typeNames =
        [
            typeName,
            "Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ExchangeVirtualDirectory",
            "Deserialized.Microsoft.Exchange.Data.Directory.ADConfigurationObject",
            "Deserialized.System.Object",
        ];

        Assert.Equal((VirtualDirectoryKind)expected, VirtualDirectoryClassifier.Classify(typeNames, null, ["PollInterval"], "owa (Default Web Site)"));
    }

    [Fact]
    public void Object_class_then_signature_property_then_name()
    {
        Assert.Equal(VirtualDirectoryKind.Ecp, VirtualDirectoryClassifier.Classify(["System.Management.Automation.PSCustomObject"], ["top", "msExchVirtualDirectory", "msExchECPVirtualDirectory"], ["PollInterval"], "OAB"));
        Assert.Equal(VirtualDirectoryKind.Oab, VirtualDirectoryClassifier.Classify(null, null, ["Identity", "OfflineAddressBooks"], "owa"));
        Assert.Equal(VirtualDirectoryKind.Ews, VirtualDirectoryClassifier.Classify(null, null, ["Identity", "InternalNLBBypassUrl"], null));
        Assert.Equal(VirtualDirectoryKind.ActiveSync, VirtualDirectoryClassifier.Classify(null, null, ["Identity"], "EX01\\Microsoft-Server-ActiveSync (Default Web Site)"));
        Assert.Equal(VirtualDirectoryKind.Unknown, VirtualDirectoryClassifier.Classify(["System.Collections.Hashtable"], null, ["ExternalUrl"], "Contoso intranet"));
    }

    [Theory]
    [InlineData("contoso.local/Configuration/Schema/ms-Exch-OAB-Virtual-Directory", VirtualDirectoryKind.Oab)]
    [InlineData("top\nmsExchVirtualDirectory\nmsExchOWAVirtualDirectory", VirtualDirectoryKind.Owa)]
    [InlineData("{top, msExchVirtualDirectory}", VirtualDirectoryKind.Unknown)]
    [InlineData(null, VirtualDirectoryKind.Unknown)]
    public void Object_class_or_category_text(string? value, object expected) =>
        Assert.Equal((VirtualDirectoryKind)expected, VirtualDirectoryClassifier.FromObjectClassOrCategory(value));
}
