using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HafniumTools.Reporting;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// A pipeline object read by property name for the report: a deserialized <c>ServerAudit</c> (from remoting, a job or
/// <c>Import-Clixml</c>) and its nested findings, timeline and coverage, or a property bag with the same names (a
/// hashtable, <c>ConvertFrom-Json</c> output).
/// </summary>
internal sealed class PSObjectRecord(object item) : AuditRecord
{
    protected override object? Value(string property) => InputProperties.Unwrap(InputProperties.GetValue(item, property));

    protected override AuditRecord Wrap(object item) => new PSObjectRecord(item);

    protected override IEnumerable<object> Items(string property) => base.Items(property).Select(i => InputProperties.Unwrap(i) ?? i);
}
