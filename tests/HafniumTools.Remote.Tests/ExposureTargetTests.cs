using System;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>How names, addresses and URIs become endpoints, and what the result calls the server.</summary>
public class ExposureTargetTests
{
    [Theory]
    [InlineData("ex01.contoso.com", 443, "ex01.contoso.com", "https://ex01.contoso.com/", "ex01.contoso.com")]
    [InlineData("EX01", 8443, "EX01", "https://ex01:8443/", "EX01:8443")]
    [InlineData("10.0.0.5:8443", 443, "10.0.0.5", "https://10.0.0.5:8443/", "10.0.0.5:8443")]
    [InlineData("::1", 443, "::1", "https://[::1]/", "[::1]")]
    [InlineData("[::1]:8443", 443, "::1", "https://[::1]:8443/", "[::1]:8443")]
    [InlineData("https://mail.contoso.com/owa/", 443, "mail.contoso.com", "https://mail.contoso.com/", "mail.contoso.com")]
    [InlineData("http://127.0.0.9:8080", 443, "127.0.0.9", "http://127.0.0.9:8080/", "127.0.0.9:8080")]
    public void Names_addresses_and_URIs_become_endpoints(string text, int port, string computerName, string baseUri, string hostHeader)
    {
        Assert.True(ExposureTarget.TryParse(text, port, out var target, out string? reason), reason);

        Assert.Equal(computerName, target!.ComputerName);
        Assert.Equal(new Uri(baseUri), target.BaseUri);
        Assert.Equal(hostHeader, target.HostHeader);
        Assert.Equal(text, target.Input);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("bad name!", "not a host name")]
    [InlineData("ftp://files.contoso.com/", "not an http or https URI")]
    [InlineData("ex01:99999", "is not a port number")]
    [InlineData("ex01:https", "is not a port number")]
    public void Other_text_is_refused_with_a_reason(string text, string reason)
    {
        Assert.False(ExposureTarget.TryParse(text, 443, out var target, out string? why));

        Assert.Null(target);
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_URI_keeps_the_name_it_is_given()
    {
        Assert.True(ExposureTarget.TryFromUri("x", new Uri("https://10.1.1.1:444/"), "EX01.contoso.com", out var target, out _));

        Assert.Equal("EX01.contoso.com", target!.ComputerName);
        Assert.Equal("10.1.1.1", target.Host);
        Assert.Equal("https://10.1.1.1:444/owa/", target.Url("/owa/"));
    }
}
