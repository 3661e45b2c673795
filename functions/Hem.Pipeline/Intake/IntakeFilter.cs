using Hem.Pipeline.Health;

namespace Hem.Pipeline.Intake;

/// <summary>
/// Decides which created blobs start a study (DESIGN.md section 3, Inputs). In the incoming container: <c>.zip</c>,
/// <c>.nii</c> and <c>.nii.gz</c> volumes (not their <c>.mask.nii.gz</c> masks), and <c>{folder}/_READY</c> markers.
/// Suffixes and the marker name are compared ignoring case (<c>SCAN.ZIP</c>, <c>_ready</c> from a Windows tool);
/// container names and folder prefixes are not, because Azure's are case-sensitive.
/// </summary>
public sealed class IntakeFilter
{
    /// <summary>The same container the storage health check looks for: one name for where studies arrive.</summary>
    public const string DefaultIncomingContainer = HealthServiceCollectionExtensions.IncomingContainer;

    /// <summary>The marker blob written after a folder's DICOM files: <c>{folder}/_READY</c>.</summary>
    public const string ReadyMarker = "_READY";

    private const string MaskSuffix = ".mask.nii.gz";

    // Where the pipeline writes. Its writes must never start a run, whichever container they turn up in.
    private static readonly string[] PipelineAreas = ["results/", "work/", "rejected/"];

    private static readonly string[] MaskSuffixes = [MaskSuffix, ".mask.nii"];

    private static readonly string[] NiftiSuffixes = [".nii.gz", ".nii"];

    public IntakeFilter(string incomingContainer = DefaultIncomingContainer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incomingContainer);
        IncomingContainer = incomingContainer;
    }

    public string IncomingContainer { get; }

    /// <summary>What the blob <paramref name="blobName"/> (decoded, without the container) in <paramref name="container"/> starts.</summary>
    public BlobClassification Classify(string container, string blobName)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(blobName);
        if (!string.Equals(container, IncomingContainer, StringComparison.Ordinal))
        {
            return BlobClassification.Ignore(IgnoreReason.OtherContainer);
        }

        if (PipelineAreas.Any(area => blobName.StartsWith(area, StringComparison.Ordinal)))
        {
            return BlobClassification.Ignore(IgnoreReason.PipelineArea);
        }

        if (IsReadyMarker(blobName))
        {
            // The folder is everything before "/_READY"; "_READY" or "/_READY" alone names no folder.
            string folder = blobName[..Math.Max(0, blobName.Length - ReadyMarker.Length - 1)];
            return folder.Length == 0
                ? BlobClassification.Ignore(IgnoreReason.MarkerWithoutFolder)
                : BlobClassification.Accept(new StudyInput(SubmissionKind.DicomFolder, folder + "/", null));
        }

        // Masks first: "x.mask.nii.gz" also ends in ".nii.gz".
        if (EndsWithAny(blobName, MaskSuffixes) is not null)
        {
            return BlobClassification.Ignore(IgnoreReason.BaselineMask);
        }

        if (EndsWithAny(blobName, NiftiSuffixes) is not null)
        {
            return BlobClassification.Accept(new StudyInput(SubmissionKind.Nifti, blobName, Analysis.NiftiStudyLoader.MaskPath(blobName)));
        }

        return blobName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
            ? BlobClassification.Accept(new StudyInput(SubmissionKind.Zip, blobName, null))
            : BlobClassification.Ignore(IgnoreReason.NotAStudyInput);
    }

    // The last path segment is exactly the marker: "a/_READY", not "a/x_READY" or "a/_READY.txt".
    private static bool IsReadyMarker(string blobName) =>
        string.Equals(blobName, ReadyMarker, StringComparison.OrdinalIgnoreCase)
        || blobName.EndsWith("/" + ReadyMarker, StringComparison.OrdinalIgnoreCase);

    private static string? EndsWithAny(string blobName, string[] suffixes) =>
        suffixes.FirstOrDefault(suffix => blobName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
}
