namespace Hem.Dicom.Series;

/// <summary>
/// Reads the headers (never the pixels) of a set of sources and groups their slices by SeriesInstanceUID.
/// Sources that are not readable DICOM, or DICOM objects that are not images of a series, are counted and passed over:
/// an export folder holds DICOMDIRs, reports and readme files beside the images.
/// </summary>
public static class SeriesScanner
{
    private static readonly DicomReadOptions HeaderOptions = new() { StopBeforePixelData = true };

    public static async Task<SeriesScan> ScanAsync(IEnumerable<IDicomSource> sources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var bySeries = new Dictionary<string, List<SliceHeader>>(StringComparer.Ordinal);
        int read = 0, unreadable = 0, notImages = 0;
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            read++;
            IReadOnlyList<SliceHeader> slices;
            try
            {
                // The header is turned into plain slice records at once, so the file's buffer is not kept alive.
                var file = await source.ReadAsync(HeaderOptions, cancellationToken);
                slices = SliceHeaderReader.Read(source, file.Dataset);
            }
            catch (DicomFormatException)
            {
                unreadable++;
                continue;
            }

            if (slices.Count == 0)
            {
                notImages++;
                continue;
            }

            if (!bySeries.TryGetValue(slices[0].SeriesInstanceUid, out var list))
            {
                list = [];
                bySeries.Add(slices[0].SeriesInstanceUid, list);
            }

            list.AddRange(slices);
        }

        var series = bySeries.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new DicomSeries(pair.Key, pair.Value)).ToList();
        return new SeriesScan(series, read, unreadable, notImages);
    }
}
