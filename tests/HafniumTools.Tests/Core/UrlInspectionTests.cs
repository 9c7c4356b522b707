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
    [InlineData("http://ffff/#<script language=\"JScript\" runat=\"server\"> function Page_Load(){/**/eval(Request[\"code\"],\"unsafe\");}</script>")]
    [InlineData("http://o/%3Cscript%20language=%22JScript%22%20runat=%22server%22%3Efunction%20Page_Load()%7B%7D%3C/script%3E")]
    [InlineData("http://o/%253Cscript%253Ealert(1)%253C/script%253E")]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("JavaScript :alert(1)")]
    [InlineData("data:text/html,hello")]
    [InlineData("https://mail.contoso.com/owa/<img src=x onerror=alert(1)>")]
    [InlineData("https://mail.contoso.com/<%=Response.Write(1)%>")]
    [InlineData("http://o/#eval(Request.Item[\"p\"],\"unsafe\")")]
    [InlineData("http://o/x?Response.Write(new ActiveXObject(\"WScript.Shell\"))")]
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

    [Theory]
    [InlineData("https://mail.contoso.com/OAB")]
    [InlineData("https://mail.contoso.com:443/owa")]
    [InlineData("https://ex01.corp.contoso.com:444/ecp/")]
    [InlineData("http://ex01/Microsoft-Server-ActiveSync")]
    [InlineData("https://autodiscover.contoso.com/Autodiscover/Autodiscover.xml")]
    [InlineData("https://mail.contoso.com/EWS/Exchange.asmx")]
    [InlineData("https://[2001:db8::10]/mapi")]
    [InlineData("https://mail.contoso.com/owa/?realm=contoso.com")]
    [InlineData("https://mail.contoso.com/Response.aspx")]
    [InlineData("https://request.contoso.com/Request.svc/OAB")]
    [InlineData("https://unsafe.contoso.com/OAB")]
    public void Normal_urls_are_clean_and_well_formed(string url)
    {
        Assert.False(UrlInspection.CarriesScriptOrMarkup(url, out _));
        Assert.True(UrlInspection.IsWellFormedHttpUrl(url));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Empty_values_carry_nothing_and_are_not_well_formed(string? url)
    {
        Assert.False(UrlInspection.CarriesScriptOrMarkup(url, out string? indicator));
        Assert.Null(indicator);
        Assert.False(UrlInspection.IsWellFormedHttpUrl(url));
    }

    [Theory]
    [InlineData("mail.contoso.com/OAB")]
    [InlineData("ftp://mail.contoso.com/OAB")]
    [InlineData("https://mail.contoso.com/O AB")]
    [InlineData(" https://mail.contoso.com/OAB")]
    [InlineData("\\\\ex01\\c$\\inetpub")]
    [InlineData("https://")]
    public void Malformed_urls_are_not_well_formed_but_not_script(string url)
    {
        Assert.False(UrlInspection.IsWellFormedHttpUrl(url));
        Assert.False(UrlInspection.CarriesScriptOrMarkup(url, out _));
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
