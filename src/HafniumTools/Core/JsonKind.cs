namespace HafniumTools.Core;

/// <summary>The kinds of value a JSON document holds.</summary>
internal enum JsonKind
{
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}
