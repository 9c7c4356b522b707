using System.IO;
using System.Management.Automation;
using HafniumTools.Builds;
using HafniumTools.Core;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>Loads the embedded build catalog, or the one at -CatalogPath; failures end the invocation.</summary>
internal static class BuildCatalogLoading
{
    public static BuildCatalog Load(PSCmdlet cmdlet, string? catalogPath)
    {
        if (catalogPath is null)
        {
            try
            {
                return BuildCatalog.Embedded;
            }
            catch (BuildCatalogException e)
            {
                cmdlet.ThrowTerminatingError(HafniumCmdlet.SafeRecord(e, ErrorIds.InvalidBuildCatalog, ErrorCategory.InvalidData, null, null));
            }
        }

        string path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(catalogPath);
        if (!File.Exists(path))
        {
            cmdlet.ThrowTerminatingError(HafniumCmdlet.SafeRecord(
                new FileNotFoundException($"Build catalog file '{path}' does not exist. Pass the path of an exchange-builds catalog JSON file.", path),
                ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, catalogPath, null));
        }

        try
        {
            return BuildCatalog.Load(path);
        }
        catch (BuildCatalogException e)
        {
            cmdlet.ThrowTerminatingError(HafniumCmdlet.SafeRecord(e, ErrorIds.InvalidBuildCatalog, ErrorCategory.InvalidData, catalogPath, null));
        }
        catch (InvalidDataException e)
        {
            // Longer than any catalog can be: refused unread.
            cmdlet.ThrowTerminatingError(HafniumCmdlet.SafeRecord(e, ErrorIds.InvalidBuildCatalog, ErrorCategory.InvalidData, catalogPath, null));
        }
        catch (IOException e)
        {
            cmdlet.ThrowTerminatingError(HafniumCmdlet.SafeRecord(e, ErrorIds.BuildCatalogUnreadable, ErrorCategory.ReadError, catalogPath, null));
        }
        catch (System.UnauthorizedAccessException e)
        {
            cmdlet.ThrowTerminatingError(HafniumCmdlet.SafeRecord(e, ErrorIds.BuildCatalogUnreadable, ErrorCategory.PermissionDenied, catalogPath, null));
        }

        return BuildCatalog.Embedded; // not reached: ThrowTerminatingError always throws
    }
}
