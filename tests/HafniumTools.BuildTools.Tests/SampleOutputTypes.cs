using System;
using System.Management.Automation;

namespace HafniumTools.BuildTools.Tests;

// Output types of the sample cmdlets, for the type data the build generates (RehydrationTypeData).

/// <summary>An output type with an enum, a time, a nested class of its own and an array of it.</summary>
public sealed class ContosoReport
{
    public string Name { get; init; } = string.Empty;

    public SampleMode Mode { get; init; }

    public DateTimeOffset? Seen { get; init; }

    public ContosoDetail? Detail { get; init; }

    public ContosoDetail[] History { get; init; } = [];
}

/// <summary>A class only reached through <see cref="ContosoReport"/>.</summary>
public sealed class ContosoDetail
{
    public string Text { get; init; } = string.Empty;

    public int Line { get; init; }
}

/// <summary>Public, but in no output type: no type data for it.</summary>
public enum UnusedKind
{
    None,
}

/// <summary>The assembly's one public PSTypeConverter, which the generated type data names.</summary>
public sealed class ContosoConverter : PSTypeConverter
{
    public override bool CanConvertFrom(object sourceValue, Type destinationType) => false;

    public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        throw new InvalidCastException();

    public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        throw new InvalidCastException();
}
