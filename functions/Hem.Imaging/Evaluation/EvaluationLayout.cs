namespace Hem.Imaging.Evaluation;

/// <summary>
/// The folder layout <c>hem evaluate</c> reads (and the synthetic generator writes): the truth folder holds one
/// <c>case-NNNN/</c> folder per case with <see cref="BaselineMask"/> and <see cref="FollowupMask"/> (and
/// <c>case.json</c>, not read here); the prediction folder holds <c>case-NNNN/</c><see cref="PredictionMask"/>
/// for the same case names. Masks are NIfTI, non-zero inside.
/// </summary>
public static class EvaluationLayout
{
    public const string CasePrefix = "case-";

    public const string BaselineMask = "baseline.mask.nii.gz";

    public const string FollowupMask = "followup.mask.nii.gz";

    public const string PredictionMask = "prediction.mask.nii.gz";

    /// <summary>The <c>case-*</c> folders directly inside <paramref name="folder"/>, by name in ordinal order.</summary>
    public static IReadOnlyList<string> CaseNames(string folder) =>
        [.. Directory.EnumerateDirectories(folder)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => n.StartsWith(CasePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// The truth folder's cases; a missing folder or one without cases raises <see cref="EvaluationInputException"/>,
    /// since nothing can be scored or bounded against it.
    /// </summary>
    public static IReadOnlyList<string> TruthCaseNames(string truthFolder)
    {
        if (!Directory.Exists(truthFolder))
        {
            throw new EvaluationInputException("the truth folder does not exist");
        }

        var cases = CaseNames(truthFolder);
        return cases.Count > 0 ? cases : throw new EvaluationInputException($"the truth folder holds no {CasePrefix}NNNN folders");
    }
}
