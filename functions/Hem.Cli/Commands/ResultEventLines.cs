using System.Globalization;
using System.Text.Json;
using Azure.Messaging;
using Hem.Pipeline.Events;

namespace Hem.Cli.Commands;

/// <summary>How <c>hem submit</c>, <c>hem demo</c> and <c>hem events</c> print a result event: one summary line, then details.</summary>
internal static class ResultEventLines
{
    public static PredictionCompletedData? Completed(CloudEvent cloudEvent) =>
        cloudEvent.Type == ResultEventTypes.PredictionCompleted ? cloudEvent.Data?.ToObjectFromJson<PredictionCompletedData>(EventGridResultPublisher.DataJsonOptions) : null;

    /// <summary>One line per event, as <c>hem events</c> prints it.</summary>
    public static string Summary(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        string time = cloudEvent.Time?.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "--:--:--";
        return $"{time}  {cloudEvent.Type,-24}  {cloudEvent.Subject}  {Detail(cloudEvent)}";
    }

    /// <summary>The lines that say what a run came to: volumes and outputs, the rejection, or the failure.</summary>
    public static IEnumerable<string> Outcome(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        if (Completed(cloudEvent) is { } done)
        {
            yield return $"study {done.StudyKey}, model {done.ModelVersion}";
            yield return string.Create(CultureInfo.InvariantCulture, $"baseline hematoma {done.BaselineVolumeMl:0.0} mL; predicted follow-up {done.PredictedFollowupVolumeMl:0.0} mL; growth {done.PredictedGrowthMl:+0.0;-0.0;0.0} mL");
            yield return $"hematoma expansion predicted: {(done.HematomaExpansionPredicted ? "yes" : "no")}";
            yield return $"outputs: {done.Outputs.Container}/{done.Outputs.Folder} ({done.Outputs.Files.Count} files)";
            yield break;
        }

        yield return Detail(cloudEvent);
    }

    private static string Detail(CloudEvent cloudEvent)
    {
        if (cloudEvent.Data is null)
        {
            return "";
        }

        using var data = JsonDocument.Parse(cloudEvent.Data.ToMemory());
        var root = data.RootElement;
        return cloudEvent.Type switch
        {
            ResultEventTypes.PredictionCompleted => string.Create(CultureInfo.InvariantCulture, $"baseline {root.GetProperty("baselineVolumeMl").GetDouble():0.0} mL, predicted {root.GetProperty("predictedFollowupVolumeMl").GetDouble():0.0} mL, expansion {(root.GetProperty("hematomaExpansionPredicted").GetBoolean() ? "yes" : "no")}"),
            ResultEventTypes.StudyRejected => $"rejected ({root.GetProperty("code").GetString()}): {root.GetProperty("reason").GetString()}",
            ResultEventTypes.PredictionFailed => $"failed in step {root.GetProperty("step").GetString()}: {root.GetProperty("message").GetString()}",
            _ => root.GetRawText(),
        };
    }
}
