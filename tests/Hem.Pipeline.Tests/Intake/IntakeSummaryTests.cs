using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Tests.Intake;

public sealed class IntakeSummaryTests
{
    [Fact]
    public void A_batch_is_summarised_as_counts_without_blob_names()
    {
        var decision = new EventIntake(new IntakeFilter()).Parse(Payloads.Load(Payloads.EventGridBatch), Payloads.EventGridContentType);
        Assert.NotEmpty(decision.Submissions);
        bool[] started = [.. decision.Submissions.Select((_, i) => i == 0)];

        var summary = IntakeSummary.From(decision, started);

        Assert.Equal(1, summary.Started);
        Assert.Equal(decision.Submissions.Count - 1, summary.AlreadyKnown);
        Assert.Equal(decision.Ignored.Count, summary.IgnoredTotal);
        Assert.All(summary.IgnoredByReason.Keys, reason => Assert.True(Enum.IsDefined(Enum.Parse<IgnoreReason>(reason))));
        string json = System.Text.Json.JsonSerializer.Serialize(summary);
        Assert.All(decision.Submissions, s => Assert.DoesNotContain(s.BlobName, json, StringComparison.Ordinal));
    }

    [Fact]
    public void Ignored_events_are_counted_by_reason_name()
    {
        var decision = new IntakeDecision(
            EventSchema.EventGrid,
            validationResponseBody: null,
            submissions: [],
            ignored: [new("a", IgnoreReason.PipelineArea), new("b", IgnoreReason.PipelineArea), new("c", IgnoreReason.UnhandledEventType)]);

        var summary = IntakeSummary.From(decision, []);

        Assert.Equal(0, summary.Started);
        Assert.Equal(0, summary.AlreadyKnown);
        Assert.Equal(new Dictionary<string, int> { ["UnhandledEventType"] = 1, ["PipelineArea"] = 2 }, summary.IgnoredByReason);
    }

    [Fact]
    public void One_start_result_is_needed_per_submission()
    {
        var decision = new EventIntake(new IntakeFilter()).Parse(Payloads.Load(Payloads.EventGridBlobCreated), Payloads.EventGridContentType);

        Assert.Throws<ArgumentException>(() => IntakeSummary.From(decision, []));
    }
}
