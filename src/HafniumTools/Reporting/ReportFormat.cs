namespace HafniumTools.Reporting;

/// <summary>The files a report can be written as.</summary>
internal enum ReportFormat
{
    /// <summary>The self-contained page people read.</summary>
    Html,

    /// <summary>One row per finding for spreadsheets, formula-safe.</summary>
    Csv,

    /// <summary>The machine-readable fleet verdict for runbooks.</summary>
    Json,
}
