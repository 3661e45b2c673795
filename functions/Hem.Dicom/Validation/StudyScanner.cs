using Hem.Dicom.Series;

namespace Hem.Dicom.Validation;

/// <summary>
/// Reads every source's header once (never the pixels) and sorts what it finds: slices grouped by
/// SeriesInstanceUID with their objects' facts, objects of a series that could not become slices, non-image DICOM
/// (DICOMDIR, reports), files that are not DICOM, and files that carry the DICOM marker but cannot be read.
/// </summary>
internal static class StudyScanner
{
    private static readonly DicomReadOptions HeaderOptions = new() { StopBeforePixelData = true };

    public static async Task<StudyScan> ScanAsync(IEnumerable<IDicomSource> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var bySeries = new SortedDictionary<string, SeriesParts>(StringComparer.Ordinal);
        int read = 0, notDicom = 0, notImages = 0, unreadableDicom = 0;
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            read++;
            DicomFile file;
            try
            {
                file = await source.ReadAsync(HeaderOptions, cancellationToken);
            }
            catch (DicomArchiveRefusedException)
            {
                // A zip entry that inflates beyond what it declared: the archive's own checks were lied to.
                throw;
            }
            catch (DicomFormatException)
            {
                if (await Part10Marker.MayBeDicomAsync(source, cancellationToken))
                {
                    unreadableDicom++;
                }
                else
                {
                    notDicom++;
                }

                continue;
            }

            string? seriesUid = file.Dataset.GetString(DicomTags.SeriesInstanceUID);
            if (string.IsNullOrEmpty(seriesUid) || !file.Dataset.Contains(DicomTags.Rows))
            {
                // A dataset without meta information or SOP class that parsed anyway is some other file.
                if (file.FileMetaInformation.Count > 0 || file.Dataset.Contains(DicomTags.SOPClassUID))
                {
                    notImages++;
                }
                else
                {
                    notDicom++;
                }

                continue;
            }

            if (!bySeries.TryGetValue(seriesUid, out var parts))
            {
                parts = new SeriesParts();
                bySeries.Add(seriesUid, parts);
            }

            parts.Add(source, file);
        }

        var candidates = bySeries.Select((pair, i) => pair.Value.ToCandidate(pair.Key, i + 1, bySeries.Count)).ToList();
        return new StudyScan(candidates, read, notDicom, notImages, unreadableDicom);
    }

    private sealed class SeriesParts
    {
        private readonly List<SliceHeader> _slices = [];
        private readonly Dictionary<IDicomSource, ObjectFacts> _facts = [];
        private readonly ObjectProblems _problems = new();

        public void Add(IDicomSource source, DicomFile file)
        {
            try
            {
                var slices = SliceHeaderReader.Read(source, file.Dataset);
                _facts[source] = ObjectFacts.Read(file);
                _slices.AddRange(slices);
            }
            catch (DicomUnsupportedException ex)
            {
                _problems.AddUnsupported(ex.Message);
            }
            catch (DicomFormatException)
            {
                _problems.AddCorrupt();
            }
        }

        public SeriesCandidate ToCandidate(string seriesUid, int index, int count) =>
            new(index, count, _slices.Count > 0 ? new DicomSeries(seriesUid, _slices) : null, _facts, _problems);
    }
}

/// <summary>What scanning found: the series in SeriesInstanceUID order, and the files passed over.</summary>
internal sealed record StudyScan(IReadOnlyList<SeriesCandidate> Candidates, int SourcesRead, int NotDicom, int NotImages, int UnreadableDicom);
