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
}
