using Hem.Pipeline.Analysis;
using Hem.Pipeline.Telemetry;

namespace Hem.Pipeline.Tests.Telemetry;

public sealed class StepRunnerTelemetryTests
{
    [Fact]
    public async Task Each_step_gets_a_span_tagged_with_its_name_and_a_duration_measurement()
    {
        string first = "first-" + Guid.NewGuid().ToString("N");
        string second = "second-" + Guid.NewGuid().ToString("N");
        using var capture = new TelemetryCapture();
        var runner = new StepRunner(null);

        await runner.Run(first, () => 1);
        await runner.RunAsync(second, async () =>
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
            return 2;
        });

        foreach (var timing in runner.Timings)
        {
            var span = Assert.Single(capture.Spans, s => Equals(s.GetTagItem(PipelineTelemetry.StepTag), timing.Step));
            Assert.Equal("step " + timing.Step, span.OperationName);
            var measurement = Assert.Single(capture.Measurements, m => m.Instrument == PipelineTelemetry.StepDurationMetric && Equals(m.Tags[PipelineTelemetry.StepTag], timing.Step));
            Assert.Equal(timing.Milliseconds, measurement.Value);
        }

        Assert.Equal([first, second], runner.Timings.Select(t => t.Step));
    }

    [Fact]
    public async Task A_failing_step_marks_its_span_with_the_error_type_and_never_the_message()
    {
        string step = "failing-" + Guid.NewGuid().ToString("N");
        using var capture = new TelemetryCapture();

        await Assert.ThrowsAsync<InvalidDataException>(() => new StepRunner(null).Run<int>(step, () => throw new InvalidDataException("Doe^Jane")));

        var span = Assert.Single(capture.Spans, s => Equals(s.GetTagItem(PipelineTelemetry.StepTag), step));
        Assert.Equal(System.Diagnostics.ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(InvalidDataException).FullName, span.GetTagItem(PipelineTelemetry.ErrorTypeTag));
        Assert.Null(span.StatusDescription);
        Assert.DoesNotContain(capture.AllTagValues(), value => value.Contains("Doe^Jane", StringComparison.Ordinal));
    }
}
