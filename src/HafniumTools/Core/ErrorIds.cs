namespace HafniumTools.Core;

/// <summary>
/// Every ErrorId the module reports, one per situation, used by the core (in <see cref="ScanProblem"/>) and by the
/// cmdlets alike. An id is part of the contract: scripts catch it (<c>-ErrorAction</c>, <c>$_.FullyQualifiedErrorId</c>),
/// so it is never renamed or reused for another meaning. Add new ones here.
/// </summary>
internal static class ErrorIds
{
    // Where to look
    /// <summary>A path, or a wildcard pattern that matches nothing.</summary>
    public const string PathNotFound = "PathNotFound";

    /// <summary>A path on a provider other than the file system (registry, certificate store, ...).</summary>
    public const string NotAFileSystemPath = "NotAFileSystemPath";

    /// <summary>
    /// No -Path and nothing to scan by default: not a Windows server, or a Windows server where none of the default
    /// folders exists (formerly also NoDefaultPath and NoDefaultScanRoots).
    /// </summary>
    public const string PathRequired = "PathRequired";

    /// <summary>No Exchange install was found where the scan needs one.</summary>
    public const string ExchangeInstallNotFound = "ExchangeInstallNotFound";

    /// <summary>A scan that read no evidence at all: "looked at nothing", never to be taken for "found nothing".</summary>
    public const string NoEvidenceRead = "NoEvidenceRead";

    // Reading evidence
    /// <summary>A folder that cannot be listed.</summary>
    public const string FolderUnreadable = "FolderUnreadable";

    /// <summary>A file that cannot be opened or read (access, lock, I/O).</summary>
    public const string FileUnreadable = "FileUnreadable";

    /// <summary>
    /// An entry that is no regular file (a FIFO, a character or block device, a socket, or a link to one): never
    /// opened, because reading it could block forever or never end; the message names its kind.
    /// </summary>
    public const string NotARegularFile = "NotARegularFile";

    /// <summary>A symbolic link to a file found while walking a folder: named, not followed (it may lead out of the evidence tree).</summary>
    public const string LinkNotFollowed = "LinkNotFollowed";

    /// <summary>A file over the size cap: only its name and location were judged.</summary>
    public const string FileTooLarge = "FileTooLarge";

    /// <summary>A page read whole whose server code could not be analysed in the time allowed: findings so far kept.</summary>
    public const string ContentAnalysisIncomplete = "ContentAnalysisIncomplete";

    /// <summary>A file whose content is damaged or not what its format says; earlier findings are kept.</summary>
    public const string LogFileInvalid = "LogFileInvalid";

    /// <summary>A file recognised as a log from which no row could be read: not counted as covered.</summary>
    public const string LogFileYieldedNoRows = "LogFileYieldedNoRows";

    /// <summary>A log line longer than the reader holds (1 MiB): skipped to its end, the rest of the file read; a warning naming file and line.</summary>
    public const string LogLineSkipped = "LogLineSkipped";

    /// <summary>Rows with more values than the log's header names: still judged (on the usual columns when the header is their start); a warning.</summary>
    public const string LogFieldsMismatch = "LogFieldsMismatch";

    /// <summary>An exported event with more data than is kept per event (items or length): judged on what was kept; a warning naming file and record.</summary>
    public const string EventDataTruncated = "EventDataTruncated";

    /// <summary>A report Test-ProxyLogon wrote that holds nothing the log rules judge (its log ages, its list of suspicious files): named, never silent.</summary>
    public const string TestProxyLogonReportNotJudged = "TestProxyLogonReportNotJudged";

    /// <summary>A file named explicitly that is no log format the module reads.</summary>
    public const string LogFormatNotRecognized = "LogFormatNotRecognized";

    /// <summary>Rows a rule could not evaluate (a rule fault, reported once per file).</summary>
    public const string RuleFailed = "RuleFailed";

    // Input objects and arguments
    /// <summary>Text or an object that carries no recognisable Exchange build.</summary>
    public const string InvalidExchangeBuild = "InvalidExchangeBuild";

    /// <summary>An object with none of the properties a build is read from.</summary>
    public const string NoBuildOnInput = "NoBuildOnInput";

    /// <summary>A product name (Get-HafniumBuildCatalog -Product) that is none of the catalog's products.</summary>
    public const string UnknownProduct = "UnknownProduct";

    /// <summary>A pipeline object that is no virtual directory.</summary>
    public const string NotAVirtualDirectory = "NotAVirtualDirectory";

    /// <summary>A virtual directory of another kind than the cmdlet checks.</summary>
    public const string NotAnOabVirtualDirectory = "NotAnOabVirtualDirectory";

    /// <summary>-Since later than -Until.</summary>
    public const string TimeWindowEmpty = "TimeWindowEmpty";

    /// <summary>
    /// A pipeline object whose values nest lists too deep, hold too many items (an endless collection) or contain
    /// themselves (<see cref="InputBounds"/>): that input is not judged, the others are.
    /// </summary>
    public const string InputObjectTooComplex = "InputObjectTooComplex";

    /// <summary>A name, address or URI that cannot be probed over the network (Test-HafniumExposure).</summary>
    public const string InvalidExposureTarget = "InvalidExposureTarget";

    /// <summary>A pipeline object that names no server to probe, or could not be read (Test-HafniumExposure).</summary>
    public const string NoTargetOnInput = "NoTargetOnInput";

    /// <summary>A -WebShellPath that is not a path on the site (Test-HafniumExposure).</summary>
    public const string InvalidWebShellPath = "InvalidWebShellPath";

    /// <summary>A pipeline object that is no server audit (Export-HafniumReport).</summary>
    public const string NotAServerAudit = "NotAServerAudit";

    // Writing reports
    /// <summary>A report file that exists, without -Force.</summary>
    public const string ReportFileExists = "ReportFileExists";

    /// <summary>The folder a report file is to be written in does not exist.</summary>
    public const string OutputFolderNotFound = "OutputFolderNotFound";

    /// <summary>Two report files named the same, or a wildcard path that matches more than one file.</summary>
    public const string OutputPathAmbiguous = "OutputPathAmbiguous";

    /// <summary>A report file that could not be written (access, disk, lock).</summary>
    public const string ReportWriteFailed = "ReportWriteFailed";

    // The build catalog (a -CatalogPath that does not exist is PathNotFound)
    /// <summary>A build catalog that is not valid: the message names the entry and the field.</summary>
    public const string InvalidBuildCatalog = "InvalidBuildCatalog";

    /// <summary>A build catalog file that cannot be read (access, I/O).</summary>
    public const string BuildCatalogUnreadable = "BuildCatalogUnreadable";

    /// <summary>A -Name or -Build of Get-HafniumBuildCatalog that matches no catalog entry.</summary>
    public const string BuildCatalogEntryNotFound = "BuildCatalogEntryNotFound";
}
