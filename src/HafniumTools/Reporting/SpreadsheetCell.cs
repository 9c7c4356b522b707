namespace HafniumTools.Reporting;

/// <summary>
/// Keeps evidence from becoming a spreadsheet formula (CSV injection): a cell that starts with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab, a carriage return or a line feed (or the full-width forms of the first four, which some
/// spreadsheets also read as formulas) gets a leading apostrophe, which Excel, LibreOffice and Google Sheets show as
/// text and do not evaluate.
/// </summary>
internal static class SpreadsheetCell
{
    public static string Neutralize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return value![0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '\uff1d' or '\uff0b' or '\uff0d' or '\uff20'
            ? "'" + value
            : value;
    }
}
