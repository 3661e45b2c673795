using Hem.Imaging.Evaluation;
using Hem.Imaging.Nifti;
using Hem.Imaging.Volumes;
using Hem.Prediction.Grid;

namespace Hem.Prediction.Preparation;

/// <summary>
/// One case of the paired-data layout (what <c>hem synth</c> writes, and the documented layout for real data):
/// <c>case-NNNN/</c> with <see cref="BaselineCtFile"/> (HU) and <see cref="BaselineMaskFile"/>, for training also
/// <see cref="FollowupMaskFile"/> (registered to the baseline, same grid) and optionally <see cref="FollowupCtFile"/>.
/// </summary>
public sealed record PairedCase(string Name, Volume<short> BaselineCt, Volume<byte> BaselineMask, Volume<byte>? FollowupMask, Volume<short>? FollowupCt)
{
    public const string BaselineCtFile = "baseline.ct.nii.gz";

    public const string BaselineMaskFile = EvaluationLayout.BaselineMask;

    public const string FollowupMaskFile = EvaluationLayout.FollowupMask;

    public const string FollowupCtFile = "followup.ct.nii.gz";

    /// <summary>The files every case must have.</summary>
    public static IReadOnlyList<string> RequiredFiles { get; } = [BaselineCtFile, BaselineMaskFile];

    /// <summary>The first required file <paramref name="caseFolder"/> lacks, or null.</summary>
    public static string? MissingFile(string caseFolder) =>
        RequiredFiles.FirstOrDefault(f => !File.Exists(Path.Combine(caseFolder, f)));

    /// <summary>
    /// Reads a case; the follow-up files only when <paramref name="withFollowup"/> and present. A file that cannot
    /// be read is a <see cref="PredictionInputException"/> naming it.
    /// </summary>
    public static async Task<PairedCase> ReadAsync(string caseFolder, bool withFollowup, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseFolder);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(caseFolder));
        var ct = (await ReadAsync(caseFolder, BaselineCtFile, cancellationToken)).ToHounsfield();
        var mask = (await ReadAsync(caseFolder, BaselineMaskFile, cancellationToken)).ToMask();
        Volume<byte>? followupMask = null;
        Volume<short>? followupCt = null;
        if (withFollowup && File.Exists(Path.Combine(caseFolder, FollowupMaskFile)))
        {
            followupMask = (await ReadAsync(caseFolder, FollowupMaskFile, cancellationToken)).ToMask();
        }

        if (withFollowup && File.Exists(Path.Combine(caseFolder, FollowupCtFile)))
        {
            followupCt = (await ReadAsync(caseFolder, FollowupCtFile, cancellationToken)).ToHounsfield();
        }

        return new PairedCase(name, ct, mask, followupMask, followupCt);
    }

    private static async Task<NiftiImage> ReadAsync(string caseFolder, string file, CancellationToken cancellationToken)
    {
        string path = Path.Combine(caseFolder, file);
        if (!File.Exists(path))
        {
            throw new PredictionInputException($"{file} is missing");
        }

        try
        {
            return await NiftiReader.ReadAsync(path, cancellationToken: cancellationToken);
        }
        catch (NiftiFormatException ex)
        {
            throw new PredictionInputException($"{file} cannot be read: {ex.Message}", ex);
        }
    }
}
