using System.Collections.Generic;
using HafniumTools.Files;
using Xunit;

namespace HafniumTools.Tests.Files;

public class DefaultScanRootsTests
{
    private const string ApplicationHost = """
        <?xml version="1.0" encoding="UTF-8"?>
        <configuration>
          <system.applicationHost>
            <sites>
              <site name="Default Web Site" id="1">
                <application path="/">
                  <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" />
                </application>
                <application path="/owa" applicationPool="MSExchangeOWAAppPool">
                  <virtualDirectory path="/" physicalPath="C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa" />
                </application>
              </site>
              <site name="Exchange Back End" id="2">
                <application path="/">
                  <virtualDirectory path="/" physicalPath="E:\Exchange\ClientAccess\BackEnd" />
                </application>
              </site>
            </sites>
          </system.applicationHost>
        </configuration>
        """;

    private static DefaultScanRoots Machine(Dictionary<string, string> environment, HashSet<string> folders, string? applicationHost, string? registryInstallPath = null) =>
        new(
            name => environment.TryGetValue(name, out string? value) ? value : null,
            folders.Contains,
            path => path == @"C:\Windows\System32\inetsrv\config\applicationHost.config" ? applicationHost : null,
            () => registryInstallPath);

    [Fact]
    public void Site_roots_come_from_application_host_with_variables_expanded()
    {
        var roots = Machine(new() { ["SystemDrive"] = "C:" }, [], null).ParseSiteRoots(ApplicationHost);

        Assert.Equal(new[] { @"C:\inetpub\wwwroot", @"E:\Exchange\ClientAccess\BackEnd" }, roots);
    }

    [Fact]
    public void Exchange_and_iis_roots_without_nesting_and_only_existing()
    {
        var machine = Machine(
            new() { ["ExchangeInstallPath"] = @"E:\Exchange", ["windir"] = @"C:\Windows", ["SystemDrive"] = "C:" },
            [@"E:\Exchange\FrontEnd\HttpProxy", @"E:\Exchange\ClientAccess", @"E:\Exchange\ClientAccess\BackEnd", @"C:\inetpub\wwwroot"],
            ApplicationHost);

        Assert.Equal(@"E:\Exchange\", machine.ExchangeInstallPath);
        Assert.Equal(new[] { @"E:\Exchange\FrontEnd\HttpProxy", @"E:\Exchange\ClientAccess", @"C:\inetpub\wwwroot" }, machine.ForConfigurationDumps());
    }

    [Fact]
    public void Without_exchange_or_iis_config_falls_back_to_the_default_web_root()
    {
        var machine = Machine(new() { ["SystemDrive"] = "D:" }, [@"D:\inetpub\wwwroot"], null);

        Assert.Null(machine.ExchangeInstallPath);
        Assert.Equal(new[] { @"D:\inetpub\wwwroot" }, machine.ForConfigurationDumps());
        Assert.Empty(machine.ForEcpAuth());
    }

    [Fact]
    public void Setup_registry_path_wins_over_the_environment_and_the_default_web_site_is_found()
    {
        var machine = Machine(new() { ["ExchangeInstallPath"] = @"E:\Old\", ["windir"] = @"C:\Windows", ["SystemDrive"] = "C:" }, [], ApplicationHost, @"D:\Exchange Server\V15");

        Assert.Equal(@"D:\Exchange Server\V15\", machine.ExchangeInstallPath);
        Assert.Equal(@"C:\inetpub\wwwroot", machine.DefaultWebSiteRoot());
    }

    [Fact]
    public void Broken_application_host_yields_no_roots()
    {
        Assert.Empty(Machine([], [], null).ParseSiteRoots("<configuration><unclosed>"));
    }
}
