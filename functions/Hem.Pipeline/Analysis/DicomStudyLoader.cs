using Hem.Dicom;
using Hem.Dicom.Deidentification;
using Hem.Dicom.Series;
using Hem.Dicom.Validation;
using Hem.Imaging.Volumes;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// A DICOM study (folder, zip or file) to a baseline CT: validated as it came (a rejection stops here, before
/// anything is copied), de-identified whole into the work folder, validated again there (the same rules choose the
/// same series), and the chosen series of the de-identified copy built into a volume, so every later output refers
/// to de-identified objects only. The input is only read.
/// </summary>
public sealed class DicomStudyLoader(DeidentificationKey key, StudyValidationOptions? options = null)
{
    public const string DeidentifiedFolder = "deidentified";

    public async Task<BaselineStudy> LoadAsync(string input, string workFolder, StepRunner steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        await steps.RunAsync("validate", async () =>
        {
            var validation = await ValidateAsync(input, cancellationToken);
            return validation.Rejection is { } rejection ? throw new StudyRejectedException(rejection.Code, rejection.Reason) : validation;
        });

        string folder = Path.Combine(workFolder, DeidentifiedFolder);
        var deidentified = await steps.RunAsync("deidentify", async () =>
        {
            var batch = new DeidentificationBatch(new DatasetDeidentifier(key, DeidentificationOptions.For(DeidentificationProfile.Basic)));
            return await batch.RunAsync(input, folder, null, cancellationToken);
        });
        if (deidentified.StudyKeys.Count != 1)
        {
            throw new StudyRejectedException("multiple-studies", $"the input holds {deidentified.StudyKeys.Count} studies; give one study at a time");
        }

        return await steps.RunAsync("volume", async () =>
        {
            await using var copy = await StudyInput.OpenAsync(folder, cancellationToken: cancellationToken);
            var validation = await new StudyValidator(options: options).ValidateAsync(copy, cancellationToken);
            var chosen = validation.Chosen
                ?? throw new StudyRejectedException(validation.Rejection!.Code, "after de-identification: " + validation.Rejection.Reason);
            var volume = await new VolumeBuilder().BuildAsync(chosen.Series, cancellationToken);
            string description = FormattableString.Invariant($"series {chosen.Index} of {chosen.SeriesCount}: {chosen.Modality}, {chosen.Slices} slices, {chosen.SpacingMm:0.###} mm apart, {chosen.Columns} x {chosen.Rows}");
            return new BaselineStudy(
                volume.ToVolume(),
                null,
                new DeidentifiedSeries(folder, chosen.Series, deidentified.StudyKeys[0]),
                description,
                [.. volume.Corrections.Select(c => c.Description)]);
        });
    }

    private async Task<StudyValidation> ValidateAsync(string input, CancellationToken cancellationToken)
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
