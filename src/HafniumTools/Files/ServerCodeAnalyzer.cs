using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using HafniumTools.Model;

namespace HafniumTools.Files;

/// <summary>
/// The content rules over a page's server-side code. A light taint analysis: request input (<c>Request.*</c>,
/// <c>Request[...]</c>, <c>Request(...)</c>) taints the variables it is assigned to, and a sink (eval, Execute,
/// Function, JScriptEvaluate, Assembly.Load, Process.Start, WScript.Shell, SaveAs, File.Write*) whose arguments or
/// receiver are tainted is a hit. Reading the request without a sink, client-side script, base64 of constants and
/// <c>Process.GetCurrentProcess()</c> are not. Every pass is linear in the page (functions, their call sites,
/// returns and locals are each found in one pass over the code) and the whole analysis is bounded by
/// <see cref="MaxAnalysisTime"/> and stops within a moment of cancellation; a page it could not finish is said so.
/// </summary>
internal static class ServerCodeAnalyzer
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;
    private const int MaxArgumentLength = 100_000;

    // How many enclosing functions a position is looked up through (deeper nesting is no real page).
    private const int MaxNesting = 256;

    /// <summary>The longest the analysis of one page may take; a page that needs more is reported as not fully analysed.</summary>
    public static readonly TimeSpan MaxAnalysisTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    // Request input: Request.X, Request[...], Request(...), this["Request"], and the text of a form control (txt.Text).
    private const string RequestPattern = @"\bRequest\s*[\.\[\(]|\[\s*[""']Request[""']\s*\]|\b(?!System\b|Encoding\b)[A-Za-z_]\w*\s*\.\s*Text\b(?!\s*(?:=(?!=)|\(|\.\s*(?:Html|Plain|Xml|RichText)\b))";
    private static readonly Regex RequestSourceCased = new(RequestPattern, Options, Timeout);
    private static readonly Regex RequestSourceAnyCase = new(RequestPattern, Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex FunctionDefinition = new(
        @"\b(?:function\s+)?(?<name>[A-Za-z_$][\w$]*)\s*\((?<params>[^();{}]{0,600})\)\s*(?:\r?\n\s*)?\{", Options, Timeout);
    // VBScript / VB.NET procedures: Function RunCmd(command) ... End Function, Sub X(ByVal a As String).
    private static readonly Regex VbProcedureDefinition = new(
        @"^[ \t]*(?:(?:Public|Private|Friend|Protected|Shared|Static|Overrides|Overridable|Default)\s+)*(?:Function|Sub)\s+(?<name>[A-Za-z_]\w*)\s*\((?<params>[^()\r\n]{0,300})\)",
        Options | RegexOptions.IgnoreCase | RegexOptions.Multiline, Timeout);
    private static readonly Regex VbProcedureEnd = new(@"\bEnd\s+(?:Function|Sub)\b", Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex VbParameterType = new(@"\s+As\s+.*$", Options | RegexOptions.IgnoreCase | RegexOptions.Singleline, Timeout);
    private static readonly Regex LocalDeclaration = new(
        @"(?<type>[A-Za-z_][\w.]*(?:<[^<>;\r\n]*>)?(?:\[\s*\])?\??)\s+(?<name>[A-Za-z_$][\w$]*)\s*(?:[=;,)]|\bin\b)", Options, Timeout);
    private static readonly Regex VbDim = new(@"\bDim\s+(?<names>[^\r\n:]*)", Options | RegexOptions.IgnoreCase, Timeout);

    // Words that can stand before a name without declaring it (return x;  else x = ...).
    private static readonly HashSet<string> NotATypeName = new(StringComparer.Ordinal)
    {
        "return", "else", "do", "in", "new", "case", "await", "yield", "goto", "throw", "typeof", "delete", "void", "Set", "Let", "Call",
    };
    private static readonly Regex JScriptParameterType = new(@"\s*:\s*[\w.\[\]]+\s*$", Options, Timeout);
    private static readonly Regex ReturnStatement = new(@"\breturn\b(?<expr>[^;\r\n]*)", Options, Timeout);
    // Anchored on the "=" (found by a vectorised search) with the target checked behind it: a multi-megabyte page with
    // few assignments is not tried at every identifier.
    private static readonly Regex Assignment = new(
        @"(?<=(?<![\w$])(?<lhs>[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*(?:\[[^\]\r\n]{0,200}\]|\([^()\r\n]{0,200}\))?\s*(?:\+|&)?)=(?![=>])(?<rhs>[^;\r\n]*)", Options, Timeout);
    // A web service's methods take their arguments from the SOAP request: [WebMethod] / <WebMethod()> parameters are request input.
    private static readonly Regex WebMethodParameters = new(
        @"(?:[\[<]\s*WebMethod\b[^\]>\r\n]{0,300}[\]>]|\bWebMethodAttribute\b)[^(){};]{0,300}?(?<name>[A-Za-z_]\w*)\s*\((?<params>[^()\r\n]{0,300})\)",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex ForEach = new(
        @"\b(?:foreach|for\s+each)\s*\(?\s*(?:[\w.<>\[\]]+\s+)?(?<var>[A-Za-z_$][\w$]*)\s+in\s+(?<rhs>[^)\r\n]*)", Options | RegexOptions.IgnoreCase, Timeout);
    // Request metadata a logging page writes to its log; not a payload the attacker controls in full.
    private static readonly Regex RequestMetadata = new(
        @"\bRequest\s*\.\s*(?:UserAgent|UserHostAddress|UserHostName|Url|RawUrl|HttpMethod|Path|FilePath|ContentLength|IsAuthenticated|IsSecureConnection|ServerVariables\s*\[\s*""(?:REMOTE_ADDR|HTTP_USER_AGENT|REMOTE_HOST)""\s*\])\b",
        Options, Timeout);
    // What the request object tells about the server, not what the client sent: never request input.
    private static readonly Regex ServerFacts = new(
        @"\bRequest\s*\.\s*(?:ApplicationPath|PhysicalApplicationPath|PhysicalPath|CurrentExecutionFilePath|AppRelativeCurrentExecutionFilePath|IsLocal|IsSecureConnection|IsAuthenticated|LogonUserIdentity)\b",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex Identifier = new(@"[A-Za-z_$][\w$]*", Options, Timeout);
    private static readonly Regex IndirectCall = new(@"\[\s*(?<name>[A-Za-z_$][\w$]*)\s*\]\s*\(|(?<![\w$.])(?<name>[A-Za-z_$][\w$]*)\s*\(", Options, Timeout);

    // Call sites of any function, found in one pass: C#/JScript name( ; VB also without parentheses, never Name = .
    private static readonly Regex CallSite = new(@"(?<=(?<![\w$])(?<name>[A-Za-z_$][\w$]*)\s*)\(", Options, Timeout);
    private static readonly Regex VbCallSite = new(@"(?<![\w$.])(?<name>[A-Za-z_]\w*)\b(?!\s*=[^=])\s*", Options | RegexOptions.IgnoreCase, Timeout);

    private static readonly Regex EvalSink = new(
        @"(?<![\w$.])(?<name>eval)\b\s*\(?|\[\s*[""'](?<name>eval)[""']\s*\]\s*\(|(?<![\w$.])(?<name>Execute(?:Global)?)\b\s*\(?|(?<![\w$.])(?:new\s+)?(?<name>Function)\s*\(",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex DynamicCodeSink = new(
        @"(?<name>JScriptEvaluate)\s*\(|\.\s*GetMethod\s*\([^;\r\n]{0,200}?\)\s*\.\s*(?<name>Invoke)\s*\(|\bAssembly\s*\.\s*(?<name>Load(?:From|File)?)\s*\(|(?<name>CompileAssemblyFromSource)\s*\(|\.\s*(?<name>InvokeMember)\s*\(|\bActivator\s*\.\s*(?<name>CreateInstance)\s*\(",
        Options, Timeout);
    private static readonly Regex ReflectiveEval = new(@"JScriptEvaluate|Microsoft\s*\.\s*JScript\s*\.\s*Eval\b|VsaEngine", Options, Timeout);
    private static readonly Regex CommandSink = new(
        @"\bProcess\s*\.\s*(?<name>Start)\s*\(|\bnew\s+(?:System\s*\.\s*Diagnostics\s*\.\s*)?(?<name>ProcessStartInfo)\s*\(|\.\s*StandardInput\s*\.\s*(?<name>Write(?:Line)?)\s*\(|\bnew\s+(?<name>ActiveXObject)\s*\(|\.\s*(?<name>AddScript|AddCommand)\s*\(|\b(?<name>CreateObject)\s*\(|(?<=(?<![\w$])(?<recv>[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*)\.\s*(?<name>Start)\s*\(|(?<![\w$.])(?<name>Shell)\s*\(",
        Options | RegexOptions.IgnoreCase, Timeout);
    // In VBScript a call statement needs no parentheses: shell.Run cmd, 0, True.
    private static readonly Regex ShellMethod = new(@"\.\s*(?<name>Exec|Run|ShellExecute)\b[ \t]*\(?", Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex ShellCreation = new(@"ActiveXObject|CreateObject|WScript\s*\.\s*Shell|Shell\s*\.\s*Application", Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex ShellWords = new(
        @"cmd(?:\.exe)?\b|/c\s|powershell|WScript\s*\.\s*Shell|Shell\s*\.\s*Application|whoami",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex WriterCreation = new(
        @"\bnew\s+(?:System\s*\.\s*IO\s*\.\s*)?(?<name>StreamWriter|FileStream|BinaryWriter)\s*\(|\bFile\s*\.\s*(?<name>WriteAll(?:Text|Bytes|Lines)|AppendAll(?:Text|Lines)|Create|OpenWrite|Copy|Move)\s*\(|\.\s*(?<name>CreateTextFile|OpenTextFile|SaveToFile)\s*\(",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex WriteCall = new(
        @"(?<=(?<![\w$])(?<recv>[A-Za-z_$][\w$]*)\s*)\.\s*(?<name>Write(?:Line)?|WriteAll)\s*\(", Options, Timeout);
    // Data theft: the file the request names sent back or read (Response.WriteFile, TransmitFile, File.ReadAllBytes,
    // a StreamReader, ADODB.Stream.LoadFromFile), the folder it names listed, the SQL it carries run.
    private static readonly Regex FileReadSink = new(
        @"\.\s*(?<name>WriteFile|TransmitFile|LoadFromFile)\s*\(?|\bFile\s*\.\s*(?<name>ReadAll(?:Bytes|Text|Lines)|OpenRead|OpenText|ReadLines|Open|Copy)\s*\(|\.\s*(?<name>CopyFile)\s*\(?|\bnew\s+(?:System\s*\.\s*IO\s*\.\s*)?(?<name>StreamReader)\s*\((?![^;\r\n]{0,200}Stream)",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex DirectoryListingSink = new(
        @"\bDirectory\s*\.\s*(?<name>(?:Get|Enumerate)(?:Files|Directories|FileSystemEntries))\s*\(|\bnew\s+(?:System\s*\.\s*IO\s*\.\s*)?(?<name>DirectoryInfo)\s*\(|\.\s*(?<name>GetFolder)\s*\(?",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex SqlSink = new(
        @"\bnew\s+(?:System\s*\.\s*Data\s*\.\s*(?:SqlClient|OleDb|Odbc)\s*\.\s*)?(?<name>(?:Sql|OleDb|Odbc)(?:Command|DataAdapter))\s*\(|\.\s*(?<name>CommandText)\s*=(?![=>])|(?<name>ExecuteSql(?:Command|Raw)|SqlQuery)\s*\(",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex AdoSink = new(@"\.\s*(?<name>Execute|Open)\b\s*\(?", Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex AdoUse = new(@"ADODB\s*\.\s*(?:Connection|Recordset|Command)", Options | RegexOptions.IgnoreCase, Timeout);
    // A path confined to a fixed folder (Server.MapPath("~/files/" + name), Path.GetFileName(name), a literal base).
    private static readonly Regex ConfinedPath = new(
        @"GetFileName\s*\(|MapPath\s*\(\s*""[^""]*[/\\~][^""]*""\s*[+&]|Combine\s*\(\s*(?:""[^""]+""|@""[^""]+"")\s*,|""~/",
        Options | RegexOptions.IgnoreCase, Timeout);
    // SQL text of the page itself: a fixed query the request only completes (an injection flaw, not a SQL shell).
    private static readonly Regex SqlLiteral = new(
        @"[""'][^""'\r\n]*\b(?:select|insert|update|delete|exec|from|where|values)\b[^""'\r\n]*[""']",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex SocketUse = new(@"\bSocket\b|TcpClient|System\.Net\.Sockets", Options, Timeout);
    private static readonly Regex TunnelSink = new(
        @"\bnew\s+(?:System\s*\.\s*Net\s*\.\s*)?(?<name>IPEndPoint|TcpClient|DnsEndPoint)\s*\(|\.\s*(?<name>Connect|Send|BeginSend|SendTo)\s*\(|\bDns\s*\.\s*(?<name>GetHostAddresses|GetHostEntry|Resolve)\s*\(|\bIPAddress\s*\.\s*(?<name>Parse)\s*\(",
        Options, Timeout);
    private static readonly Regex ExistenceCheck = new(@"\b(?:File|Directory)\s*\.\s*Exists\s*\(|FileExists\s*\(|FolderExists\s*\(|GetProcessesByName\s*\(", Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex SecurityProduct = new(
        @"xagt|fireeye|csfalcon|crowdstrike|carbonblack|carbon\s*black|cbdefense|cylance|sentinelone|sentinelagent|cybereason|tanium|sophos|symantec|mcafee|kaspersky|eset\b|msmpeng|windows\s+defender|trend\s*micro|bitdefender",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex SaveAs = new(@"\.\s*SaveAs\s*\(", Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex UnsafeArgument = new(@",\s*[""']unsafe[""']", Options, Timeout);
    private static readonly Regex ObfuscatorMarker = new(@"\b_0x[0-9a-f]{4,}\b", Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex Base64Use = new(@"FromBase64String|\batob\s*\(|Base64", Options | RegexOptions.IgnoreCase, Timeout);

    // Every sink, alias and obfuscation rule needs one of these words in the (de-obfuscated) server code: a gate far
    // cheaper than the rules themselves (see AsciiStems for why it is not a regular expression).
    private static readonly AsciiStems SinkStems = new(
    [
        "eval", "execute", "function", "jscript", "assembly", "invoke", "createinstance", "process", "standardinput", "activex",
        "createobject", "addscript", "addcommand", "shell", "saveas", "writer", "filestream", "file.", "textfile", "savetofile",
        "_0x", "unsafe", "socket", "tcpclient", "exists", "writefile", "transmitfile", "loadfromfile", "streamreader",
        "directoryinfo", "directory", "getfolder", "sqlcommand", "oledbcommand", "odbccommand", "commandtext", "dataadapter",
        "executesql", "sqlquery", "adodb", "copyfile",
    ]);

    // Signs that the code may spell something in a way the sink patterns would not see.
    private static readonly Regex ObfuscationStems = new(
        @"\\x|\\u|fromcharcode|chr|char|frombase64string|/\*|join|reverse|[""']\s*[+&]",
        Options | RegexOptions.IgnoreCase, Timeout);

    // The engine an encoded page or script element names.
    private static readonly Regex EncodedLanguage = new(@"\b(?:VBScript|JScript)\.Encode\b", Options | RegexOptions.IgnoreCase, Timeout);

    private static bool MayHideCode(string code) => ObfuscationStems.IsMatch(code);

    /// <summary>Runs the content rules over the server-side code of <paramref name="text"/>.</summary>
    public static IReadOnlyList<ContentHit> Analyze(string text, string path) => Analyze(text, path, MaxAnalysisTime, CancellationToken.None, out _);

    /// <summary>
    /// Runs the content rules over the server-side code of <paramref name="text"/>, for at most
    /// <paramref name="timeLimit"/>. <paramref name="incomplete"/> says why the analysis stopped early (a page built to
    /// be slow); the hits found until then are returned. Cancelling the token stops it with an
    /// <see cref="OperationCanceledException"/>. Script hidden by Microsoft's Script Encoder (<c>VBScript.Encode</c>,
    /// <c>JScript.Encode</c>) is decoded first: the encoding alone is a lead (<see cref="WebShellRules.EncodedScript"/>),
    /// the decoded code is judged like any other, and its hits point at the encoded block and say they rest on decoded script.
    /// </summary>
    public static IReadOnlyList<ContentHit> Analyze(string text, string path, TimeSpan timeLimit, CancellationToken cancellationToken, out string? incomplete)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        if (text.IndexOf(ScriptEncoder.BlockStart, StringComparison.Ordinal) >= 0 && ScriptEncoder.DecodePage(text) is { } page)
        {
            return AnalyzeEncoded(text, page, path, timeLimit, cancellationToken, out incomplete);
        }

        return AnalyzeCode(text, path, timeLimit, cancellationToken, out incomplete);
    }

    private static IReadOnlyList<ContentHit> AnalyzeEncoded(string text, EncodedScriptPage page, string path, TimeSpan timeLimit, CancellationToken cancellationToken, out string? incomplete)
    {
        var language = EncodedLanguage.Match(text);
        string engine = language.Success ? language.Value : "Script Encoder";
        var first = page.Blocks[0];
        int decodedChars = page.Blocks.Sum(b => b.DecodedEnd - b.DecodedStart);
        var hits = new List<ContentHit>
        {
            new(WebShellRules.EncodedScript, first.Start, string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                "{0} encoded block(s) ({1}) decoded to {2} characters{3}: {4}",
                page.Blocks.Count,
                engine,
                decodedChars,
                page.Blocks.All(b => b.ChecksumMatches) ? ", checksums verified" : string.Empty,
                Clip(page.Text.Substring(first.DecodedStart, Math.Min(200, first.DecodedEnd - first.DecodedStart)).Trim()))),
        };
        foreach (var hit in AnalyzeCode(page.Text, path, timeLimit, cancellationToken, out incomplete))
        {
            var block = page.BlockAt(hit.Offset);
            hits.Add(block is null
                ? new ContentHit(hit.Rule, page.OriginalOffset(hit.Offset), hit.Detail)
                : new ContentHit(hit.Rule, block.Start, hit.Detail + " [decoded from " + engine + " script]"));
        }

        return hits;
    }

    private static IReadOnlyList<ContentHit> AnalyzeCode(string text, string path, TimeSpan timeLimit, CancellationToken cancellationToken, out string? incomplete)
    {
        incomplete = null;
        var hits = new List<ContentHit>();
        try
        {
            Run(text, path, new Budget(timeLimit, cancellationToken), hits);
        }
        catch (BudgetExceededException)
        {
            incomplete = string.Format(System.Globalization.CultureInfo.InvariantCulture, "its server code was not fully analysed within {0:N0} s", timeLimit.TotalSeconds);
        }
        catch (RegexMatchTimeoutException)
        {
            incomplete = "its server code defeated a pattern of the analysis (a match ran over its time limit)";
        }

        return hits;
    }

    private static void Run(string text, string path, Budget budget, List<ContentHit> hits)
    {
        if (!ServerCode.MayContainServerCode(text, path))
        {
            return;
        }

        var spans = ServerCode.Extract(text, path);
        if (spans.Count == 0)
        {
            return;
        }

        var code = MappedText.Join(text, spans, "\n;\n");
        bool mayHide = MayHideCode(code.Text);
        if (!mayHide && !SinkStems.IsFoundIn(code.Text))
        {
            return;
        }

        var clear = mayHide ? ScriptDeobfuscator.Deobfuscate(code) : code;
        if (!SinkStems.IsFoundIn(clear.Text))
        {
            return;
        }

        bool visualBasic = ServerCode.IsVisualBasic(text, path);
        clear = clear.WithText(CodeComments.Blank(clear.Text, visualBasic));
        budget.Check();
        var context = new AnalysisContext(text, clear, visualBasic, budget);
        context.FindTaint();
        CheckEvalSinks(context, hits);
        CheckIndirectEval(context, hits);
        CheckObfuscatorShape(context, hits);
        CheckDynamicCode(context, hits);
        CheckCommands(context, hits);
        CheckWriters(context, hits);
        CheckDataTheft(context, hits);
        CheckTunnels(context, hits);
        CheckSecurityProductProbe(context, hits);
    }

    private static void CheckEvalSinks(AnalysisContext context, List<ContentHit> hits)
    {
        foreach (Match sink in EvalSink.Matches(context.Code))
        {
            context.Budget.Check();
            string name = sink.Groups["name"].Value;
            bool call = sink.Value.EndsWith("(", StringComparison.Ordinal);
            if (!IsEvalName(name, context.IsVisualBasic) || (!call && !context.IsVisualBasic))
            {
                continue;
            }

            var args = context.ArgumentsAt(sink.Index + sink.Length - 1, call);
            if (context.IsTainted(args.Text, sink.Index))
            {
                bool obfuscated = context.IsObfuscated(sink.Index, name) || !context.OriginalReadsRequest(args);
                var rule = Base64Use.IsMatch(args.Text) ? WebShellRules.Base64Evasion
                    : obfuscated ? WebShellRules.ObfuscatedEval
                    : WebShellRules.EvalOfRequestInput;
                hits.Add(new ContentHit(rule, context.OriginOf(sink.Index), name + " over request input: " + Clip(args.Text)));
            }
            else if (UnsafeArgument.IsMatch(args.Text))
            {
                hits.Add(new ContentHit(WebShellRules.UnsafeEval, context.OriginOf(sink.Index), name + " with the \"unsafe\" option: " + Clip(args.Text)));
            }
        }
    }

    /// <summary><c>var e = "eval"; this[e](Request...)</c>: eval called through a variable that holds its name.</summary>
    private static void CheckIndirectEval(AnalysisContext context, List<ContentHit> hits)
    {
        if (hits.Any(h => h.Rule == WebShellRules.EvalOfRequestInput || h.Rule == WebShellRules.ObfuscatedEval || h.Rule == WebShellRules.Base64Evasion))
        {
            return;
        }

        if (context.EvalAliases.Count == 0)
        {
            return;
        }

        // One pass over every call (f(...) and this[f](...)), whatever the number of aliases.
        var aliases = new HashSet<string>(context.EvalAliases, StringComparer.Ordinal);
        foreach (Match sink in IndirectCall.Matches(context.Code))
        {
            context.Budget.Check();
            string alias = sink.Groups["name"].Value;
            if (!aliases.Contains(alias))
            {
                continue;
            }

            var args = context.ArgumentsAt(sink.Index + sink.Length - 1, true);
            if (context.IsTainted(args.Text, sink.Index))
            {
                hits.Add(new ContentHit(WebShellRules.ObfuscatedEval, context.OriginOf(sink.Index), "eval called through the variable " + alias + " over request input: " + Clip(args.Text)));
                return;
            }
        }
    }

    /// <summary>
    /// obfuscator.io-style code (many <c>_0x</c> identifiers) that, once decoded, names eval, Request or the
    /// "unsafe" option: the OAB-dump shells were obfuscated this way.
    /// </summary>
    private static void CheckObfuscatorShape(AnalysisContext context, List<ContentHit> hits)
    {
        if (hits.Any(h => h.Rule.Verdict == Model.Verdict.Compromise))
        {
            return;
        }

        var markers = ObfuscatorMarker.Matches(context.Code);
        if (markers.Count < 3)
        {
            return;
        }

        int evidence = (Regex.IsMatch(context.Code, @"[""']unsafe[""']", RegexOptions.None, Timeout) ? 1 : 0)
            + (Regex.IsMatch(context.Code, @"\beval\b|[""']eval[""']", RegexOptions.None, Timeout) ? 1 : 0)
            + (context.HasRequestSource || Regex.IsMatch(context.Code, @"[""']Request[""']", RegexOptions.None, Timeout) ? 1 : 0);
        if (evidence >= 2)
        {
            hits.Add(new ContentHit(WebShellRules.ObfuscatedEval, context.OriginOf(markers[0].Index), "obfuscated server code (" + markers.Count + " _0x identifiers) that names eval, Request or \"unsafe\""));
        }
    }

    // JScript and C# are case-sensitive: "Eval(" there is data binding, "function(" a declaration.
    private static bool IsEvalName(string name, bool visualBasic) => visualBasic
        ? name.Equals("eval", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Execute", StringComparison.OrdinalIgnoreCase)
        : name is "eval" or "Function";

    private static void CheckDynamicCode(AnalysisContext context, List<ContentHit> hits)
    {
        bool found = false;
        foreach (Match sink in DynamicCodeSink.Matches(context.Code))
        {
            context.Budget.Check();
            string args = context.ArgumentsAt(sink.Index + sink.Length - 1, true).Text;
            if (context.IsTainted(args, sink.Index))
            {
                hits.Add(new ContentHit(WebShellRules.DynamicCodeOfRequestInput, context.OriginOf(sink.Index), sink.Groups["name"].Value + " over request input: " + Clip(args)));
                found = true;
            }
        }

        // Reflection hides the call (Type.GetType("Microsoft.JScript.Eval").InvokeMember("JScriptEvaluate", ...)).
        var reflective = ReflectiveEval.Match(context.Code);
        if (!found && reflective.Success && context.HasRequestSource)
        {
            hits.Add(new ContentHit(WebShellRules.DynamicCodeOfRequestInput, context.OriginOf(reflective.Index), "JScript.NET evaluator referenced in code that reads the request: " + reflective.Value));
        }
    }

    private static void CheckCommands(AnalysisContext context, List<ContentHit> hits)
    {
        foreach (Match sink in CommandSink.Matches(context.Code))
        {
            context.Budget.Check();
            string name = sink.Groups["name"].Value;
            string receiver = sink.Groups["recv"].Value;
            bool hasReceiver = sink.Groups["recv"].Success;
            if ((hasReceiver && !context.IsProcessObject(receiver)) || (name.Equals("Shell", StringComparison.OrdinalIgnoreCase) && !context.IsVisualBasic))
            {
                continue;
            }

            string args = context.ArgumentsAt(sink.Index + sink.Length - 1, true).Text;
            if (context.IsTainted(args, sink.Index) || (hasReceiver && context.IsTainted(receiver, sink.Index)))
            {
                hits.Add(new ContentHit(WebShellRules.CommandRunner, context.OriginOf(sink.Index), name + " with request input: " + Clip(receiver + " " + args)));
            }
            else if (name is not ("CreateObject" or "ActiveXObject") && ShellWords.IsMatch(args))
            {
                hits.Add(new ContentHit(WebShellRules.CommandPage, context.OriginOf(sink.Index), name + " of a shell: " + Clip(args)));
            }
        }

        foreach (Match call in ShellMethod.Matches(context.Code))
        {
            context.Budget.Check();
            bool parenthesised = call.Value.EndsWith("(", StringComparison.Ordinal);
            if (!parenthesised && !context.IsVisualBasic)
            {
                continue;
            }

            string statement = context.StatementBefore(call.Index);
            bool shell = ShellCreation.IsMatch(statement) || context.IsShellObject(LastIdentifier(statement));
            if (!shell)
            {
                continue;
            }

            string args = context.ArgumentsAt(call.Index + call.Length - 1, parenthesised).Text;
            if (context.IsTainted(args, call.Index))
            {
                hits.Add(new ContentHit(WebShellRules.CommandRunner, context.OriginOf(call.Index), "WScript.Shell " + call.Groups["name"].Value + " with request input: " + Clip(args)));
            }
            else if (ShellWords.IsMatch(args) || ShellWords.IsMatch(statement))
            {
                hits.Add(new ContentHit(WebShellRules.CommandPage, context.OriginOf(call.Index), "WScript.Shell " + call.Groups["name"].Value + ": " + Clip(args)));
            }
        }
    }

    private static string LastIdentifier(string statement)
    {
        var matches = Identifier.Matches(statement);
        return matches.Count == 0 ? string.Empty : matches[matches.Count - 1].Value;
    }

    private static void CheckWriters(AnalysisContext context, List<ContentHit> hits)
    {
        foreach (Match save in SaveAs.Matches(context.Code))
        {
            context.Budget.Check();
            string receiver = context.StatementBefore(save.Index);
            if (context.IsTainted(receiver, save.Index) || receiver.IndexOf("Files", StringComparison.OrdinalIgnoreCase) >= 0 && context.HasRequestSource)
            {
                hits.Add(new ContentHit(WebShellRules.Uploader, context.OriginOf(save.Index), "SaveAs of an uploaded file: " + Clip(receiver)));
            }
        }

        foreach (Match writer in WriterCreation.Matches(context.Code))
        {
            context.Budget.Check();
            string args = context.ArgumentsAt(writer.Index + writer.Length - 1, true).Text;
            if (context.IsTainted(args, writer.Index))
            {
                hits.Add(new ContentHit(WebShellRules.Uploader, context.OriginOf(writer.Index), writer.Groups["name"].Value + " with request input: " + Clip(args)));
            }
        }

        foreach (Match write in WriteCall.Matches(context.Code))
        {
            context.Budget.Check();
            string receiver = write.Groups["recv"].Value;
            if (!context.IsWriterObject(receiver))
            {
                continue;
            }

            string args = context.ArgumentsAt(write.Index + write.Length - 1, true).Text;
            if (context.IsTainted(RequestMetadata.Replace(WrittenData(args), "meta"), write.Index))
            {
                hits.Add(new ContentHit(WebShellRules.Uploader, context.OriginOf(write.Index), "request data written to a file: " + Clip(receiver + "." + write.Groups["name"].Value + args)));
            }
        }
    }

    /// <summary>
    /// The data a Write call writes: Write(buffer, offset, count) writes the buffer, whatever the count (a length
    /// read from a response is not request data); any other call writes all its arguments.
    /// </summary>
    private static string WrittenData(string args)
    {
        var parts = TopLevelArguments(args);
        return parts.Count == 3 ? parts[0] : args;
    }

    private static List<string> TopLevelArguments(string args)
    {
        var parts = new List<string>();
        string inner = args.Length >= 2 && args[0] == '(' && args[args.Length - 1] == ')' ? args.Substring(1, args.Length - 2) : args;
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inner.Length; i++)
        {
            char c = inner[i];
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(inner.Substring(start, i - start));
                start = i + 1;
            }
        }

        parts.Add(inner.Substring(start));
        return parts;
    }

    private static void CheckDataTheft(AnalysisContext context, List<ContentHit> hits)
    {
        if (!context.HasRequestSource)
        {
            return;
        }

        AddFirst(context, hits, FileReadSink, WebShellRules.FileExfiltration, "the file the request names", ConfinedPath);
        AddFirst(context, hits, DirectoryListingSink, WebShellRules.DirectoryBrowser, "the folder the request names", ConfinedPath);
        AddFirst(context, hits, SqlSink, WebShellRules.RequestSql, "SQL text from the request", SqlLiteral);
        if (AdoUse.IsMatch(context.Code))
        {
            AddFirst(context, hits, AdoSink, WebShellRules.RequestSql, "SQL text from the request", SqlLiteral);
        }
    }

    /// <summary>
    /// The first <paramref name="sinks"/> match whose argument comes from the request, unless where it comes from
    /// matches <paramref name="benign"/> (a path confined to a fixed folder, a fixed query the request only completes).
    /// </summary>
    private static void AddFirst(AnalysisContext context, List<ContentHit> hits, Regex sinks, DetectionRule rule, string what, Regex benign)
    {
        if (hits.Any(h => h.Rule == rule))
        {
            return;
        }

        foreach (Match sink in sinks.Matches(context.Code))
        {
            context.Budget.Check();
            // The path, folder or query is the first argument (File.Copy(from, to): what is taken, not where it goes).
            var args = context.ArgumentsAt(sink.Index + sink.Length - 1, sink.Value.EndsWith("(", StringComparison.Ordinal));
            string first = TopLevelArguments(args.Text)[0];
            if (!context.IsTainted(RequestMetadata.Replace(first, "meta"), sink.Index) || benign.IsMatch(context.Provenance(first)))
            {
                continue;
            }

            hits.Add(new ContentHit(rule, context.OriginOf(sink.Index), sink.Groups["name"].Value + " with " + what + ": " + Clip(args.Text)));
            return;
        }
    }

    /// <summary>A user-defined function: its name, where the name is defined, its parameters and its body.</summary>
    private sealed record UserFunction(string Name, int NameIndex, List<string> Parameters, int BodyStart, int BodyEnd)
    {
        /// <summary>The innermost function around this one (its index in start order), or -1.</summary>
        public int Parent { get; set; } = -1;

        /// <summary>The names the function itself declares (not its nested functions'), once looked for.</summary>
        public HashSet<string>? Locals { get; set; }

        /// <summary>Names that carry request input inside this function only (tainted parameters and locals).</summary>
        public HashSet<string>? Tainted { get; set; }

        /// <summary>The expressions its own return statements return, with where they are.</summary>
        public List<(string Expression, int At)> Returns { get; } = [];
    }

    /// <summary>The time an analysis may still take, and the caller's cancellation.</summary>
    private sealed class Budget(TimeSpan limit, CancellationToken cancellationToken)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        /// <summary>Throws when the caller cancelled or the time is up; cheap enough for every loop step.</summary>
        public void Check()
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_clock.Elapsed > limit)
            {
                throw new BudgetExceededException();
            }
        }
    }

    /// <summary>The analysis ran out of time: the page is reported as not fully analysed.</summary>
    private sealed class BudgetExceededException : Exception
    {
    }

    /// <summary>A piece of the de-obfuscated code and where it starts.</summary>
    private readonly struct CodeSlice(int start, string text)
    {
        public int Start { get; } = start;

        public string Text { get; } = text;
    }

    private static void CheckTunnels(AnalysisContext context, List<ContentHit> hits)
    {
        if (!SocketUse.IsMatch(context.Code))
        {
            return;
        }

        foreach (Match sink in TunnelSink.Matches(context.Code))
        {
            context.Budget.Check();
            string args = context.ArgumentsAt(sink.Index + sink.Length - 1, true).Text;
            if (context.IsTainted(RequestMetadata.Replace(args, "meta"), sink.Index))
            {
                hits.Add(new ContentHit(WebShellRules.SocketTunnel, context.OriginOf(sink.Index), sink.Groups["name"].Value + " with request input: " + Clip(args)));
                return;
            }
        }
    }

    private static void CheckSecurityProductProbe(AnalysisContext context, List<ContentHit> hits)
    {
        if (!ExistenceCheck.IsMatch(context.Code))
        {
            return;
        }

        var products = SecurityProduct.Matches(context.Code).Cast<Match>().Select(m => m.Value.ToLowerInvariant()).Distinct().ToList();
        if (products.Count >= 2)
        {
            hits.Add(new ContentHit(WebShellRules.SecurityProductProbe, context.OriginOf(SecurityProduct.Match(context.Code).Index), "checks for " + string.Join(", ", products)));
        }
    }

    private static string Clip(string value)
    {
        string flat = Regex.Replace(value.Trim(), @"\s+", " ", RegexOptions.None, Timeout);
        return flat.Length <= 200 ? flat : flat.Substring(0, 200) + "…";
    }

    /// <summary>The de-obfuscated code of one file and what is known about its variables.</summary>
    private sealed class AnalysisContext
    {
        private readonly string _original;
        private readonly MappedText _mapped;
        private readonly Regex _requestSource;
        private readonly HashSet<string> _tainted;
        private readonly HashSet<string> _writers;
        private readonly HashSet<string> _processes;
        private readonly HashSet<string> _shells;
        private readonly Dictionary<string, List<string>> _sources;
        private readonly HashSet<string> _scopedNames;
        private List<UserFunction> _functions = [];
        private int[] _functionStarts = [];
        private bool _localsFound;

        public AnalysisContext(string original, MappedText mapped, bool visualBasic, Budget budget)
        {
            Budget = budget;
            _original = original;
            _mapped = mapped;
            IsVisualBasic = visualBasic;
            _requestSource = visualBasic ? RequestSourceAnyCase : RequestSourceCased;
            var comparer = visualBasic ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            _tainted = new HashSet<string>(comparer);
            _writers = new HashSet<string>(comparer);
            _processes = new HashSet<string>(comparer);
            _shells = new HashSet<string>(comparer);
            _sources = new Dictionary<string, List<string>>(comparer);
            _scopedNames = new HashSet<string>(comparer);
            foreach (Match method in WebMethodParameters.Matches(Code))
            {
                _tainted.UnionWith(ParameterNames(method.Groups["params"].Value, visualBasic));
            }

            HasRequestSource = _tainted.Count > 0 || _requestSource.IsMatch(Code);
        }

        public string Code => _mapped.Text;

        /// <summary>Time left and the caller's cancellation; checked in every loop over the code.</summary>
        public Budget Budget { get; }

        public bool IsVisualBasic { get; }

        public bool HasRequestSource { get; }

        /// <summary>Variables assigned the literal name "eval".</summary>
        public List<string> EvalAliases { get; } = [];

        public int OriginOf(int index) => _mapped.OriginOf(index);

        public void FindTaint()
        {
            var assignments = Assignment.Matches(Code).Cast<Match>()
                .Select(m => (Name: Root(m.Groups["lhs"].Value), Rhs: m.Groups["rhs"].Value, At: m.Index))
                .Concat(ForEach.Matches(Code).Cast<Match>().Select(m => (Name: m.Groups["var"].Value, Rhs: m.Groups["rhs"].Value, At: m.Index)))
                .ToList();
            foreach (var (name, rhs, _) in assignments)
            {
                if (Regex.IsMatch(rhs, @"^\s*[""']eval[""']\s*$", RegexOptions.None, Timeout))
                {
                    EvalAliases.Add(name);
                }

                if (WriterCreation.IsMatch(rhs))
                {
                    _writers.Add(name);
                }

                if (Regex.IsMatch(rhs, @"\bProcess\b|ProcessStartInfo", RegexOptions.None, Timeout))
                {
                    _processes.Add(name);
                }

                if (ShellWords.IsMatch(rhs) && Regex.IsMatch(rhs, @"ActiveXObject|CreateObject", RegexOptions.IgnoreCase, Timeout))
                {
                    _shells.Add(name);
                }
            }

            foreach (var (name, rhs, _) in assignments)
            {
                if (!_sources.TryGetValue(name, out var list))
                {
                    _sources[name] = list = [];
                }

                list.Add(rhs);
            }

            if (!HasRequestSource)
            {
                return;
            }

            FindFunctions();
            var scopes = assignments.Select(a => LocalScope(a.Name, a.At)).ToList();
            for (int round = 0; round < 8; round++)
            {
                bool added = false;
                for (int i = 0; i < assignments.Count; i++)
                {
                    Budget.Check();
                    var (name, rhs, at) = assignments[i];
                    if (!IsTaintedName(name, at) && IsTainted(rhs, at))
                    {
                        if (scopes[i] is { } scope)
                        {
                            AddScoped(name, scope);
                        }
                        else
                        {
                            _tainted.Add(name);
                        }

                        added = true;
                    }
                }

                // Whether a function is called with request input is decided once per name and round.
                // Sweeps alternate between source order and its reverse, so a chain of helpers calling each other is
                // followed in one sweep whichever way it runs.
                var calledWithInput = new Dictionary<string, bool>(_tainted.Comparer);
                for (int n = 0; n < _functions.Count; n++)
                {
                    Budget.Check();
                    added |= TaintThrough(_functions[round % 2 == 0 ? n : _functions.Count - 1 - n], calledWithInput);
                }

                if (!added)
                {
                    break;
                }
            }
        }

        /// <summary>
        /// The text <paramref name="expression"/> is built from: itself and, a few steps back, what its variables were
        /// assigned. Tells a path confined to a fixed folder or a fixed query from bare request input.
        /// </summary>
        public string Provenance(string expression)
        {
            var text = new System.Text.StringBuilder(expression);
            var seen = new HashSet<string>(_tainted.Comparer);
            var pending = new List<string> { expression };
            for (int depth = 0; depth < 3 && pending.Count > 0; depth++)
            {
                var next = new List<string>();
                foreach (string part in pending)
                {
                    foreach (Match id in Identifier.Matches(part))
                    {
                        if (seen.Add(id.Value) && _sources.TryGetValue(id.Value, out var rhs))
                        {
                            foreach (string r in rhs.Take(8))
                            {
                                text.Append('\n').Append(r);
                                next.Add(r);
                            }
                        }
                    }
                }

                pending = next;
            }

            return text.ToString();
        }

        private void AddScoped(string name, UserFunction scope)
        {
            (scope.Tainted ??= new HashSet<string>(_tainted.Comparer)).Add(name);
            _scopedNames.Add(name);
        }

        /// <summary>
        /// The function a variable assigned at <paramref name="at"/> is local to: the innermost function around it
        /// when the assignment declares it there (C# <c>string x =</c>, <c>var x =</c>; JScript <c>var x =</c>; a loop
        /// variable) or, in VB, the function dims it. Null for fields and globals, which every function sees.
        /// </summary>
        private UserFunction? LocalScope(string name, int at)
        {
            var inner = Innermost(at, inclusive: false);
            if (inner is null)
            {
                return null;
            }

            return inner.Parameters.Contains(name, _tainted.Comparer) || LocalsOf(inner).Contains(name) ? inner : null;
        }

        /// <summary>
        /// The innermost function whose body holds <paramref name="at"/> (strictly inside, or with
        /// <paramref name="inclusive"/> also on its first or last character): the last function to start before it,
        /// or the nearest of its enclosing functions that still holds it.
        /// </summary>
        private UserFunction? Innermost(int at, bool inclusive)
        {
            int i = LastStartBefore(inclusive ? at + 1 : at);
            for (int steps = 0; i >= 0 && steps < MaxNesting; steps++)
            {
                var function = _functions[i];
                if (inclusive ? at <= function.BodyEnd : at < function.BodyEnd)
                {
                    return function;
                }

                i = function.Parent;
            }

            return null;
        }

        // The index of the last function whose body starts before position, or -1.
        private int LastStartBefore(int position)
        {
            int index = Array.BinarySearch(_functionStarts, position);
            index = index >= 0 ? index : ~index;

            // Step back over functions that start exactly at position (several may share a start).
            while (index > 0 && _functionStarts[index - 1] >= position)
            {
                index--;
            }

            return index - 1;
        }

        // The names each function declares (C#/JScript: a type or var before the name; VB: Dim), found in one pass over
        // the code, each given to the innermost function it sits in.
        private HashSet<string> LocalsOf(UserFunction function)
        {
            if (!_localsFound)
            {
                _localsFound = true;
                if (IsVisualBasic)
                {
                    foreach (Match dim in VbDim.Matches(Code))
                    {
                        Budget.Check();
                        if (Innermost(dim.Index, inclusive: false) is not { } owner)
                        {
                            continue;
                        }

                        foreach (string declared in dim.Groups["names"].Value.Split(','))
                        {
                            string bare = VbParameterType.Replace(declared.Trim(), string.Empty);
                            var id = Identifier.Match(bare);
                            if (id.Success)
                            {
                                (owner.Locals ??= new HashSet<string>(_tainted.Comparer)).Add(id.Value);
                            }
                        }
                    }
                }
                else
                {
                    foreach (Match declaration in LocalDeclaration.Matches(Code))
                    {
                        Budget.Check();
                        if (!NotATypeName.Contains(declaration.Groups["type"].Value) && Innermost(declaration.Index, inclusive: false) is { } owner)
                        {
                            (owner.Locals ??= new HashSet<string>(_tainted.Comparer)).Add(declaration.Groups["name"].Value);
                        }
                    }
                }
            }

            return function.Locals ??= new HashSet<string>(_tainted.Comparer);
        }

        // Functions, subs and methods with parameters: where they are defined, their body, their call sites, their
        // returns. Each is found in one pass over the code, so a page of many thousand functions stays linear.
        private void FindFunctions()
        {
            var found = new List<UserFunction>();
            var opens = new List<(Match Match, int Open)>();
            foreach (Match m in FunctionDefinition.Matches(Code))
            {
                Budget.Check();
                if (!Keywords.Contains(m.Groups["name"].Value))
                {
                    opens.Add((m, m.Index + m.Length - 1));
                }
            }

            var closes = BraceBodyEnds(opens.Select(o => o.Open));
            foreach (var (m, open) in opens)
            {
                found.Add(new UserFunction(m.Groups["name"].Value, m.Groups["name"].Index, ParameterNames(m.Groups["params"].Value, false), open, closes[open]));
            }

            if (IsVisualBasic)
            {
                var ends = VbProcedureEnd.Matches(Code).Cast<Match>().Select(e => e.Index).ToArray();
                foreach (Match m in VbProcedureDefinition.Matches(Code))
                {
                    Budget.Check();

                    // The body ends at the first End Function/Sub after the header.
                    int next = Array.BinarySearch(ends, m.Index + m.Length);
                    next = next >= 0 ? next : ~next;
                    found.Add(new UserFunction(m.Groups["name"].Value, m.Groups["name"].Index, ParameterNames(m.Groups["params"].Value, true), m.Index + m.Length, next < ends.Length ? ends[next] : Code.Length));
                }
            }

            _functions = found.OrderBy(f => f.BodyStart).ThenByDescending(f => f.BodyEnd).ToList();
            _functionStarts = _functions.Select(f => f.BodyStart).ToArray();

            // Each function's parent: the nearest earlier function whose body still holds its start.
            var enclosing = new Stack<int>();
            for (int i = 0; i < _functions.Count; i++)
            {
                while (enclosing.Count > 0 && _functions[enclosing.Peek()].BodyEnd < _functions[i].BodyStart)
                {
                    enclosing.Pop();
                }

                _functions[i].Parent = enclosing.Count > 0 ? enclosing.Peek() : -1;
                enclosing.Push(i);
            }

            FindCallSites();
            foreach (Match r in ReturnStatement.Matches(Code))
            {
                Budget.Check();
                Innermost(r.Index, inclusive: false)?.Returns.Add((r.Groups["expr"].Value, r.Index));
            }
        }

        // Call sites of every user function, by name: one pass over the code, never one per function.
        private void FindCallSites()
        {
            _calls = new Dictionary<string, List<(int Index, int End)>>(_tainted.Comparer);
            var definitions = new HashSet<int>(_functions.Select(f => f.NameIndex));
            foreach (var function in _functions)
            {
                _calls[function.Name] = [];
            }

            foreach (Match site in (IsVisualBasic ? VbCallSite : CallSite).Matches(Code))
            {
                Budget.Check();
                // The C#/JScript pattern is anchored on the "(" (a vectorised search), the name found behind it.
                var name = site.Groups["name"];
                if (_calls.TryGetValue(name.Value, out var sites) && !definitions.Contains(name.Index))
                {
                    sites.Add((name.Index, site.Index + site.Length));
                }
            }
        }

        private Dictionary<string, List<(int Index, int End)>> _calls = [];

        // Where the body opened at each of the given braces ends: its matching brace, found for all of them in one
        // pass (an unclosed body, or one longer than MaxArgumentLength, is cut there).
        private Dictionary<int, int> BraceBodyEnds(IEnumerable<int> opens)
        {
            var ends = new Dictionary<int, int>();
            foreach (int open in opens)
            {
                ends[open] = Math.Min(Code.Length, open + MaxArgumentLength);
            }

            if (ends.Count == 0)
            {
                return ends;
            }

            var stack = new Stack<int>();
            string code = Code;
            for (int i = 0; i < code.Length; i++)
            {
                if ((i & 0xFFFF) == 0)
                {
                    Budget.Check();
                }

                if (code[i] == '{')
                {
                    stack.Push(i);
                }
                else if (code[i] == '}' && stack.Count > 0)
                {
                    int open = stack.Pop();
                    if (ends.TryGetValue(open, out int limit) && i < limit)
                    {
                        ends[open] = i;
                    }
                }
            }

            return ends;
        }

        /// <summary>
        /// Follows request input through a user-defined function: a call with request input taints its parameters
        /// (ExecuteCmd(txtArg.Text) -> arg; in VBScript also RunCmd Request("c") without parentheses), and a function
        /// that returns request input taints its calls (return Request["c"]; in VB, Name = Request("c")).
        /// </summary>
        private bool TaintThrough(UserFunction function, Dictionary<string, bool> calledWithInput)
        {
            bool added = false;
            if (function.Parameters.Count > 0 && !function.Parameters.All(p => IsTaintedName(p, function.BodyStart)))
            {
                if (!calledWithInput.TryGetValue(function.Name, out bool called))
                {
                    calledWithInput[function.Name] = called = IsCalledWithInput(function.Name);
                }

                if (called)
                {
                    // A parameter is request input inside its own function only.
                    foreach (string parameter in function.Parameters.Where(p => !IsTaintedName(p, function.BodyStart)))
                    {
                        AddScoped(parameter, function);
                        added = true;
                    }
                }
            }

            if (!_tainted.Contains(function.Name) && function.Returns.Any(r => IsTainted(r.Expression, r.At)))
            {
                added |= _tainted.Add(function.Name);
            }

            return added;
        }

        private bool IsCalledWithInput(string name)
        {
            foreach (var (index, end) in _calls[name])
            {
                Budget.Check();
                var args = Code[end - 1] == '(' ? ArgumentsAt(end - 1, true)
                    : end < Code.Length && Code[end] == '(' ? ArgumentsAt(end, true)
                    : ArgumentsAt(end - 1, false);
                if (IsTainted(args.Text, index))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when <paramref name="expression"/>, found at <paramref name="at"/> in the code, carries request input:
        /// it reads the request, or names a variable that does (a function's parameter only inside that function).
        /// </summary>
        public bool IsTainted(string expression, int at)
        {
            if (!HasRequestSource || string.IsNullOrEmpty(expression))
            {
                return false;
            }

            if (_requestSource.IsMatch(expression) && _requestSource.IsMatch(ServerFacts.Replace(expression, "fact")))
            {
                return true;
            }

            return (_tainted.Count > 0 || _scopedNames.Count > 0) && Identifier.Matches(expression).Cast<Match>().Any(m => IsTaintedName(m.Value, at));
        }

        private bool IsTaintedName(string name, int at)
        {
            if (_tainted.Contains(name))
            {
                return true;
            }

            if (!_scopedNames.Contains(name))
            {
                return false;
            }

            // Tainted inside a function: seen there and in the functions nested in it.
            var function = Innermost(at, inclusive: true);
            for (int steps = 0; function is not null && steps < MaxNesting; steps++)
            {
                if (function.Tainted is { } names && names.Contains(name))
                {
                    return true;
                }

                function = function.Parent >= 0 ? _functions[function.Parent] : null;
            }

            return false;
        }

        public bool IsWriterObject(string name) => _writers.Contains(name);

        public bool IsProcessObject(string receiver) =>
            _processes.Contains(Root(receiver)) || _tainted.Contains(Root(receiver)) || Regex.IsMatch(receiver, @"\bProcess\s*$", RegexOptions.None, Timeout);

        public bool IsShellObject(string receiver) => _shells.Contains(Root(receiver));

        /// <summary>True when the sink's name does not appear literally at its place in the original file.</summary>
        public bool IsObfuscated(int index, string name)
        {
            int origin = OriginOf(index);
            int window = Math.Min(_original.Length - origin, name.Length + 40);
            bool literal = window > 0 && _original.Substring(origin, window).IndexOf(name, StringComparison.OrdinalIgnoreCase) >= 0;
            return !literal || ObfuscatorMarker.IsMatch(Code);
        }

        /// <summary>
        /// True when the original file reads the request literally in this argument list (or through a variable);
        /// false when the request access only appears after undoing the obfuscation.
        /// </summary>
        public bool OriginalReadsRequest(CodeSlice args)
        {
            if (Identifier.Matches(args.Text).Cast<Match>().Any(m => IsTaintedName(m.Value, args.Start)))
            {
                return true;
            }

            int from = OriginOf(args.Start);
            int to = Math.Min(_original.Length, Math.Max(from, OriginOf(args.Start + Math.Max(0, args.Text.Length - 1)) + 1));
            string original = _original.Substring(from, to - from);
            return _requestSource.IsMatch(original) && !original.Contains("[\"Request\"]") && !original.Contains("['Request']");
        }

        /// <summary>The argument list starting at <paramref name="openIndex"/> (an opening parenthesis), or the rest of the statement.</summary>
        public CodeSlice ArgumentsAt(int openIndex, bool parenthesised)
        {
            string code = Code;
            if (!parenthesised || openIndex < 0 || openIndex >= code.Length || code[openIndex] != '(')
            {
                int start = Math.Max(0, Math.Min(openIndex + 1, code.Length));
                int end = code.IndexOfAny(['\n', ':', ';', '%'], start);
                end = end < 0 ? Math.Min(code.Length, start + MaxArgumentLength) : end;
                return new CodeSlice(start, code.Substring(start, Math.Min(end - start, MaxArgumentLength)));
            }

            int depth = 0;
            int limit = Math.Min(code.Length, openIndex + MaxArgumentLength);
            for (int i = openIndex; i < limit; i++)
            {
                char c = code[i];
                if (c == '(')
                {
                    depth++;
                }
                else if (c == ')' && --depth == 0)
                {
                    return new CodeSlice(openIndex, code.Substring(openIndex, i - openIndex + 1));
                }
            }

            return new CodeSlice(openIndex, code.Substring(openIndex, limit - openIndex));
        }

        /// <summary>The statement text before <paramref name="index"/> (back to the previous ; { } or line break).</summary>
        public string StatementBefore(int index)
        {
            int start = Code.LastIndexOfAny([';', '{', '}', '\n'], Math.Max(0, index - 1));
            start = Math.Max(start + 1, index - 300);
            return Code.Substring(start, index - start);
        }

        private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
        {
            "if", "while", "for", "foreach", "switch", "catch", "using", "lock", "fixed", "return", "new", "function", "typeof", "sizeof", "nameof",
        };

        private static List<string> ParameterNames(string parameters, bool visualBasic) =>
            parameters.Split(',')
                .Select(p => p.Split('=')[0].Trim())
                .Select(p => visualBasic ? VbParameterType.Replace(p, string.Empty) : JScriptParameterType.Replace(p, string.Empty))
                .Select(p => Identifier.Matches(p).Cast<Match>().Select(m => m.Value).LastOrDefault())
                .OfType<string>()
                .Where(p => p.Length > 0 && !Keywords.Contains(p))
                .ToList();

        private static string Root(string lhs)
        {
            int dot = lhs.IndexOf('.');
            return (dot < 0 ? lhs : lhs.Substring(0, dot)).Trim();
        }
    }
}
