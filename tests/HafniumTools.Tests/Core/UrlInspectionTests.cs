using System;
using HafniumTools.Core;
using Xunit;

namespace HafniumTools.Tests.Core;

public class UrlInspectionTests
{
    [Theory]
    [InlineData("http://f/<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"klk123456\"],\"unsafe\");}</script>")]
    [InlineData("https://mail.contoso.com/OAB<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"p\"],\"unsafe\");%>")]
    [InlineData("http://f/%3Cscript%20runat%3D%22server%22%3Eeval(Request%5B%22x%22%5D)%3C%2Fscript%3E")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://a/<b>")]
    public void Script_or_markup_in_a_url_is_found(string url)
    {
        Assert.True(UrlInspection.CarriesScriptOrMarkup(url, out string? indicator));
        Assert.False(string.IsNullOrEmpty(indicator));
    }

    [Theory]
    [InlineData("https://mail.contoso.com/OAB")]
    [InlineData("https://mail.contoso.com:444/ecp/?x=1&y=2")]
    [InlineData("http://ex01.corp.contoso.com/EWS/Exchange.asmx")]
    [InlineData("https://mail.contoso.com/owa/requestform.aspx")]
    [InlineData("")]
    [InlineData(null)]
    public void Ordinary_urls_carry_nothing(string? url)
    {
        Assert.False(UrlInspection.CarriesScriptOrMarkup(url, out string? indicator));
        Assert.Null(indicator);
    }

    [Theory]
    [InlineData("https://mail.contoso.com/OAB", true)]
    [InlineData("http://ex01/ecp", true)]
    [InlineData("ftp://mail.contoso.com/OAB", false)]
    [InlineData("/OAB", false)]
    [InlineData(" https://mail.contoso.com/OAB", false)]
    [InlineData("http://f/<script>", false)]
    [InlineData(null, false)]
    public void Only_absolute_http_urls_are_well_formed(string? url, bool expected)
    {
        Assert.Equal(expected, UrlInspection.IsWellFormedHttpUrl(url));
    }

    [Fact]
    public void Random_and_mutated_values_never_throw_and_script_stays_found()
    {
        var random = new Random(26855);
        const string shell = "http://f/<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"k\"],\"unsafe\");}</script>";
        for (int i = 0; i < 3000; i++)
        {
            char[] chars = shell.ToCharArray();
            int edits = random.Next(1, 6);
            for (int e = 0; e < edits; e++)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 0x3000);
            }

            string mutated = new(chars);
            UrlInspection.IsWellFormedHttpUrl(mutated);
            UrlInspection.CarriesScriptOrMarkup(mutated, out _);
            UrlInspection.CarriesScriptOrMarkup(new string('%', random.Next(0, 5000)) + mutated, out _);
        }

        // Whatever surrounds it, an intact payload is still found.
        Assert.True(UrlInspection.CarriesScriptOrMarkup(new string('%', 4096) + shell + "%ZZ%", out _));
        Assert.False(UrlInspection.IsWellFormedHttpUrl(shell));
    }
}
