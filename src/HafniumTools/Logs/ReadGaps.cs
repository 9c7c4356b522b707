using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace HafniumTools.Logs;

/// <summary>
/// What a reader left out of a source it otherwise read to the end: lines too long to hold, rows with more values than
/// their header names, events whose data was cut. One <see cref="Gap"/> per kind of gap (its <see cref="Core.ErrorIds"/>
/// id), counting every occurrence and naming the first few lines or records, so that the hunt reports each as one
/// warning naming the file and lists the file in the coverage as read in part. Bounded whatever the file holds.
/// </summary>
internal sealed class ReadGaps
{
    /// <summary>How many line or record numbers one gap names.</summary>
    public const int NumbersNamed = 5;

    private readonly List<Gap> _gaps = [];

    public bool IsEmpty => _gaps.Count == 0;

    public IReadOnlyList<Gap> All => _gaps;

    /// <summary>
    /// Counts one gap of <paramref name="errorId"/> at <paramref name="number"/> (a line or record, as
    /// <paramref name="unit"/> says); <paramref name="what"/> says what happened to the first one.
    /// </summary>
    public void Add(string errorId, string unit, long number, string what)
    {
        var gap = _gaps.FirstOrDefault(g => g.ErrorId == errorId);
        if (gap is null)
        {
            gap = new Gap(errorId, unit, what);
            _gaps.Add(gap);
        }

        gap.Count++;
        if (gap.Numbers.Count < NumbersNamed)
        {
            gap.Numbers.Add(number);
        }
    }

    /// <summary>One kind of gap in one source.</summary>
    internal sealed class Gap(string errorId, string unit, string what)
    {
        public string ErrorId { get; } = errorId;

        /// <summary>"line" or "event record".</summary>
        public string Unit { get; } = unit;

        /// <summary>What happened, said of the first occurrence ("longer than 1,048,576 bytes: skipped").</summary>
        public string What { get; } = what;

        public long Count { get; set; }

        /// <summary>The first numbers (at most <see cref="NumbersNamed"/>).</summary>
        public List<long> Numbers { get; } = [];

        /// <summary>"line 13" or "3 lines (13, 27, 40)".</summary>
        public string Where() =>
            Count == 1
                ? Unit + " " + Numbers[0].ToString(CultureInfo.InvariantCulture)
                : string.Format(
                    CultureInfo.InvariantCulture,
                    "{0:N0} {1}s ({2}{3})",
                    Count,
                    Unit,
                    string.Join(", ", Numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))),
                    Count > Numbers.Count ? ", ..." : string.Empty);
    }
}
