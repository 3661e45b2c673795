using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Tests.Intake;

public sealed class IntakeFilterTests
{
    private readonly IntakeFilter _filter = new();

    [Theory]
    [InlineData("study.zip", SubmissionKind.Zip, "study.zip", null)]
    [InlineData("ward 3/SCAN.ZIP", SubmissionKind.Zip, "ward 3/SCAN.ZIP", null)]
    [InlineData("ward-3/series-0042/_READY", SubmissionKind.DicomFolder, "ward-3/series-0042/", null)]
    [InlineData("series/_ready", SubmissionKind.DicomFolder, "series/", null)]
    [InlineData("head.nii", SubmissionKind.Nifti, "head.nii", "head.mask.nii.gz")]
    [InlineData("research/head.nii.gz", SubmissionKind.Nifti, "research/head.nii.gz", "research/head.mask.nii.gz")]
    [InlineData("research/HEAD.NII.GZ", SubmissionKind.Nifti, "research/HEAD.NII.GZ", "research/HEAD.mask.nii.gz")]
    [InlineData("head.masked.nii.gz", SubmissionKind.Nifti, "head.masked.nii.gz", "head.masked.mask.nii.gz")]
    public void A_study_input_is_accepted_with_its_kind_and_paths(string blobName, SubmissionKind kind, string studyPath, string? maskBlobName)
    {
        var classification = _filter.Classify("incoming", blobName);

        Assert.Null(classification.Reason);
        Assert.Equal(new StudyInput(kind, studyPath, maskBlobName), classification.Input);
    }

    [Theory]
    [InlineData("notes.txt", IgnoreReason.NotAStudyInput)]
    [InlineData("series/IM000001", IgnoreReason.NotAStudyInput)]
    [InlineData("series/IM000001.dcm", IgnoreReason.NotAStudyInput)]
    [InlineData("study.zip.part", IgnoreReason.NotAStudyInput)]
    [InlineData("series/_READY.txt", IgnoreReason.NotAStudyInput)]
    [InlineData("series/not_READY", IgnoreReason.NotAStudyInput)]
    [InlineData("_READY", IgnoreReason.MarkerWithoutFolder)]
    [InlineData("/_READY", IgnoreReason.MarkerWithoutFolder)]
    [InlineData("head.mask.nii.gz", IgnoreReason.BaselineMask)]
    [InlineData("research/HEAD.MASK.NII.GZ", IgnoreReason.BaselineMask)]
    [InlineData("head.mask.nii", IgnoreReason.BaselineMask)]
    [InlineData("results/abc/1.0.0/baseline.mask.nii.gz", IgnoreReason.PipelineArea)]
    [InlineData("work/abc/study.zip", IgnoreReason.PipelineArea)]
    [InlineData("rejected/series/_READY", IgnoreReason.PipelineArea)]
    public void Anything_else_is_ignored_with_its_reason(string blobName, IgnoreReason reason)
    {
        var classification = _filter.Classify("incoming", blobName);

        Assert.Null(classification.Input);
        Assert.Equal(reason, classification.Reason);
    }

    [Theory]
    [InlineData("results")]
    [InlineData("Incoming")]
    [InlineData("$logs")]
    public void Only_the_incoming_container_counts(string container)
    {
        Assert.Equal(IgnoreReason.OtherContainer, _filter.Classify(container, "study.zip").Reason);
    }

    [Fact]
    public void A_configured_container_replaces_incoming()
    {
        var filter = new IntakeFilter("uploads");

        Assert.Equal(SubmissionKind.Zip, filter.Classify("uploads", "study.zip").Input?.Kind);
        Assert.Equal(IgnoreReason.OtherContainer, filter.Classify("incoming", "study.zip").Reason);
    }
}
