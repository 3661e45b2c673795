using System.Globalization;

namespace Hem.Dicom.Validation;

/// <summary>
/// Orders the series that pass every rule: slices in the preferred thickness band first (sub-half-millimetre bone
/// reconstructions and thick legacy slices are acceptable, not preferred), then the most slices, then the thinnest,
/// then the widest coverage, then SeriesInstanceUID order so the choice never depends on file order.
/// </summary>
internal sealed class SeriesPreference(StudyValidationOptions options) : IComparer<SeriesCandidate>
{
    public int Compare(SeriesCandidate? x, SeriesCandidate? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int band = InBand(y).CompareTo(InBand(x));
        if (band != 0)
        {
            return band;
        }

        int slices = y.SliceCount.CompareTo(x.SliceCount);
        if (slices != 0)
        {
            return slices;
        }

        int thickness = (x.ThicknessMm ?? double.MaxValue).CompareTo(y.ThicknessMm ?? double.MaxValue);
        if (thickness != 0)
        {
            return thickness;
        }

        int coverage = y.CoverageMm.CompareTo(x.CoverageMm);
        return coverage != 0 ? coverage : x.Index.CompareTo(y.Index);
    }

    public bool InBand(SeriesCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.ThicknessMm is { } t && t >= options.PreferredMinThicknessMm && t <= options.PreferredMaxThicknessMm;
    }

    /// <summary>Why <paramref name="loser"/> lost to <paramref name="winner"/>: the first criterion that tells them apart.</summary>
    public string WhyNot(SeriesCandidate loser, SeriesCandidate winner)
    {
        ArgumentNullException.ThrowIfNull(loser);
        ArgumentNullException.ThrowIfNull(winner);
        string start = $"{loser.Subject} passes every rule too, but {winner.Name} is preferred";
        if (InBand(winner) && !InBand(loser))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{start}: its {loser.ThicknessMm:0.0##} mm slices are outside the preferred {options.PreferredMinThicknessMm} to {options.PreferredMaxThicknessMm} mm.");
        }

        if (loser.SliceCount != winner.SliceCount)
        {
            return $"{start}: it has more slices ({winner.SliceCount} against {loser.SliceCount}).";
        }

        if (loser.ThicknessMm != winner.ThicknessMm)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{start}: its slices are thinner ({winner.ThicknessMm:0.0##} mm against {loser.ThicknessMm:0.0##} mm).");
        }

        return loser.CoverageMm != winner.CoverageMm
            ? string.Create(CultureInfo.InvariantCulture, $"{start}: it covers more ({winner.CoverageMm:0.0} mm against {loser.CoverageMm:0.0} mm).")
            : $"{start}: the two are equal on every criterion and it comes first in SeriesInstanceUID order.";
    }

    /// <summary>The chosen series' reason for being chosen.</summary>
    public string WhyChosen(SeriesCandidate chosen, int qualifying)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        string thickness = string.Create(CultureInfo.InvariantCulture,
            $"its slices are {chosen.ThicknessMm:0.0##} mm thick ({(InBand(chosen) ? "within" : "outside")} the preferred {options.PreferredMinThicknessMm} to {options.PreferredMaxThicknessMm} mm)");
        return qualifying == 1
            ? $"It is the only series that passes every rule; {thickness}."
            : $"It is preferred over {qualifying - 1} other series that pass every rule (preferred thickness band first, then most slices, then thinnest, then widest coverage); {thickness}.";
    }
}
