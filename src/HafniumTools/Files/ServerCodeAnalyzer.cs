using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HafniumTools.Model;

namespace HafniumTools.Files;

/// <summary>
/// The content rules over a page's server-side code. A light taint analysis: request input (<c>Request.*</c>,
/// <c>Request[...]</c>, <c>Request(...)</c>) taints the variables it is assigned to, and a sink (eval, Execute,
/// Function, JScriptEvaluate, Assembly.Load, Process.Start, WScript.Shell, SaveAs, File.Write*) whose arguments or
/// receiver are tainted is a hit. Reading the request without a sink, client-side script, base64 of constants and
/// <c>Process.GetCurrentProcess()</c> are not.
/// </summary>
internal static class ServerCodeAnalyzer
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;
    private const int MaxArgumentLength = 100_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    // Request input: Request.X, Request[...], Request(...), this["Request"], and the text of a form control (txt.Text).
    private const string RequestPattern = @"\bRequest\s*[\.\[\(]|\[\s*[""']Request[""']\s*\]|\b(?!System\b|Encoding\b)[A-Za-z_]\w*\s*\.\s*Text\b(?!\s*(?:=(?!=)|\(|\.\s*(?:Html|Plain|Xml|RichText)\b))";
    private static readonly Regex RequestSourceCased = new(RequestPattern, Options, Timeout);
    private static readonly Regex RequestSourceAnyCase = new(RequestPattern, Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex FunctionDefinition = new(
        @"\b(?:function\s+)?(?<name>[A-Za-z_$][\w$]*)\s*\((?<params>[^()\r\n]{0,300})\)\s*(?:\r?\n\s*)?\{", Options, Timeout);
    private static readonly Regex Assignment = new(
        @"(?<lhs>[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*(?:\[[^\]\r\n]{0,200}\])?\s*(?:\+|&)?=(?![=>])(?<rhs>[^;\r\n]*)", Options, Timeout);
    private static readonly Regex ForEach = new(
        @"\b(?:foreach|for\s+each)\s*\(?\s*(?:[\w.<>\[\]]+\s+)?(?<var>[A-Za-z_$][\w$]*)\s+in\s+(?<rhs>[^)\r\n]*)", Options | RegexOptions.IgnoreCase, Timeout);
    // Request metadata a logging page writes to its log; not a payload the attacker controls in full.
    private static readonly Regex RequestMetadata = new(
        @"\bRequest\s*\.\s*(?:UserAgent|UserHostAddress|UserHostName|Url|RawUrl|HttpMethod|Path|FilePath|ContentLength|IsAuthenticated|IsSecureConnection|ServerVariables\s*\[\s*""(?:REMOTE_ADDR|HTTP_USER_AGENT|REMOTE_HOST)""\s*\])\b",
        Options, Timeout);
    private static readonly Regex Identifier = new(@"[A-Za-z_$][\w$]*", Options, Timeout);

    private static readonly Regex EvalSink = new(
        @"(?<![\w$.])(?<name>eval)\s*\(|\[\s*[""'](?<name>eval)[""']\s*\]\s*\(|(?<![\w$.])(?<name>Execute(?:Global)?)\b\s*\(?|(?<![\w$.])(?:new\s+)?(?<name>Function)\s*\(",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex DynamicCodeSink = new(
        @"(?<name>JScriptEvaluate)\s*\(|\.\s*GetMethod\s*\([^;\r\n]{0,200}?\)\s*\.\s*(?<name>Invoke)\s*\(|\bAssembly\s*\.\s*(?<name>Load(?:From|File)?)\s*\(|(?<name>CompileAssemblyFromSource)\s*\(|\.\s*(?<name>InvokeMember)\s*\(|\bActivator\s*\.\s*(?<name>CreateInstance)\s*\(",
        Options, Timeout);
    private static readonly Regex ReflectiveEval = new(@"JScriptEvaluate|Microsoft\s*\.\s*JScript\s*\.\s*Eval\b|VsaEngine", Options, Timeout);
    private static readonly Regex CommandSink = new(
        @"\bProcess\s*\.\s*(?<name>Start)\s*\(|\bnew\s+(?:System\s*\.\s*Diagnostics\s*\.\s*)?(?<name>ProcessStartInfo)\s*\(|\.\s*StandardInput\s*\.\s*(?<name>Write(?:Line)?)\s*\(|\bnew\s+(?<name>ActiveXObject)\s*\(|\.\s*(?<name>AddScript|AddCommand)\s*\(|\b(?<name>CreateObject)\s*\(|(?<recv>[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\.\s*(?<name>Start)\s*\(|(?<![\w$.])(?<name>Shell)\s*\(",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex ShellMethod = new(@"\.\s*(?<name>Exec|Run|ShellExecute)\s*\(", Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex ShellCreation = new(@"ActiveXObject|CreateObject|WScript\s*\.\s*Shell|Shell\s*\.\s*Application", Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex ShellWords = new(
        @"cmd(?:\.exe)?\b|/c\s|powershell|WScript\s*\.\s*Shell|Shell\s*\.\s*Application|whoami",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex WriterCreation = new(
        @"\bnew\s+(?:System\s*\.\s*IO\s*\.\s*)?(?<name>StreamWriter|FileStream|BinaryWriter)\s*\(|\bFile\s*\.\s*(?<name>WriteAll(?:Text|Bytes|Lines)|AppendAll(?:Text|Lines)|Create|OpenWrite|Copy|Move)\s*\(|\.\s*(?<name>CreateTextFile|OpenTextFile|SaveToFile)\s*\(",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex WriteCall = new(
        @"(?<recv>[A-Za-z_$][\w$]*)\s*\.\s*(?<name>Write(?:Line)?|WriteAll)\s*\(", Options, Timeout);
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

    // Every sink, alias and obfuscation rule needs one of these words in the (de-obfuscated) server code. One
    // alternation of literals is searched in a single vectorised pass, far cheaper than the rules themselves.
    private static readonly Regex SinkStems = new(
        @"eval|execute|function|jscript|assembly|invoke|createinstance|process|standardinput|activex|createobject|addscript|addcommand|shell|saveas|writer|filestream|file\.|textfile|savetofile|_0x|unsafe|socket|tcpclient|exists",
        Options | RegexOptions.IgnoreCase, Timeout);

    // Signs that the code may spell something in a way the sink patterns would not see.
    private static readonly Regex ObfuscationStems = new(
        @"\\x|\\u|fromcharcode|chr|char|frombase64string|/\*|join|reverse|[""']\s*[+&]",
        Options | RegexOptions.IgnoreCase, Timeout);

    private static bool MayHideCode(string code) => ObfuscationStems.IsMatch(code);

    private static bool ContainsAny(string text, Regex stems) => stems.IsMatch(text);

    /// <summary>Runs the content rules over the server-side code of <paramref name="text"/>.</summary>
    public static IReadOnlyList<ContentHit> Analyze(string text, string path)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var hits = new List<ContentHit>();
        if (!ServerCode.MayContainServerCode(text, path))
        {
            return hits;
        }

        var spans = ServerCode.Extract(text, path);
        if (spans.Count == 0)
        {
            return hits;
        }

        var code = MappedText.Join(text, spans, "\n;\n");
        if (!MayHideCode(code.Text) && !ContainsAny(code.Text, SinkStems))
        {
            return hits;
        }

        var clear = MayHideCode(code.Text) ? ScriptDeobfuscator.Deobfuscate(code) : code;
        if (!ContainsAny(clear.Text, SinkStems))
        {
            return hits;
        }

        var context = new AnalysisContext(text, clear, ServerCode.IsVisualBasic(text, path));
        context.FindTaint();
        CheckEvalSinks(context, hits);
        CheckIndirectEval(context, hits);
        CheckObfuscatorShape(context, hits);
        CheckDynamicCode(context, hits);
        CheckCommands(context, hits);
        CheckWriters(context, hits);
        CheckTunnels(context, hits);
        CheckSecurityProductProbe(context, hits);
        return hits;
    }

    private static void CheckEvalSinks(AnalysisContext context, List<ContentHit> hits)
    {
        foreach (Match sink in EvalSink.Matches(context.Code))
        {
            string name = sink.Groups["name"].Value;
            if (!IsEvalName(name, context.IsVisualBasic))
            {
                continue;
            }

            var args = context.ArgumentsAt(sink.Index + sink.Length - 1, sink.Value.EndsWith("(", StringComparison.Ordinal));
            if (context.IsTainted(args.Text))
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

        foreach (string alias in context.EvalAliases)
        {
            var call = new Regex(@"\[\s*" + Regex.Escape(alias) + @"\s*\]\s*\(|(?<![\w$.])" + Regex.Escape(alias) + @"\s*\(", RegexOptions.CultureInvariant, Timeout);
            foreach (Match sink in call.Matches(context.Code))
            {
                var args = context.ArgumentsAt(sink.Index + sink.Length - 1, true);
                if (context.IsTainted(args.Text))
                {
                    hits.Add(new ContentHit(WebShellRules.ObfuscatedEval, context.OriginOf(sink.Index), "eval called through the variable " + alias + " over request input: " + Clip(args.Text)));
                    return;
                }
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
            string args = context.ArgumentsAt(sink.Index + sink.Length - 1, true).Text;
            if (context.IsTainted(args))
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
            string name = sink.Groups["name"].Value;
            string receiver = sink.Groups["recv"].Value;
            bool hasReceiver = sink.Groups["recv"].Success;
            if ((hasReceiver && !context.IsProcessObject(receiver)) || (name.Equals("Shell", StringComparison.OrdinalIgnoreCase) && !context.IsVisualBasic))
            {
                continue;
            }

            string args = context.ArgumentsAt(sink.Index + sink.Length - 1, true).Text;
            if (context.IsTainted(args) || (hasReceiver && context.IsTainted(receiver)))
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
            string statement = context.StatementBefore(call.Index);
            bool shell = ShellCreation.IsMatch(statement) || context.IsShellObject(LastIdentifier(statement));
            if (!shell)
            {
                continue;
            }

            string args = context.ArgumentsAt(call.Index + call.Length - 1, true).Text;
            if (context.IsTainted(args))
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
            string receiver = context.StatementBefore(save.Index);
            if (context.IsTainted(receiver) || receiver.IndexOf("Files", StringComparison.OrdinalIgnoreCase) >= 0 && context.HasRequestSource)
            {
                hits.Add(new ContentHit(WebShellRules.Uploader, context.OriginOf(save.Index), "SaveAs of an uploaded file: " + Clip(receiver)));
            }
        }

        foreach (Match writer in WriterCreation.Matches(context.Code))
        {
            string args = context.ArgumentsAt(writer.Index + writer.Length - 1, true).Text;
            if (context.IsTainted(args))
            {
                hits.Add(new ContentHit(WebShellRules.Uploader, context.OriginOf(writer.Index), writer.Groups["name"].Value + " with request input: " + Clip(args)));
            }
        }

        foreach (Match write in WriteCall.Matches(context.Code))
        {
            string receiver = write.Groups["recv"].Value;
            if (!context.IsWriterObject(receiver))
            {
                continue;
            }

            string args = context.ArgumentsAt(write.Index + write.Length - 1, true).Text;
            if (context.IsTainted(RequestMetadata.Replace(args, "meta")))
            {
                hits.Add(new ContentHit(WebShellRules.Uploader, context.OriginOf(write.Index), "request data written to a file: " + Clip(receiver + "." + write.Groups["name"].Value + args)));
            }
        }
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
            string args = context.ArgumentsAt(sink.Index + sink.Length - 1, true).Text;
            if (context.IsTainted(args))
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

        public AnalysisContext(string original, MappedText mapped, bool visualBasic)
        {
            _original = original;
            _mapped = mapped;
            IsVisualBasic = visualBasic;
            _requestSource = visualBasic ? RequestSourceAnyCase : RequestSourceCased;
            var comparer = visualBasic ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            _tainted = new HashSet<string>(comparer);
            _writers = new HashSet<string>(comparer);
            _processes = new HashSet<string>(comparer);
            _shells = new HashSet<string>(comparer);
            HasRequestSource = _requestSource.IsMatch(Code);
        }

        public string Code => _mapped.Text;

        public bool IsVisualBasic { get; }

        public bool HasRequestSource { get; }

        /// <summary>Variables assigned the literal name "eval".</summary>
        public List<string> EvalAliases { get; } = [];

        public int OriginOf(int index) => _mapped.OriginOf(index);

        public void FindTaint()
        {
            var assignments = Assignment.Matches(Code).Cast<Match>()
                .Select(m => (Name: Root(m.Groups["lhs"].Value), Rhs: m.Groups["rhs"].Value))
                .Concat(ForEach.Matches(Code).Cast<Match>().Select(m => (Name: m.Groups["var"].Value, Rhs: m.Groups["rhs"].Value)))
                .ToList();
            foreach (var (name, rhs) in assignments)
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

            if (!HasRequestSource)
            {
                return;
            }

            var functions = FunctionDefinition.Matches(Code).Cast<Match>()
                .Where(m => !Keywords.Contains(m.Groups["name"].Value))
                .Select(m => (Name: m.Groups["name"].Value, Definition: m.Index, Parameters: ParameterNames(m.Groups["params"].Value)))
                .Where(f => f.Parameters.Count > 0)
                .ToList();
            for (int round = 0; round < 8; round++)
            {
                bool added = false;
                foreach (var (name, rhs) in assignments)
                {
                    if (!_tainted.Contains(name) && IsTainted(rhs))
                    {
                        _tainted.Add(name);
                        added = true;
                    }
                }

                // A function called with request input taints its parameters (ExecuteCmd(txtArg.Text) -> arg).
                foreach (var function in functions)
                {
                    if (function.Parameters.All(_tainted.Contains))
                    {
                        continue;
                    }

                    var call = new Regex(@"(?<![\w$])" + Regex.Escape(function.Name) + @"\s*\(", RegexOptions.CultureInvariant, Timeout);
                    foreach (Match site in call.Matches(Code))
                    {
                        if (site.Index != function.Definition && IsTainted(ArgumentsAt(site.Index + site.Length - 1, true).Text))
                        {
                            foreach (string parameter in function.Parameters)
                            {
                                added |= _tainted.Add(parameter);
                            }

                            break;
                        }
                    }
                }

                if (!added)
                {
                    break;
                }
            }
        }

        public bool IsTainted(string expression)
        {
            if (!HasRequestSource || string.IsNullOrEmpty(expression))
            {
                return false;
            }

            if (_requestSource.IsMatch(expression))
            {
                return true;
            }

            return _tainted.Count > 0 && Identifier.Matches(expression).Cast<Match>().Any(m => _tainted.Contains(m.Value));
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
            if (_tainted.Count > 0 && Identifier.Matches(args.Text).Cast<Match>().Any(m => _tainted.Contains(m.Value)))
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

        private static List<string> ParameterNames(string parameters) =>
            parameters.Split(',')
                .Select(p => p.Split('=')[0].Trim())
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
