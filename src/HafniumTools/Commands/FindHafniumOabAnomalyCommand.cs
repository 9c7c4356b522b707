using System;
using System.Collections.Generic;
using System.Management.Automation;
using HafniumTools.Commands.Infrastructure;
using HafniumTools.Configuration;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Model;

namespace HafniumTools.Commands;

/// <summary>
/// <para type="synopsis">Finds OAB virtual directory anomalies and the OAB configuration-dump web shell (CVE-2021-27065, CVE-2021-26858).</para>
/// </summary>
[Cmdlet(VerbsCommon.Find, "HafniumOabAnomaly", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Finding))]
public sealed class FindHafniumOabAnomalyCommand : VirtualDirectoryAnomalyCommand
{
    protected override string LogCve => "CVE-2021-26858";

    protected override int ProgressActivityId => 0x4F41;

    private protected override string ScanSubject => "OAB configuration dump";

    private protected override void ScanFiles(IReadOnlyList<ScanRoot> roots, FileScanOptions options, IScanSink sink) =>
        FileScan.OabDumps(roots, options, sink, CancellationToken);

    private protected override IReadOnlyList<string> DefaultScanFolders(DefaultScanRoots roots) => roots.ForConfigurationDumps();

    protected override IReadOnlyList<string> DefaultLogFolders(string exchangeInstallPath) =>
        [exchangeInstallPath + "Logging\\OABGeneratorLog"];

    private protected override IEnumerable<Finding>? InspectDirectory(VirtualDirectoryRecord directory, PSObject input)
    {
        if (directory.Kind != VirtualDirectoryKind.Oab && directory.Kind != VirtualDirectoryKind.Unknown)
        {
            WriteItemError(
                new ArgumentException("'" + directory.DisplayName + "' is a " + directory.Kind + " virtual directory, not an OAB one."),
                ErrorIds.NotAnOabVirtualDirectory,
                ErrorCategory.InvalidArgument,
                input,
                "Pipe it to Find-HafniumEcpAnomaly, which checks every virtual directory type.");
            return null;
        }

        // Input whose type cannot be told (a hand-made hashtable) is taken for what this cmdlet is asked about.
        return VirtualDirectoryUrlCheck.Inspect(VirtualDirectoryInput.As(directory, VirtualDirectoryKind.Oab));
    }
}
