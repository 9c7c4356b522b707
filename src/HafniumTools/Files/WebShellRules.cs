using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Files;

/// <summary>
/// Every rule of the file-system scan, as data. Content and hash rules say "a shell is here" (Compromise, High or
/// Critical); name and location rules only say "look at this file" (Anomaly, Medium at most); dumps and archives
/// are Context, never a compromise by themselves. A configuration dump is judged by its own rules
/// (<see cref="Configuration.ConfigurationRules"/> HT-OAB-101 to HT-OAB-105) wherever it is found. Ids are stable and
/// never reused: HT-WS-008 and HT-WS-014 (the OAB dump, judged here a second way until the dump got one judge) are retired.
/// </summary>
internal static class WebShellRules
{
    private const string Cve27065 = "CVE-2021-27065";
    private const string Cve26858 = "CVE-2021-26858";

    public static readonly DetectionRule EvalOfRequestInput = new(
        "HT-WS-001", FindingCategory.FileSystem, Severity.Critical, Verdict.Compromise,
        "Server-side eval of request input (China Chopper family)",
        "Server-side script passes data from the HTTP request to eval/Execute: any visitor can run code on the server.",
        "China Chopper and its JScript/VBScript relatives: Volexity, FireEye, signature-base ChinaChopper_Generic, CISA MAR-10328929",
        Cve27065, Cve26858);

    public static readonly DetectionRule DynamicCodeOfRequestInput = new(
        "HT-WS-002", FindingCategory.FileSystem, Severity.Critical, Verdict.Compromise,
        "Server-side compilation or loading of request input (C# relative of China Chopper)",
        "Server code hands request data to JScriptEvaluate, Assembly.Load, a code compiler or reflection: a remote code-execution backdoor.",
        "signature-base gen_webshells.yar; BSI WEBSHELL_Compiled_Webshell_Mar2021_1; Volexity",
        Cve27065, Cve26858);

    public static readonly DetectionRule ObfuscatedEval = new(
        "HT-WS-003", FindingCategory.FileSystem, Severity.Critical, Verdict.Compromise,
        "Obfuscated server-side eval (split strings, char codes, indirect call)",
        "The eval or the request access only appears after undoing string concatenation, character codes or escapes: hiding an eval of request input has no legitimate purpose.",
        "signature-base WEBSHELL_ASPX_Chopper_Like_Mar21_1 (obfuscator.io form); Arnim Rupp generic web-shell rules",
        Cve27065, Cve26858);

    public static readonly DetectionRule Base64Evasion = new(
        "HT-WS-004", FindingCategory.FileSystem, Severity.Critical, Verdict.Compromise,
        "Base64-wrapped server-side eval",
        "Server code evaluates base64-decoded request data, or a base64 constant that decodes to an eval of request input.",
        "signature-base APT_MAL_ASPX_HAFNIUM_Chopper_Mar21_4",
        Cve27065, Cve26858);

    public static readonly DetectionRule UnsafeEval = new(
        "HT-WS-005", FindingCategory.FileSystem, Severity.High, Verdict.Compromise,
        "Server-side JScript eval in \"unsafe\" mode",
        "JScript.NET eval with the \"unsafe\" option runs with full trust; it is the China Chopper signature and has no place in a web folder.",
        "signature-base gen_webshells.yar (\"unsafe\" strings); CISA MAR-10328929",
        Cve27065, Cve26858);

    public static readonly DetectionRule CommandRunner = new(
        "HT-WS-006", FindingCategory.FileSystem, Severity.Critical, Verdict.Compromise,
        "Server-side command execution with request input",
        "Server code starts a process or shell (Process.Start, WScript.Shell) with arguments taken from the HTTP request.",
        "Volexity SPORTSBALL; OTRF/Metasploit ProxyLogon payloads; CERT-LV keyword list",
        Cve27065, Cve26858);

    public static readonly DetectionRule Uploader = new(
        "HT-WS-007", FindingCategory.FileSystem, Severity.High, Verdict.Compromise,
        "Server-side file uploader / writer fed by the request",
        "Server code saves an uploaded file (Request.Files ... SaveAs) or writes request data to a path: a dropper for further shells.",
        "Volexity SIMPLESEESHARP; signature-base APT_MAL_ASPX_HAFNIUM_Chopper_Mar21_3, WEBSHELL_ASP_Embedded_Mar21_1",
        Cve27065, Cve26858);

    public static readonly DetectionRule CompiledShell = new(
        "HT-WS-009", FindingCategory.FileSystem, Severity.High, Verdict.Compromise,
        "Compiled ASP.NET page with a JScript eval backdoor",
        "An assembly compiled by ASP.NET calls JScriptEvaluate with the \"unsafe\" option: a China Chopper page was requested and compiled.",
        "BSI WEBSHELL_Compiled_Webshell_Mar2021_1; FireEye; OTRF SDWIN-210314014019",
        Cve27065, Cve26858);

    public static readonly DetectionRule KnownShellHash = new(
        "HT-WS-010", FindingCategory.FileSystem, Severity.Critical, Verdict.Compromise,
        "SHA-256 of a known Hafnium web shell or tool",
        "The file's SHA-256 is in Microsoft's indicator list for the March 2021 Exchange campaign.",
        "MSTIC MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021 (TLP:WHITE)",
        Cve27065, Cve26858);

    public static readonly DetectionRule CommandPage = new(
        "HT-WS-011", FindingCategory.FileSystem, Severity.Medium, Verdict.Anomaly,
        "Server page that starts a shell",
        "Server code starts cmd.exe, PowerShell or WScript.Shell with a fixed command; not driven by the request, but no Exchange or IIS page does this.",
        "CERT-LV keyword heuristic; Volexity",
        Cve27065, Cve26858);

    public static readonly DetectionRule SecurityProductProbe = new(
        "HT-WS-012", FindingCategory.FileSystem, Severity.High, Verdict.Compromise,
        "Server page that checks for installed security products (SecChecker)",
        "Server code tests whether EDR/antivirus agents (FireEye xagt, CrowdStrike, Carbon Black...) are installed: HAFNIUM's SecChecker and FireEye's help.aspx reconnaissance pages.",
        "Volexity SecChecker; FireEye/Mandiant help.aspx (MD5 4b3039cf227c611c45d2242d1228a121)",
        Cve27065, Cve26858);

    public static readonly DetectionRule SocketTunnel = new(
        "HT-WS-013", FindingCategory.FileSystem, Severity.High, Verdict.Compromise,
        "Network tunnel fed by the request (reGeorg family)",
        "Server code opens sockets to hosts or sends data taken from the HTTP request: a proxy that tunnels the attacker into the internal network.",
        "Volexity (reGeorg variant); signature-base reGeorg rules",
        Cve27065, Cve26858);

    public static readonly DetectionRule FileExfiltration = new(
        "HT-WS-015", FindingCategory.FileSystem, Severity.High, Verdict.Compromise,
        "Server page that sends or reads the file the request names",
        "Server code opens, reads or sends back (Response.WriteFile, TransmitFile, BinaryWrite of File.ReadAllBytes, ADODB.Stream.LoadFromFile) a path taken from the HTTP request and not confined to a fixed folder: a file-theft shell.",
        "Public ASP/ASPX file-manager shells (tennc/webshell collection); Volexity post-exploitation; CISA AR21-072",
        Cve27065, Cve26858);

    public static readonly DetectionRule DirectoryBrowser = new(
        "HT-WS-016", FindingCategory.FileSystem, Severity.High, Verdict.Compromise,
        "Server page that lists the folder the request names",
        "Server code lists files or folders (Directory.GetFiles, DirectoryInfo, FileSystemObject.GetFolder) of a path taken from the HTTP request and not confined to a fixed folder: a file-browser shell.",
        "Public ASP/ASPX file-manager shells (tennc/webshell collection); signature-base gen_webshells.yar",
        Cve27065, Cve26858);

    public static readonly DetectionRule RequestSql = new(
        "HT-WS-017", FindingCategory.FileSystem, Severity.High, Verdict.Compromise,
        "Server page that runs the SQL text the request carries",
        "Server code runs a command (SqlCommand, OleDbCommand, OdbcCommand, CommandText, ADODB Execute/Open) whose whole text comes from the HTTP request, without a query of the page's own: a SQL shell. A fixed query with request values concatenated in is an injection flaw, not this rule.",
        "Public ASPX SQL-manager shells (tennc/webshell collection); signature-base gen_webshells.yar",
        Cve27065, Cve26858);

    public static readonly DetectionRule KnownShellName = new(
        "HT-WS-020", FindingCategory.FileSystem, Severity.Medium, Verdict.Anomaly,
        "File name of a published Exchange web shell",
        "The file's name and folder match a web shell published for the 2021 Exchange campaign; names alone are weak evidence, so check the content.",
        "MSTIC feed; signature-base filename IOCs (ESET, Huntress, Volexity); Red Canary; SCS-Labs",
        Cve27065, Cve26858);

    public static readonly DetectionRule LookalikeName = new(
        "HT-WS-021", FindingCategory.FileSystem, Severity.Medium, Verdict.Anomaly,
        "Look-alike of a legitimate Exchange file name",
        "The name imitates a stock Exchange file in the same folder (for example RedirSuiteServerProxy.aspx for RedirSuiteServiceProxy.aspx); attackers used such names to hide shells.",
        "Red Canary; helsecert incident logs; CSS-Exchange baselines",
        Cve27065, Cve26858);

    public static readonly DetectionRule UnexpectedEcpAuthFile = new(
        "HT-WS-022", FindingCategory.FileSystem, Severity.Low, Verdict.Anomaly,
        "File in FrontEnd\\HttpProxy\\ecp\\auth other than TimeoutLogout.aspx",
        "A standard install has exactly one file in ecp\\auth; anything else was added. Location alone proves nothing (the content rules judge the code), so it ranks with the other location rules.",
        "CSS-Exchange baselines 2013/2016/2019; Volexity",
        Cve27065, Cve26858);

    public static readonly DetectionRule PageInAspnetClient = new(
        "HT-WS-030", FindingCategory.FileSystem, Severity.Low, Verdict.Anomaly,
        "Server page in the IIS aspnet_client tree",
        "aspnet_client holds client scripts and web.config only; a server page there was most likely dropped. Location alone proves nothing: check the content findings.",
        "Volexity; CERT-LV detect_webshells.ps1; signature-base filename IOCs",
        Cve27065, Cve26858);

    public static readonly DetectionRule UnexpectedOwaAuthFile = new(
        "HT-WS-031", FindingCategory.FileSystem, Severity.Low, Verdict.Anomaly,
        "Non-standard page in FrontEnd\\HttpProxy\\owa\\auth",
        "The file is not part of a standard Exchange install of this folder (versioned and Current folders hold only themes and scripts).",
        "Volexity; CSS-Exchange baselines; signature-base filename IOCs",
        Cve27065, Cve26858);

    public static readonly DetectionRule UnexpectedCompiledPage = new(
        "HT-WS-032", FindingCategory.FileSystem, Severity.Medium, Verdict.Anomaly,
        "ASP.NET compiled a non-standard page from a web-shell folder",
        "A Temporary ASP.NET Files record shows that a page in aspnet_client or an auth folder that is not part of Exchange was requested and compiled.",
        "FireEye; OTRF SDWIN-210314014019 (ohyeah.aspx.<hash>.compiled)",
        Cve27065, Cve26858);

    public static readonly DetectionRule BinaryWithPageExtension = new(
        "HT-WS-033", FindingCategory.FileSystem, Severity.Low, Verdict.Anomaly,
        "Binary or archive content under a web-page name",
        "The file has a page extension but binary content (executable, archive or NUL-filled); it is not a page, but someone named it like one.",
        "HafniumTools content sniffing");

    public static readonly DetectionRule ScriptMappedToStaticExtension = new(
        "HT-WS-034", FindingCategory.FileSystem, Severity.Medium, Verdict.Anomaly,
        "web.config that makes IIS execute files it would serve as static content",
        "The configuration maps .config, an image, text or another non-page extension to a script engine (asp.dll, the ASP.NET page or handler factory, a page build provider): a way to run a shell hidden in a web.config or a picture. Files of that extension below it are analysed as code.",
        "Public web.config shells (0xbad53c/webshells, tasox/Apophis); Soroush Dalili, \"Upload a web.config file for fun & profit\"",
        Cve27065, Cve26858);

    public static readonly DetectionRule EncodedScript = new(
        "HT-WS-035", FindingCategory.FileSystem, Severity.Low, Verdict.Anomaly,
        "Server script hidden by Microsoft's Script Encoder",
        "VBScript.Encode / JScript.Encode (screnc) hides a page's code from a reader, not from IIS, which runs it; old intranet pages used it too. The encoding is only a lead: the code is decoded and judged like any other, and a request-driven sink in it is reported on its own.",
        "Microsoft Script Encoder (screnc.exe) format; public decoders (scrdec, decode-vbe); encoded ASP web shells in public collections");

    public static readonly DetectionRule LsassDump = new(
        "HT-WS-040", FindingCategory.FileSystem, Severity.Medium, Verdict.Context,
        "LSASS memory dump",
        "A dump named after LSASS: credential theft after the Exchange compromise (comsvcs.dll MiniDump, ProcDump). Context, not proof of a web shell.",
        "Volexity; Microsoft HAFNIUM blog; Test-ProxyLogon Get-SuspiciousFile");

    public static readonly DetectionRule DumpInStagingFolder = new(
        "HT-WS-041", FindingCategory.FileSystem, Severity.Low, Verdict.Context,
        "Memory dump in a folder the attackers used",
        "A .dmp file under C:\\root, Windows\\Temp or inetpub\\wwwroot, where the 2021 actors dumped LSASS before exfiltration.",
        "Test-ProxyLogon Get-SuspiciousFile; Sigma HAFNIUM (comsvcs MiniDump to inetpub\\wwwroot)");

    public static readonly DetectionRule ArchiveInProgramData = new(
        "HT-WS-042", FindingCategory.FileSystem, Severity.Low, Verdict.Context,
        "Short-named archive at the top of ProgramData",
        "7z/zip/rar archives directly under ProgramData with short names were used to stage stolen data; security products also leave zips there.",
        "Microsoft HAFNIUM blog; signature-base filename IOCs; Test-ProxyLogon SuspiciousArchive (CSS-Exchange #145, #311)");

    /// <summary>All rules of the file-system scan, in id order.</summary>
    public static IReadOnlyList<DetectionRule> All { get; } =
    [
        EvalOfRequestInput, DynamicCodeOfRequestInput, ObfuscatedEval, Base64Evasion, UnsafeEval, CommandRunner,
        Uploader, CompiledShell, KnownShellHash, CommandPage, SecurityProductProbe, SocketTunnel, FileExfiltration,
        DirectoryBrowser, RequestSql, KnownShellName, LookalikeName,
        UnexpectedEcpAuthFile, PageInAspnetClient, UnexpectedOwaAuthFile, UnexpectedCompiledPage,
        BinaryWithPageExtension, ScriptMappedToStaticExtension, EncodedScript, LsassDump, DumpInStagingFolder, ArchiveInProgramData,
    ];
}
