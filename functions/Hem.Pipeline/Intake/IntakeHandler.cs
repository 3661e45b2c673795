using Hem.Pipeline.Orchestration;
using Hem.Pipeline.Telemetry;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Hem.Pipeline.Intake;

/// <summary>
/// What the intake webhook does with one delivery, for every host (the Functions app, the local host): parse it
/// (<see cref="EventIntake"/>), answer a validation event with its handshake, start each submission once
/// (<see cref="StudyPipelineStarter"/>), and log and trace counts only. The host turns the outcome into HTTP.
/// </summary>
public sealed partial class IntakeHandler(EventIntake intake, ILogger<IntakeHandler> logger)
{
    public async Task<IntakeOutcome> HandleAsync(BinaryData body, string? contentType, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(client);
        using var span = PipelineTelemetry.StartIntake();
        IntakeDecision decision;
        try
        {
            decision = intake.Parse(body, contentType);
        }
        catch (MalformedEventPayloadException ex)
        {
            // The message names what is wrong and where, never a value from the body.
            PipelineTelemetry.Fail(span, ex);
            LogMalformed(ex.Message);
            return new IntakeOutcome.Malformed(ex.Message);
        }

        if (decision.ValidationResponseBody is { } handshake)
        {
            LogValidation();
            return new IntakeOutcome.Validation(handshake);
        }

        var started = new List<bool>(decision.Submissions.Count);
        foreach (var submission in decision.Submissions)
        {
            started.Add(await StudyPipelineStarter.StartOnceAsync(client, StudyPipelineInput.From(submission), cancellationToken));
        }

        var summary = IntakeSummary.From(decision, started);
        PipelineTelemetry.TagIntake(span, summary.Started, summary.AlreadyKnown, summary.IgnoredTotal);
        LogDelivery(summary.Started, summary.AlreadyKnown, summary.IgnoredTotal);
        return new IntakeOutcome.Accepted(summary);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a malformed event delivery: {Problem}")]
    private partial void LogMalformed(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered an Event Grid subscription validation")]
    private partial void LogValidation();

    [LoggerMessage(Level = LogLevel.Information, Message = "Event delivery: {Started} started, {AlreadyKnown} already known, {Ignored} ignored")]
    private partial void LogDelivery(int started, int alreadyKnown, int ignored);
}

/// <summary>What a delivery came to; the host answers 400 with a problem, 200 with the handshake body, or 202 with the summary.</summary>
public abstract record IntakeOutcome
{
    private IntakeOutcome()
    {
    }

    /// <summary>The body is not events intake reads; <paramref name="Problem"/> says what and where, without quoting it.</summary>
    public sealed record Malformed(string Problem) : IntakeOutcome;

    /// <summary>A subscription validation: answer 200 with <paramref name="ResponseBody"/> (JSON).</summary>
    public sealed record Validation(string ResponseBody) : IntakeOutcome;

    /// <summary>Events taken: answer 202 with the counts.</summary>
    public sealed record Accepted(IntakeSummary Summary) : IntakeOutcome;
}
