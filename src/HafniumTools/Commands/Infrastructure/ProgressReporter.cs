using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// Progress for long work, written from the pipeline thread at most a few times a second, with the time left
/// estimated from the share done; <see cref="Complete"/> writes the closing record.
/// </summary>
internal sealed class ProgressReporter
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Cmdlet _cmdlet;
    private readonly ProgressRecord _record;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastWritten;

    internal ProgressReporter(Cmdlet cmdlet, int activityId, string activity)
    {
        _cmdlet = cmdlet;
        _record = new ProgressRecord(activityId, activity, "Starting");
    }

    /// <summary>Updates the bar; <paramref name="done"/> and <paramref name="total"/> are in any unit (bytes, files).</summary>
    public void Report(long done, long total, string status, string? currentOperation = null)
    {
        var now = _clock.Elapsed;
        if (_lastWritten is TimeSpan last && now - last < Interval)
        {
            return;
        }

        _lastWritten = now;
        _record.StatusDescription = string.IsNullOrEmpty(status) ? "Working" : Model.DisplayText.Escape(status);
        _record.CurrentOperation = Model.DisplayText.Escape(currentOperation);
        if (total > 0)
        {
            double share = Math.Min(1.0, Math.Max(0.0, (double)done / total));
            _record.PercentComplete = (int)(share * 100);
            _record.SecondsRemaining = share > 0.01 ? (int)(now.TotalSeconds / share - now.TotalSeconds) : -1;
        }

        _cmdlet.WriteProgress(_record);
    }

    public void Complete()
    {
        _record.RecordType = ProgressRecordType.Completed;
        _record.StatusDescription = string.Format(CultureInfo.InvariantCulture, "Done in {0:0.0} s", _clock.Elapsed.TotalSeconds);
        _record.PercentComplete = 100;
        _record.SecondsRemaining = -1;
        _cmdlet.WriteProgress(_record);
    }
}
