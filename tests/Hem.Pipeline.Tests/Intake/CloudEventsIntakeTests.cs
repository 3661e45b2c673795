using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Tests.Intake;

public sealed class CloudEventsIntakeTests
{
    private readonly EventIntake _intake = new(new IntakeFilter());

    [Fact]
    public void A_single_CloudEvent_with_its_media_type_becomes_one_submission()
    {
        var decision = _intake.Parse(Payloads.Load(Payloads.CloudEventBlobCreated), Payloads.CloudEventContentType);

        Assert.Equal(EventSchema.CloudEvents, decision.Schema);
        SampleExpectations.AssertSingleZip(decision, "0x8D76C39E4407333", 30699, "9aeb0fdf-c01e-0131-0922-9eb54906e209", "2019-11-18T15:13:39.4589254Z");
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData(null)]
    public void A_single_CloudEvent_is_recognised_by_its_specversion_without_the_media_type(string? contentType)
    {
        var decision = _intake.Parse(Payloads.Load(Payloads.CloudEventBlobCreated), contentType);

        Assert.Equal(EventSchema.CloudEvents, decision.Schema);
        Assert.Single(decision.Submissions);
    }

    [Theory]
    [InlineData(Payloads.CloudEventsBatchContentType)]
    [InlineData("application/json")]
    public void A_mixed_batch_starts_the_zip_the_volume_and_the_folder_and_ignores_the_rest_with_reasons(string contentType)
    {
        var decision = _intake.Parse(Payloads.Load(Payloads.CloudEventsBatch), contentType);

        Assert.Equal(EventSchema.CloudEvents, decision.Schema);
        SampleExpectations.AssertMixedBatch(decision);
    }

    [Fact]
    public void A_batch_names_the_same_instances_as_the_same_events_in_the_Event_Grid_schema()
    {
        var cloudEvents = _intake.Parse(Payloads.Load(Payloads.CloudEventsBatch), Payloads.CloudEventsBatchContentType);
        var eventGrid = _intake.Parse(Payloads.Load(Payloads.EventGridBatch), Payloads.EventGridContentType);

        Assert.Equal(eventGrid.Submissions.Select(s => s.InstanceId), cloudEvents.Submissions.Select(s => s.InstanceId));
    }

    [Fact]
    public void The_same_blob_version_has_the_same_instance_id_whether_its_etag_is_quoted_or_not()
    {
        // Azure's Event Grid sample quotes the ETag, its CloudEvents sample does not.
        var eventGrid = Payloads.Json(Payloads.EventGridBlobCreated);
        eventGrid[0]!["data"]!["eTag"] = "\"0x8D76C39E4407333\"";

        var fromEventGrid = Assert.Single(_intake.Parse(Payloads.Body(eventGrid), Payloads.EventGridContentType).Submissions);
        var fromCloudEvent = Assert.Single(_intake.Parse(Payloads.Load(Payloads.CloudEventBlobCreated), Payloads.CloudEventContentType).Submissions);

        Assert.Equal(fromCloudEvent.InstanceId, fromEventGrid.InstanceId);
    }
}
