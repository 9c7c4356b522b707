using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace WebShell.Benchmark;

/// <summary>
/// Writes a realistic IIS + Exchange web tree: theme images, scripts, style sheets, pages with server code,
/// configs, assemblies, and a handful of web shells (from the test fixtures) at known paths.
/// </summary>
internal sealed class TreeGenerator(string root, int fileCount, int seed, string shellFolder)
{
    private const string Ex = "Program Files/Microsoft/Exchange Server/V15/";
    private readonly Random _random = new(seed);

    public List<string> ShellPaths { get; } = [];

    public void Generate()
    {
        var folders = Folders();
        var shells = Directory.GetFiles(shellFolder).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        int shellEvery = Math.Max(1, fileCount / Math.Max(1, shells.Length));
        int shellIndex = 0;
        for (int i = 0; i < fileCount; i++)
        {
            string folder = folders[_random.Next(folders.Count)];
            string path;
            byte[] content;
            if (i % shellEvery == shellEvery / 2 && shellIndex < shells.Length)
            {
                string shell = shells[shellIndex++];
                bool inAspnet = shellIndex % 2 == 0;
                folder = inAspnet ? "inetpub/wwwroot/aspnet_client/system_web" : Ex + "FrontEnd/HttpProxy/owa/auth";
                path = Path.Combine(root, folder, Path.GetFileNameWithoutExtension(shell) + "-" + i + Path.GetExtension(shell));
                content = File.ReadAllBytes(shell);
                ShellPaths.Add(path);
            }
            else
            {
                (string name, content) = NextFile(i);
                path = Path.Combine(root, folder, name);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
        }
    }

    private List<string> Folders()
    {
        var folders = new List<string>();
        string[] versions = ["15.1.2176", "15.1.2106", "15.2.792", "Current"];
        foreach (string v in versions)
        {
            folders.Add(Ex + "FrontEnd/HttpProxy/owa/auth/" + v + "/themes/resources");
            folders.Add(Ex + "FrontEnd/HttpProxy/owa/auth/" + v + "/scripts/premium");
            for (int t = 0; t < 40; t++)
            {
                folders.Add(Ex + "ClientAccess/owa/prem/" + v + "/resources/themes/theme" + t);
                folders.Add(Ex + "ClientAccess/owa/prem/" + v + "/scripts/boot/" + t);
                folders.Add(Ex + "ClientAccess/owa/prem/" + v + "/resources/styles/" + t);
            }
        }

        for (int t = 0; t < 120; t++)
        {
            folders.Add(Ex + "ClientAccess/ecp/" + (t % 3 == 0 ? "Reporting" : t % 3 == 1 ? "Organize" : "Users") + "/sub" + t);
            folders.Add(Ex + "ClientAccess/ecp/15.1.2176/scripts/" + t);
            folders.Add("inetpub/wwwroot/site" + (t % 10) + "/content/" + t);
            folders.Add("Windows/Microsoft.NET/Framework64/v4.0.30319/Temporary ASP.NET Files/owa/" + t.ToString("x8") + "/" + (t * 7919).ToString("x8"));
        }

        folders.Add("inetpub/wwwroot/aspnet_client/system_web/4_0_30319");
        folders.Add(Ex + "FrontEnd/HttpProxy/bin");
        return folders;
    }

    private (string Name, byte[] Content) NextFile(int i)
    {
        int pick = _random.Next(100);
        return pick switch
        {
            < 28 => ("img" + i + (pick % 3 == 0 ? ".gif" : ".png"), Binary(_random.Next(1_000, 30_000), pick % 3 == 0 ? "GIF89a"u8.ToArray() : [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
            < 53 => ("script" + i + ".js", Text(Script, _random.Next(8_000, 160_000))),
            < 63 => ("style" + i + ".css", Text(Css, _random.Next(2_000, 40_000))),
            < 78 => ("page" + i + (pick % 4 == 0 ? ".ascx" : ".aspx"), Text(Page, _random.Next(3_000, 40_000))),
            < 83 => ("help" + i + ".htm", Text(Html, _random.Next(2_000, 30_000))),
            < 88 => (i % 2 == 0 ? "web" + i + ".config" : "data" + i + ".xml", Text(Config, _random.Next(1_000, 20_000))),
            < 93 => ("App_Web_" + i.ToString("x8") + ".dll", Binary(_random.Next(20_000, 300_000), [0x4D, 0x5A, 0x90, 0x00])),
            _ => ("strings" + i + ".json", Text(Json, _random.Next(1_000, 30_000))),
        };
    }

    private byte[] Binary(int size, byte[] magic)
    {
        var data = new byte[size];
        _random.NextBytes(data);
        for (int i = 0; i < size; i += 13)
        {
            data[i] = 0;
        }

        magic.CopyTo(data, 0);
        return data;
    }

    private byte[] Text(string[] lines, int size)
    {
        var builder = new StringBuilder(size + 256);
        builder.Append(lines[0]).Append('\n');
        while (builder.Length < size)
        {
            builder.Append(lines[1 + _random.Next(lines.Length - 1)].Replace("{n}", _random.Next(1_000_000).ToString())).Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static readonly string[] Script =
    [
        "/* Copyright (c) Microsoft Corporation. All rights reserved. */",
        "function a{n}(b,c){var d=document.getElementById(b);if(d){d.style.display=c?\"\":\"none\";}return d;}",
        "var s{n}=window.location.search.substr(1).split(\"&\");for(var i=0;i<s{n}.length;i++){var p=s{n}[i].split(\"=\");}",
        "function parse{n}(t){return typeof JSON!=\"undefined\"?JSON.parse(t):eval(\"(\"+t+\")\");}",
        "var xhr{n}=new XMLHttpRequest();xhr{n}.open(\"POST\",\"/owa/service.svc?action=GetFolder&n={n}\");xhr{n}.send(null);",
        "Owa.Strings.L{n}=\"Your session has timed out. To continue, sign in again.\";",
        "if(typeof(window.Request)==\"undefined\"){window.Request={Item:function(k){return null;}};}",
        "_g.push(function(){var e=new Error(\"{n}\");e.name=\"OwaError\";throw e;});",
    ];

    private static readonly string[] Css =
    [
        "/* theme */",
        ".c{n}{margin:0;padding:4px 8px;font-family:\"Segoe UI\",Tahoma,sans-serif;color:#333;}",
        ".signInBg .c{n}:hover{background:url(img{n}.png) no-repeat 0 0;}",
        "@media screen and (max-width:{n}px){.c{n}{display:none}}",
    ];

    private static readonly string[] Page =
    [
        "<%@ Page Language=\"C#\" AutoEventWireup=\"true\" Inherits=\"Microsoft.Exchange.Management.ControlPanel.BasePage\" %>",
        "<%@ Register TagPrefix=\"ecp\" Namespace=\"Microsoft.Exchange.Management.ControlPanel\" Assembly=\"Microsoft.Exchange.Management.ControlPanel\" %>",
        "<div class=\"row\"><span><%= Strings.GetLocalizedString({n}) %></span></div>",
        "<asp:Label ID=\"L{n}\" runat=\"server\" Text=\"<%$ Strings:Name{n} %>\" />",
        "<script type=\"text/javascript\">var cfg{n}=eval(\"({a:{n}})\");</script>",
        "<% if (Request.QueryString[\"mode\"] == \"{n}\") { %><p>Advanced</p><% } %>",
        "<input type=\"hidden\" name=\"destination\" value=\"<%=Server.HtmlEncode(Request.QueryString[\"url\"])%>\" />",
        "<script runat=\"server\">protected void Page_Init(object s, EventArgs e){ Title = \"Page {n}\"; }</script>",
        "<ecp:ToolBar ID=\"T{n}\" runat=\"server\" CssClass=\"toolbar\"></ecp:ToolBar>",
    ];

    private static readonly string[] Html =
    [
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Help</title></head><body>",
        "<p>Outlook on the web lets you read mail from any browser. Topic {n}.</p>",
        "<h2 id=\"h{n}\">Sign in</h2><ul><li>Enter your user name and password.</li></ul>",
        "<script>function t{n}(){document.title=\"{n}\";}</script>",
    ];

    private static readonly string[] Config =
    [
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><configuration>",
        "  <add key=\"Setting{n}\" value=\"{n}\" />",
        "  <location path=\"auth/{n}\"><system.web><authorization><allow users=\"*\" /></authorization></system.web></location>",
        "  <dependentAssembly><assemblyIdentity name=\"Microsoft.Exchange.Data{n}\" publicKeyToken=\"31bf3856ad364e35\" /></dependentAssembly>",
    ];

    private static readonly string[] Json =
    [
        "{",
        "  \"Key{n}\": \"Value {n}\",",
        "  \"Url{n}\": \"https://outlook.office.com/owa/{n}\",",
    ];
}
