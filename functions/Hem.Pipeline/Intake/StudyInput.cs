namespace Hem.Pipeline.Intake;

/// <summary>
/// What an accepted blob stands for. <see cref="StudyPath"/> is the zip's or the volume's blob name, or, for a DICOM
/// folder, the folder prefix with its trailing <c>/</c> (so that listing it does not also catch <c>folder2/</c>; the
/// <c>_READY</c> marker lies inside it). <see cref="MaskBlobName"/> is where a NIfTI volume's baseline mask would be;
/// it may not exist.
/// </summary>
public sealed record StudyInput(SubmissionKind Kind, string StudyPath, string? MaskBlobName);
