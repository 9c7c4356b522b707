using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Logs.HttpProxy;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// The log findings a cmdlet about one vulnerability hands on as its own evidence, chosen by rule rather than by the
/// CVE list a finding carries: a rule about the artefact the cmdlet checks belongs to its evidence whatever other
/// steps of the attack its CVE list names. So the OAB virtual directory changed and reset through the SSRF
/// (HT-HP-011, HT-HP-012, CVE-2021-26855 and CVE-2021-27065) reach Find-HafniumOabAnomaly just as they reach
/// Find-HafniumLogIndicator.
/// </summary>
internal static class LogEvidence
{
    /// <summary>The CVE of the OAB generator's arbitrary file write, which Find-HafniumOabAnomaly looks for.</summary>
    public const string OabFileWrite = "CVE-2021-26858";

    // Rules about the artefact a CVE's cmdlet checks, whose CVE lists do not name that CVE.
    private static readonly Dictionary<string, DetectionRule[]> AboutTheSameArtefact = new(StringComparer.OrdinalIgnoreCase)
    {
        [OabFileWrite] = [HttpProxyRuleCatalog.OabSetObject, HttpProxyRuleCatalog.OabReset],
    };

    /// <summary>
    /// The ids of the rules whose findings are the evidence for <paramref name="cve"/>: every rule (of
    /// <paramref name="plugins"/>) naming the CVE, and the rules about the same artefact.
    /// </summary>
    public static IReadOnlyCollection<string> RuleIdsFor(string cve, LogRegistry plugins)
    {
        var ids = new HashSet<string>(
            plugins.AllRules().Where(r => r.Cve.Contains(cve, StringComparer.OrdinalIgnoreCase)).Select(r => r.Id),
            StringComparer.Ordinal);
        if (AboutTheSameArtefact.TryGetValue(cve, out var related))
        {
            ids.UnionWith(related.Select(r => r.Id));
        }

        return ids;
    }
}
