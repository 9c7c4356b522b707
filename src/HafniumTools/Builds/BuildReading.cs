using System;
using HafniumTools.Core;

namespace HafniumTools.Builds;

/// <summary>
/// What <see cref="BuildInputReader"/> made of one input: an <see cref="Observation"/> to audit, or no build at all
/// (an object without any property a build is read from), or an invalid one (text or a value that is not an Exchange
/// build), each with the reason in words. A value: reading a build allocates nothing more than the observation.
/// </summary>
internal readonly struct BuildReading
{
    /// <summary>What to pass instead, for the message of an input that carries no build.</summary>
    public const string Expected =
        "a build string (15.1.2176.9, 15.01.2176.009, 'Version 15.1 (Build 2176.2)', or a line such as 'Build Number: 15.02.1118.022'), "
        + "a System.Version, a FileVersionInfo, a Get-ExchangeServer object, or an object with Version, Build, FileVersion or AdminDisplayVersion";

    private const string RecommendedAction =
        "Pass an Exchange build such as 15.1.2176.9 or ExSetup.exe's file version, e.g. (Get-Command ExSetup.exe).FileVersionInfo.";

    private BuildReading(BuildObservation? observation, bool noBuild, string? reason)
    {
        Observation = observation;
        IsNoBuild = noBuild;
        Reason = reason;
    }

    /// <summary>The build read, or null when there was none (see <see cref="IsNoBuild"/> and <see cref="Reason"/>).</summary>
    public BuildObservation? Observation { get; }

    /// <summary>True when the input carries no build at all, false when it carries one that is not valid.</summary>
    public bool IsNoBuild { get; }

    /// <summary>Why there is no observation, or null.</summary>
    public string? Reason { get; }

    public static BuildReading Of(BuildObservation observation) =>
        new(observation ?? throw new ArgumentNullException(nameof(observation)), false, null);

    public static BuildReading NoBuild(string reason) => new(null, true, reason);

    public static BuildReading Invalid(string reason) => new(null, false, reason);

    /// <summary>The same refusal with <paramref name="prefix"/> before the reason ("its Version property: ...").</summary>
    public BuildReading Within(string prefix) =>
        Observation is null ? new(null, IsNoBuild, prefix + Reason) : this;

    /// <summary>
    /// The per-item error for a refused input (<see cref="ErrorIds.NoBuildOnInput"/> or
    /// <see cref="ErrorIds.InvalidExchangeBuild"/>); <paramref name="shown"/> is the input as the message quotes it,
    /// <paramref name="target"/> the input itself.
    /// </summary>
    public ScanProblem ToProblem(object? target, string shown)
    {
        if (Observation is not null)
        {
            throw new InvalidOperationException("The input was read: there is no problem to report.");
        }

        string quoted = shown.Length > 80 ? shown.Substring(0, 80) + "..." : shown;
        string message = IsNoBuild
            ? $"The input carries no Exchange build: {Reason}. Pass {Expected}."
            : $"'{quoted}' is not an Exchange build: {Reason}.";
        return ScanProblem.Error(
            IsNoBuild ? ErrorIds.NoBuildOnInput : ErrorIds.InvalidExchangeBuild,
            ProblemCategory.InvalidArgument,
            message,
            target,
            new ArgumentException(message),
            RecommendedAction);
    }

    public override string ToString() => Observation?.ToString() ?? (IsNoBuild ? "no build: " : "invalid: ") + Reason;
}
