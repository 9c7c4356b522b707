using System;
using System.Reflection;

namespace HafniumTools.Reporting;

/// <summary>
/// A live object of the module's model read by property name. A property the object does not have is a programming
/// error and throws: only objects that crossed a boundary may lack one.
/// </summary>
internal sealed class ObjectRecord(object item) : AuditRecord
{
    private readonly object _item = item ?? throw new ArgumentNullException(nameof(item));

    protected override object? Value(string property) =>
        (_item.GetType().GetProperty(property, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new ArgumentException(_item.GetType().FullName + " has no property " + property + ".", nameof(property)))
        .GetValue(_item);

    protected override AuditRecord Wrap(object item) => new ObjectRecord(item);
}
