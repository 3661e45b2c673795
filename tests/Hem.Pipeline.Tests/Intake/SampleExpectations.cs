using System.Globalization;
using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Tests.Intake;

/// <summary>What the samples hold, the same in both schemas.</summary>
internal static class SampleExpectations
{
    /// <summary>The single-event samples: a BlobCreated for <c>incoming/study-0001.zip</c>.</summary>
    public static void AssertSingleZip(IntakeDecision decision, string eTag, long contentLength, string eventId, string eventTime)
    {
        Assert.Null(decision.ValidationResponseBody);
        Assert.Empty(decision.Ignored);
        var submission = Assert.Single(decision.Submissions);
        Assert.Equal(new Uri("https://examplestorage.blob.core.windows.net/incoming/study-0001.zip"), submission.BlobUrl);
        Assert.Equal("incoming", submission.Container);
        Assert.Equal("study-0001.zip", submission.BlobName);
        Assert.Equal(eTag, submission.ETag);
        Assert.Equal(contentLength, submission.ContentLength);
        Assert.Equal(SubmissionKind.Zip, submission.Kind);
        Assert.Equal("study-0001.zip", submission.StudyPath);
        Assert.Null(submission.MaskBlobName);
        Assert.Equal(eventId, submission.EventId);
        Assert.Equal(DateTimeOffset.Parse(eventTime, CultureInfo.InvariantCulture), submission.EventTime);
        Assert.Equal(InstanceIds.For(submission.BlobUrl, eTag), submission.InstanceId);
    }

    /// <summary>
    /// The batch samples, event for event: a zip, a text file, a baseline mask, its volume, a DICOM folder's marker
    /// (its folder name has a space, percent-encoded in the URL) and a BlobDeleted.
    /// </summary>
    public static void AssertMixedBatch(IntakeDecision decision)
    {
        Assert.Null(decision.ValidationResponseBody);
        Assert.Equal([SubmissionKind.Zip, SubmissionKind.Nifti, SubmissionKind.DicomFolder], decision.Submissions.Select(s => s.Kind));

        var zip = decision.Submissions[0];
        Assert.Equal("study-0002.zip", zip.StudyPath);
        Assert.Null(zip.MaskBlobName);

        var volume = decision.Submissions[1];
        Assert.Equal("research/head-ct-0007.nii.gz", volume.StudyPath);
        Assert.Equal("research/head-ct-0007.mask.nii.gz", volume.MaskBlobName);

        var folder = decision.Submissions[2];
        Assert.Equal("ward 3/series-0042/_READY", folder.BlobName);
        Assert.Equal("ward 3/series-0042/", folder.StudyPath);
        Assert.Equal("0x8D4BCC2E4835CD5", folder.ETag);
        Assert.Equal(0, folder.ContentLength);

        Assert.Equal(
            [
                new IgnoredEvent("831e1650-001e-001b-66ab-eeb76e069632", IgnoreReason.NotAStudyInput),
                new IgnoredEvent("831e1650-001e-001b-66ab-eeb76e069633", IgnoreReason.BaselineMask),
                new IgnoredEvent("831e1650-001e-001b-66ab-eeb76e069636", IgnoreReason.UnhandledEventType),
            ],
            decision.Ignored);
        Assert.Equal(1, decision.IgnoredByReason()[IgnoreReason.UnhandledEventType]);
    }
}
