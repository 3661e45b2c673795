namespace Hem.Dicom.Series;

/// <summary>The slices that share one SeriesInstanceUID, in the order their objects were read.</summary>
public sealed class DicomSeries
{
    public DicomSeries(string seriesInstanceUid, IEnumerable<SliceHeader> slices)
    {
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        ArgumentNullException.ThrowIfNull(slices);
        SeriesInstanceUid = seriesInstanceUid;
        Slices = [.. slices];
        if (Slices.Count == 0)
        {
            throw new ArgumentException("a series has at least one slice", nameof(slices));
        }
    }

    public string SeriesInstanceUid { get; }

    public IReadOnlyList<SliceHeader> Slices { get; }

    /// <summary>The first slice's modality; assembly checks that the others agree.</summary>
    public string? Modality => Slices[0].Modality;

    public bool IsCt => string.Equals(Modality, "CT", StringComparison.Ordinal);
}

/// <summary>What scanning a set of sources found: the image series, and how many objects were passed over.</summary>
public sealed record SeriesScan(IReadOnlyList<DicomSeries> Series, int SourcesRead, int Unreadable, int NotImages)
{
    /// <summary>The CT series with the most slices (ties: the lower SeriesInstanceUID), or null.</summary>
    public DicomSeries? LargestCtSeries =>
        Series.Where(s => s.IsCt).OrderByDescending(s => s.Slices.Count).ThenBy(s => s.SeriesInstanceUid, StringComparer.Ordinal).FirstOrDefault();

    public DicomSeries? Find(string seriesInstanceUid) =>
        Series.FirstOrDefault(s => string.Equals(s.SeriesInstanceUid, seriesInstanceUid, StringComparison.Ordinal));
}
