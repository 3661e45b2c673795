using Hem.Pipeline.Events;

namespace Hem.Pipeline.Tests.Events;

public sealed class ResultEventsTests
{
    [Fact]
    public void Each_event_has_its_type_an_id_from_instance_and_type_and_its_data()
    {
        foreach (var resultEvent in SampleOutcomes.OneOfEach())
        {
            string instanceId = resultEvent.Type == ResultEventTypes.BackfillCompleted ? "backfill-instance-1" : SampleOutcomes.InstanceId;
            Assert.Equal(ResultEventIds.For(instanceId, resultEvent.Type), resultEvent.Id);
        }

        Assert.Equal(
            [ResultEventTypes.PredictionCompleted, ResultEventTypes.PredictionFailed, ResultEventTypes.StudyRejected, ResultEventTypes.BackfillCompleted],
            SampleOutcomes.OneOfEach().Select(e => e.Type));
        Assert.IsType<PredictionCompletedData>(SampleOutcomes.OneOfEach()[0].Data);
    }

    [Fact]
    public void Subjects_name_the_study_and_model_version_or_the_input_when_there_is_no_study_key()
    {
        Assert.Equal("studies/st-4b1d9e/hem-unet-1.2.0", ResultEvents.PredictionCompleted(SampleOutcomes.Completed()).Subject);
        Assert.Equal("studies/st-4b1d9e/hem-unet-1.2.0", ResultEvents.PredictionFailed(SampleOutcomes.Failed(), "hem-unet-1.2.0").Subject);
        Assert.Equal("studies/st-4b1d9e", ResultEvents.PredictionFailed(SampleOutcomes.Failed()).Subject);
        Assert.Equal("inputs/" + SampleOutcomes.InstanceId, ResultEvents.PredictionFailed(SampleOutcomes.Failed(studyKey: null), "hem-unet-1.2.0").Subject);
        Assert.Equal("inputs/" + SampleOutcomes.InstanceId, ResultEvents.StudyRejected(SampleOutcomes.Rejected()).Subject);
        Assert.Equal("studies/st-4b1d9e", ResultEvents.StudyRejected(SampleOutcomes.Rejected(), "st-4b1d9e").Subject);
        Assert.Equal("backfills/backfill-2026-11-26", ResultEvents.BackfillCompleted("backfill-instance-1", SampleOutcomes.Backfill()).Subject);
    }

    [Fact]
    public void A_rejection_and_a_failure_of_the_same_instance_have_different_ids()
    {
        Assert.NotEqual(ResultEvents.StudyRejected(SampleOutcomes.Rejected()).Id, ResultEvents.PredictionFailed(SampleOutcomes.Failed()).Id);
    }
}
