using System.Diagnostics;
using Hem.Pipeline.Telemetry;

namespace Hem.Pipeline.Analysis;

/// <summary>A step of the analysis starting or finishing, for progress on a terminal.</summary>
/// <param name="Step">The step's name ("validate", "deidentify", ...).</param>
/// <param name="Finished">False when it starts, true when it is done.</param>
/// <param name="ElapsedMs">The step's time, when finished.</param>
public readonly record struct StepReport(string Step, bool Finished, double ElapsedMs);

/// <summary>The time one step took.</summary>
public sealed record StepTiming(string Step, double Milliseconds);

/// <summary>
/// Runs the analysis's steps one after another, timing each (a span and a <c>hem.pipeline.step.duration</c> measurement
/// per step) and reporting it as it starts and ends. <paramref name="earlier"/> are the timings of steps that ran before
/// (in earlier orchestration activities), so that <see cref="Timings"/> is the whole analysis's.
/// </summary>
public sealed class StepRunner(IProgress<StepReport>? progress, IEnumerable<StepTiming>? earlier = null)
{
    private readonly List<StepTiming> _timings = [.. earlier ?? []];

    public IReadOnlyList<StepTiming> Timings => _timings;

    public async Task<T> RunAsync<T>(string step, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        progress?.Report(new StepReport(step, false, 0));
        var clock = Stopwatch.StartNew();
        var result = await PipelineTelemetry.InSpanAsync(PipelineTelemetry.StartStep(step), _ => work());
        double ms = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        _timings.Add(new StepTiming(step, ms));
        PipelineTelemetry.RecordStep(step, ms);
        progress?.Report(new StepReport(step, true, ms));
        return result;
    }

    public Task<T> Run<T>(string step, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(step, () => Task.FromResult(work()));
    }
}
