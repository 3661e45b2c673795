using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hem.Pipeline.Telemetry;

namespace Hem.Pipeline.Tests.Telemetry;

/// <summary>One measurement of a Hem.Pipeline instrument, with the span it was recorded in.</summary>
public sealed record CapturedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags, Activity? Span);

/// <summary>
/// Captures every finished span of the Hem.Pipeline source and every measurement of its meter with the BCL
/// listeners (no exporter). Listeners see the whole process, so tests filter what they read by their own ids.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<CapturedMeasurement> _measurements = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PipelineTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IReadOnlyList<CapturedMeasurement> Measurements => [.. _measurements];

    /// <summary>Every tag value of every captured span and measurement, as text.</summary>
    public IEnumerable<string> AllTagValues() =>
        Spans.SelectMany(span => span.TagObjects.Select(tag => Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""))
            .Concat(Measurements.SelectMany(m => m.Tags.Values.Select(value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "")));

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new CapturedMeasurement(instrument.Name, value, copy, Activity.Current));
    }
}
