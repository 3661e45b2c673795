using Hem.Dicom;
using Hem.Dicom.Deidentification;
using Hem.Dicom.Series;
using Hem.Dicom.Validation;
using Hem.Imaging.Volumes;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// A DICOM study (folder, zip or file) to a baseline CT in three steps, which <c>hem analyze</c> runs in a row and the
/// orchestration runs as separate activities: validate it as it came (a rejection stops here, before anything is
/// copied); de-identify it whole into a folder; validate that copy again (the same rules choose the same series) and
/// build the chosen series into a volume, so every later output refers to de-identified objects only. The input is
/// only read.
/// </summary>
public sealed class DicomStudyLoader(DeidentificationKey key, StudyValidationOptions? options = null)
{
    public const string DeidentifiedFolder = "deidentified";

    public const string DeidentifyStep = "deidentify";

    public async Task<BaselineStudy> LoadAsync(string input, string workFolder, StepRunner steps, CancellationToken cancellationToken)
    {
        await new DicomStudyChecks(options).ValidateAsync(input, steps, cancellationToken);
        string folder = Path.Combine(workFolder, DeidentifiedFolder);
        var studyKey = await DeidentifyAsync(input, folder, steps, cancellationToken);
        return await new DeidentifiedCopy(options).BuildVolumeAsync(folder, studyKey, steps, cancellationToken);
    }

    /// <summary>De-identifies the whole study into <paramref name="folder"/> (basic profile) and returns its study key; more than one study is a rejection.</summary>
    public async Task<StudyKey> DeidentifyAsync(string input, string folder, StepRunner steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var deidentified = await steps.RunAsync(DeidentifyStep, async () =>
        {
            var batch = new DeidentificationBatch(new DatasetDeidentifier(key, DeidentificationOptions.For(DeidentificationProfile.Basic)));
            return await batch.RunAsync(input, folder, null, cancellationToken);
        });
        return deidentified.StudyKeys.Count == 1
            ? deidentified.StudyKeys[0]
            : throw new StudyRejectedException("multiple-studies", $"the input holds {deidentified.StudyKeys.Count} studies; give one study at a time");
    }
}

/// <summary>The validation rules applied to a DICOM study as it came. Needs no key.</summary>
public sealed class DicomStudyChecks(StudyValidationOptions? options = null)
{
    public const string ValidateStep = "validate";

    /// <summary>Validates the study as it came; a study that cannot be analysed is a <see cref="StudyRejectedException"/>.</summary>
    public Task ValidateAsync(string input, StepRunner steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return steps.RunAsync(ValidateStep, async () =>
        {
            var validation = await ReadAndValidateAsync(input, cancellationToken);
            return validation.Rejection is { } rejection ? throw new StudyRejectedException(rejection.Code, rejection.Reason) : validation;
        });
    }

    private async Task<StudyValidation> ReadAndValidateAsync(string input, CancellationToken cancellationToken)
    {
        try
        {
            await using var study = await StudyInput.OpenAsync(input, cancellationToken: cancellationToken);
            return await new StudyValidator(options: options).ValidateAsync(study, cancellationToken);
        }
        catch (DicomFormatException ex)
        {
            throw new AnalysisInputException($"the study cannot be read: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The runtime's messages quote paths, and study folders are often named after the patient.
            throw new AnalysisInputException($"the study cannot be read ({ex.GetType().Name})", ex);
        }
    }
}

/// <summary>
/// The de-identified copy of a DICOM study: validated again by the same rules, which must choose the same series, and
/// that series built into the baseline CT. Needs no key.
/// </summary>
public sealed class DeidentifiedCopy(StudyValidationOptions? options = null)
{
    public const string VolumeStep = "volume";

    /// <summary>Validates the de-identified copy in <paramref name="folder"/> and builds its chosen series into the baseline CT.</summary>
    public Task<BaselineStudy> BuildVolumeAsync(string folder, StudyKey studyKey, StepRunner steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return steps.RunAsync(VolumeStep, async () =>
        {
            var chosen = await ChooseSeriesAsync(folder, cancellationToken);
            var volume = await new VolumeBuilder().BuildAsync(chosen.Series, cancellationToken);
            string description = FormattableString.Invariant($"series {chosen.Index} of {chosen.SeriesCount}: {chosen.Modality}, {chosen.Slices} slices, {chosen.SpacingMm:0.###} mm apart, {chosen.Columns} x {chosen.Rows}");
            return new BaselineStudy(
                volume.ToVolume(),
                null,
                new DeidentifiedSeries(folder, chosen.Series, studyKey),
                description,
                [.. volume.Corrections.Select(c => c.Description)]);
        });
    }

    /// <summary>The series of a de-identified copy the volume is built from, chosen again by the same rules; a copy the rules refuse is a rejection.</summary>
    public async Task<ChosenSeries> ChooseSeriesAsync(string folder, CancellationToken cancellationToken)
    {
        await using var copy = await StudyInput.OpenAsync(folder, cancellationToken: cancellationToken);
        var validation = await new StudyValidator(options: options).ValidateAsync(copy, cancellationToken);
        return validation.Chosen
            ?? throw new StudyRejectedException(validation.Rejection!.Code, "after de-identification: " + validation.Rejection.Reason);
    }

    /// <summary>The de-identified series of <see cref="ChooseSeriesAsync"/> with its study key (the volume is not built again).</summary>
    public async Task<DeidentifiedSeries> SeriesAsync(string folder, StudyKey studyKey, CancellationToken cancellationToken) =>
        new(folder, (await ChooseSeriesAsync(folder, cancellationToken)).Series, studyKey);
}
