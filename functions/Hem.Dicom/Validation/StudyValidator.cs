using Hem.Dicom.Pixels;

namespace Hem.Dicom.Validation;

/// <summary>
/// The pipeline's first step: decides whether a study holds a series the model can analyse (a non-contrast axial
/// head CT of original slices, with consistent geometry and decodable pixels) and which one. Reads headers of
/// every file and the chosen series' files in full, never decodes pixels. The rules, their order and thresholds
/// are in docs/ARCHITECTURE.md ("Study validation") and <see cref="StudyValidationOptions"/>.
/// </summary>
public sealed class StudyValidator
{
    private readonly PixelDecoder _decoder;
    private readonly StudyValidationOptions _options;

    public StudyValidator(PixelDecoder? decoder = null, StudyValidationOptions? options = null)
    {
        _decoder = decoder ?? PixelDecoder.CreateDefault();
        _options = options ?? StudyValidationOptions.Default;
    }

    /// <summary>Validates an opened input; one refused while opening (a zip bomb, say) is rejected with its refusal.</summary>
    public Task<StudyValidation> ValidateAsync(StudyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Refusal is { } refusal
            ? Task.FromResult(StudyValidation.Reject(refusal, [], IgnoredFiles.None))
            : ValidateAsync(input.Sources, cancellationToken);
    }

    public async Task<StudyValidation> ValidateAsync(IEnumerable<IDicomSource> sources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        StudyScan scan;
        try
        {
            scan = await StudyScanner.ScanAsync(sources, cancellationToken);
        }
        catch (DicomArchiveRefusedException ex)
        {
            return StudyValidation.Reject(ArchiveRefusals.ToRejection(ex), [], IgnoredFiles.None);
        }

        var ignored = new IgnoredFiles(scan.NotDicom, scan.NotImages);
        if (scan.Candidates.Count == 0)
        {
            return StudyValidation.Reject(NoDicom(scan), [], ignored);
        }

        var selection = new SeriesSelection(_options).Select(scan.Candidates);
        var excluded = selection.Excluded.Select(e => Exclusion(e.Candidate, e.Why)).ToList();
        if (selection.Rejection is { } rejection)
        {
            return StudyValidation.Reject(rejection, Ordered(excluded), ignored);
        }

        var chosen = selection.Chosen!;
        var outcome = await new ChosenSeriesCheck(_decoder, _options).CheckAsync(chosen, scan.UnreadableDicom, cancellationToken);
        if (outcome.Rejection is { } failed)
        {
            excluded.Add(Exclusion(chosen, failed));
            return StudyValidation.Reject(failed, Ordered(excluded), ignored);
        }

        var first = chosen.FactsOf(chosen.Slices[0]);
        var series = new ChosenSeries(chosen.Index, chosen.SeriesCount, chosen.Series!, outcome.Plan!, first.SliceThicknessMm, first.TransferSyntax);
        string intro = chosen.SeriesCount == 1
            ? "The input holds 1 image series, and it is chosen."
            : $"The input holds {chosen.SeriesCount} image series; {chosen.Name} is chosen.";
        return StudyValidation.Accept(series, [intro, .. selection.Reasons, .. outcome.Reasons], Ordered(excluded), ignored);
    }

    private static SeriesExclusion Exclusion(SeriesCandidate candidate, Rejection why) =>
        new(candidate.Index, candidate.SliceCount, why.Code, why.Reason);

    private static List<SeriesExclusion> Ordered(IEnumerable<SeriesExclusion> exclusions) => [.. exclusions.OrderBy(e => e.Index)];

    private static Rejection NoDicom(StudyScan scan)
    {
        if (scan.SourcesRead == 0)
        {
            return new Rejection(RejectionCodes.NoDicom, "The input holds no files.");
        }

        var parts = new List<string>();
        if (scan.NotDicom > 0)
        {
            parts.Add(scan.NotDicom == 1 ? "1 is not DICOM" : $"{scan.NotDicom} are not DICOM");
        }

        if (scan.NotImages > 0)
        {
            parts.Add(scan.NotImages == 1
                ? "1 is a DICOM object that is not an image (a DICOMDIR or a report)"
                : $"{scan.NotImages} are DICOM objects that are not images (a DICOMDIR or a report)");
        }

        if (scan.UnreadableDicom > 0)
        {
            parts.Add(scan.UnreadableDicom == 1 ? "1 carries the DICOM marker but cannot be read" : $"{scan.UnreadableDicom} carry the DICOM marker but cannot be read");
        }

        return new Rejection(RejectionCodes.NoDicom,
            $"The input holds no readable DICOM image: of its {Counted.Of(scan.SourcesRead, "file")}, {string.Join(", ", parts)}.");
    }
}
