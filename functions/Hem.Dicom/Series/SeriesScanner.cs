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
        var grouping = new Grouping();
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DicomFile file;
            try
            {
                file = await source.ReadAsync(HeaderOptions, cancellationToken);
            }
            catch (DicomFormatException)
            {
                grouping.CountUnreadable();
                continue;
            }

            // The header is turned into plain slice records at once, so the file's buffer is not kept alive.
            grouping.Add(source, file.Dataset);
        }

        return grouping.ToScan();
    }

    /// <summary>Groups headers the caller has already read (with or without pixel data).</summary>
    public static SeriesScan Group(IEnumerable<(IDicomSource Source, DicomDataset Header)> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var grouping = new Grouping();
        foreach (var (source, header) in headers)
        {
            grouping.Add(source, header);
        }

        return grouping.ToScan();
    }

    private sealed class Grouping
    {
        private readonly Dictionary<string, List<SliceHeader>> _bySeries = new(StringComparer.Ordinal);
        private int _read;
        private int _unreadable;
        private int _notImages;

        public void CountUnreadable()
        {
            _read++;
            _unreadable++;
        }

        public void Add(IDicomSource source, DicomDataset header)
        {
            ArgumentNullException.ThrowIfNull(source);
            ArgumentNullException.ThrowIfNull(header);
            _read++;
            IReadOnlyList<SliceHeader> slices;
            try
            {
                slices = SliceHeaderReader.Read(source, header);
            }
            catch (DicomFormatException)
            {
                _unreadable++;
                return;
            }

            if (slices.Count == 0)
            {
                _notImages++;
                return;
            }

            if (!_bySeries.TryGetValue(slices[0].SeriesInstanceUid, out var list))
            {
                list = [];
                _bySeries.Add(slices[0].SeriesInstanceUid, list);
            }

            list.AddRange(slices);
        }

        public SeriesScan ToScan()
        {
            var series = _bySeries.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new DicomSeries(pair.Key, pair.Value)).ToList();
            return new SeriesScan(series, _read, _unreadable, _notImages);
        }
    }
}
