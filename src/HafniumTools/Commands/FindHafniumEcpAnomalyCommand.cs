using System.Collections.Generic;
using System.Management.Automation;
using HafniumTools.Commands.Infrastructure;
using HafniumTools.Configuration;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Model;

namespace HafniumTools.Commands;

/// <summary>
/// <para type="synopsis">Finds script or malformed URLs in Exchange virtual directories, unexpected files and web shells in the ECP auth folder, and CVE-2021-27065 ECP log evidence.</para>
/// </summary>
[Cmdlet(VerbsCommon.Find, "HafniumEcpAnomaly", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Finding))]
public sealed class FindHafniumEcpAnomalyCommand : VirtualDirectoryAnomalyCommand
{
    protected override string LogCve => "CVE-2021-27065";

    protected override int ProgressActivityId => 0x4543;

    private protected override string ScanSubject => "unexpected file in the ECP auth folder";

    private protected override void ScanFiles(IReadOnlyList<ScanRoot> roots, FileScanOptions options, IScanSink sink) =>
        FileScan.EcpAuthFolder(roots, options, sink, CancellationToken);

    private protected override IReadOnlyList<string> DefaultScanFolders(DefaultScanRoots roots) => roots.ForEcpAuth();

    protected override IReadOnlyList<string> DefaultLogFolders(string exchangeInstallPath) =>
        [exchangeInstallPath + "Logging\\ECP\\Server", exchangeInstallPath + "Logging\\HttpProxy\\Ecp"];

    private protected override IEnumerable<Finding>? InspectDirectory(VirtualDirectoryRecord directory, PSObject input) =>
        VirtualDirectoryUrlCheck.Inspect(directory);
}
