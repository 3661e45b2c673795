using System.Text.Json.Nodes;
using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Tests.Intake;

public sealed class EventGridIntakeTests
{
    private readonly EventIntake _intake = new(new IntakeFilter());

    [Fact]
    public void A_BlobCreated_for_a_zip_becomes_one_submission_with_the_blob_and_the_event()
    {
        var decision = _intake.Parse(Payloads.Load(Payloads.EventGridBlobCreated), Payloads.EventGridContentType);

        Assert.Equal(EventSchema.EventGrid, decision.Schema);
        SampleExpectations.AssertSingleZip(decision, "0x8D4BCC2E4835CD0", 524288, "831e1650-001e-001b-66ab-eeb76e069631", "2017-06-26T18:41:00.9584103Z");
    }

    [Fact]
    public void An_event_sent_as_a_bare_object_reads_like_a_batch_of_one()
    {
        var single = Payloads.FirstEvent(Payloads.Json(Payloads.EventGridBlobCreated));

        var decision = _intake.Parse(Payloads.Body(single), Payloads.EventGridContentType);

        Assert.Equal(EventSchema.EventGrid, decision.Schema);
        Assert.Equal("study-0001.zip", Assert.Single(decision.Submissions).StudyPath);
    }

    [Fact]
    public void A_mixed_batch_starts_the_zip_the_volume_and_the_folder_and_ignores_the_rest_with_reasons()
    {
        var decision = _intake.Parse(Payloads.Load(Payloads.EventGridBatch), Payloads.EventGridContentType);

        Assert.Equal(EventSchema.EventGrid, decision.Schema);
        SampleExpectations.AssertMixedBatch(decision);
    }

    [Fact]
    public void The_subscription_validation_event_is_answered_with_its_code()
    {
        var decision = _intake.Parse(Payloads.Load(Payloads.EventGridSubscriptionValidation), Payloads.EventGridContentType);

        var answer = Assert.IsType<JsonObject>(JsonNode.Parse(decision.ValidationResponseBody!));
        var property = Assert.Single(answer);
        Assert.Equal("validationResponse", property.Key);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", property.Value!.GetValue<string>());
        Assert.Empty(decision.Submissions);
        Assert.Empty(decision.Ignored);
    }

    [Fact]
    public void A_redelivered_batch_names_the_same_instances()
    {
        var first = _intake.Parse(Payloads.Load(Payloads.EventGridBatch), Payloads.EventGridContentType);
        var again = _intake.Parse(Payloads.Load(Payloads.EventGridBatch), Payloads.EventGridContentType);

        Assert.Equal(first.Submissions.Select(s => s.InstanceId), again.Submissions.Select(s => s.InstanceId));
        Assert.Equal(3, first.Submissions.Select(s => s.InstanceId).Distinct().Count());
    }

    [Fact]
    public void An_event_duplicated_in_one_delivery_starts_one_study()
    {
        var batch = Payloads.Json(Payloads.EventGridBlobCreated).AsArray();
        batch.Add(batch[0]!.DeepClone());

        var decision = _intake.Parse(Payloads.Body(batch), Payloads.EventGridContentType);

        Assert.Single(decision.Submissions);
        Assert.Equal(IgnoreReason.DuplicateInDelivery, Assert.Single(decision.Ignored).Reason);
    }

    [Fact]
    public void A_changed_blob_with_a_new_etag_runs_again_under_a_new_instance()
    {
        var original = _intake.Parse(Payloads.Load(Payloads.EventGridBlobCreated), Payloads.EventGridContentType);
        var changed = Payloads.Json(Payloads.EventGridBlobCreated);
        changed[0]!["data"]!["eTag"] = "\"0x8D4BCC2E4835CD9\"";

        var rerun = _intake.Parse(Payloads.Body(changed), Payloads.EventGridContentType);

        Assert.NotEqual(Assert.Single(original.Submissions).InstanceId, Assert.Single(rerun.Submissions).InstanceId);
    }

    [Fact]
    public void A_sas_on_the_event_url_stays_out_of_the_submission_and_its_instance_id()
    {
        var original = Assert.Single(_intake.Parse(Payloads.Load(Payloads.EventGridBlobCreated), Payloads.EventGridContentType).Submissions);
        var withSas = Payloads.Json(Payloads.EventGridBlobCreated);
        withSas[0]!["data"]!["url"] = "https://examplestorage.blob.core.windows.net/incoming/study-0001.zip?sv=2022-11-02&sr=b&sig=c2VjcmV0";

        var submission = Assert.Single(_intake.Parse(Payloads.Body(withSas), Payloads.EventGridContentType).Submissions);

        Assert.Equal(original.BlobUrl, submission.BlobUrl);
        Assert.DoesNotContain("sig=", submission.BlobUrl.ToString(), StringComparison.Ordinal);
        Assert.Equal(original.InstanceId, submission.InstanceId);
    }

    [Fact]
    public void An_event_for_another_container_is_ignored_with_its_reason()
    {
        var decision = _intake.Parse(Payloads.Body(InContainer("uploads")), Payloads.EventGridContentType);

        Assert.Empty(decision.Submissions);
        Assert.Equal(new IgnoredEvent("831e1650-001e-001b-66ab-eeb76e069631", IgnoreReason.OtherContainer), Assert.Single(decision.Ignored));
    }

    [Fact]
    public void A_configured_incoming_container_replaces_the_default()
    {
        var intake = new EventIntake(new IntakeFilter("uploads"));

        Assert.Equal("uploads", Assert.Single(intake.Parse(Payloads.Body(InContainer("uploads")), null).Submissions).Container);
        Assert.Equal(IgnoreReason.OtherContainer, Assert.Single(intake.Parse(Payloads.Load(Payloads.EventGridBlobCreated), null).Ignored).Reason);
    }

    [Fact]
    public void An_emulator_url_names_the_container_after_the_account()
    {
        var json = Payloads.Json(Payloads.EventGridBlobCreated);
        json[0]!["data"]!["url"] = "http://127.0.0.1:10000/devstoreaccount1/incoming/study-0001.zip";

        var submission = Assert.Single(_intake.Parse(Payloads.Body(json), Payloads.EventGridContentType).Submissions);

        Assert.Equal(("incoming", "study-0001.zip"), (submission.Container, submission.BlobName));
    }

    [Theory]
    [InlineData("eTag", null)]
    [InlineData("url", null)]
    [InlineData("url", "incoming/study-0001.zip")]
    [InlineData("contentLength", "Doe Jane")]
    public void A_BlobCreated_without_a_usable_url_or_etag_or_with_unreadable_data_is_ignored_as_incomplete(string field, string? value)
    {
        var json = Payloads.Json(Payloads.EventGridBlobCreated);
        var data = json[0]!["data"]!.AsObject();
        if (value is null)
        {
            data.Remove(field);
        }
        else
        {
            // The SDK answers data it cannot read with no data; that is still a BlobCreated, not an unknown type.
            data[field] = value;
        }

        var decision = _intake.Parse(Payloads.Body(json), Payloads.EventGridContentType);

        Assert.Empty(decision.Submissions);
        Assert.Equal(IgnoreReason.IncompleteEvent, Assert.Single(decision.Ignored).Reason);
    }

    [Fact]
    public void A_submission_prints_its_kind_and_instance_id_but_never_the_blob_name()
    {
        var json = Payloads.Json(Payloads.EventGridBlobCreated);
        json[0]!["subject"] = "/blobServices/default/containers/incoming/blobs/Doe Jane 1970-01-01.zip";
        json[0]!["data"]!["url"] = "https://examplestorage.blob.core.windows.net/incoming/Doe%20Jane%201970-01-01.zip";
        var submission = Assert.Single(_intake.Parse(Payloads.Body(json), Payloads.EventGridContentType).Submissions);

        Assert.Equal("Doe Jane 1970-01-01.zip", submission.BlobName);
        Assert.Equal($"Zip {submission.InstanceId}", submission.ToString());
        Assert.DoesNotContain("Doe", submission.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private static JsonNode InContainer(string container)
    {
        var json = Payloads.Json(Payloads.EventGridBlobCreated);
        json[0]!["subject"] = $"/blobServices/default/containers/{container}/blobs/study-0001.zip";
        json[0]!["data"]!["url"] = $"https://examplestorage.blob.core.windows.net/{container}/study-0001.zip";
        return json;
    }
}
