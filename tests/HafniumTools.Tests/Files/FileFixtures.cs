using System;
using System.IO;

namespace HafniumTools.Tests.Files;

/// <summary>Fixture paths and realistic places to put them in an IIS / Exchange tree.</summary>
internal static class FileFixtures
{
    public const string ExchangeRoot = @"C:\Program Files\Microsoft\Exchange Server\V15\";
    public const string OwaAuth = ExchangeRoot + @"FrontEnd\HttpProxy\owa\auth\";
    public const string EcpAuth = ExchangeRoot + @"FrontEnd\HttpProxy\ecp\auth\";
    public const string AspnetClient = @"C:\inetpub\wwwroot\aspnet_client\";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Files");

    public static string Shell(string name) => Path.Combine(Folder, "Shells", name);

    public static string Benign(string name) => Path.Combine(Folder, "Benign", name);

    public static byte[] ShellBytes(string name) => File.ReadAllBytes(Shell(name));

    public static byte[] BenignBytes(string name) => File.ReadAllBytes(Benign(name));
}
