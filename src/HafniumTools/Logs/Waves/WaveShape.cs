namespace HafniumTools.Logs.Waves;

/// <summary>What a front-end request was, by campaign and by what it aimed at.</summary>
internal enum WaveShape
{
    /// <summary>ProxyShell autodiscover SSRF to the PowerShell back end (X-Rps-CAT).</summary>
    ProxyShellPowerShell,

    /// <summary>ProxyShell autodiscover SSRF to another back-end path (autodiscover.xml, /mapi/emsmdb, EWS).</summary>
    ProxyShellBackEnd,

    /// <summary>A scanner's ProxyShell check (/mapi/nspi, /owa target).</summary>
    ProxyShellProbe,

    /// <summary>ProxyNotShell autodiscover SSRF to the PowerShell back end.</summary>
    ProxyNotShellPowerShell,

    /// <summary>ProxyNotShell autodiscover SSRF to another back-end path.</summary>
    ProxyNotShellBackEnd,

    /// <summary>A scanner's ProxyNotShell check (FooProtocol, @zdi/Powershell without auth, Nessus @test.com).</summary>
    ProxyNotShellProbe,

    /// <summary>OWASSRF: /owa/&lt;mailbox&gt;/powershell.</summary>
    OwassrfPowerShell,
}
