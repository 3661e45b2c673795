using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Hem.Pipeline.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Hem.Functions;

/// <summary>
/// <c>POST /api/events</c>: the Event Grid webhook (Event Grid or CloudEvents schema). A validation event is answered
/// with its handshake; each study submission starts the pipeline once under its instance id; the answer is 202 with
/// counts. <c>OPTIONS /api/events</c>: the CloudEvents abuse-protection handshake. Logs counts only.
/// </summary>
public sealed partial class EventGridIntakeFunction(EventIntake intake, WebHookAbuseProtection abuseProtection, ILogger<EventGridIntakeFunction> logger)
{
    [Function("EventGridIntake")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = "events")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (HttpMethods.IsOptions(request.Method))
        {
            return Handshake(request);
        }

        using var span = PipelineTelemetry.StartIntake();
        IntakeDecision decision;
        try
        {
            var body = await BinaryData.FromStreamAsync(request.Body, cancellationToken);
            decision = intake.Parse(body, request.ContentType);
        }
        catch (MalformedEventPayloadException ex)
        {
            // The message names what is wrong and where, never a value from the body.
            PipelineTelemetry.Fail(span, ex);
            LogMalformed(ex.Message);
            return Problems.Of(StatusCodes.Status400BadRequest, "Malformed event delivery", ex.Message);
        }

        if (decision.ValidationResponseBody is { } handshake)
        {
            LogValidation();
            return new ContentResult { StatusCode = StatusCodes.Status200OK, Content = handshake, ContentType = "application/json" };
        }

        var started = new List<bool>(decision.Submissions.Count);
        foreach (var submission in decision.Submissions)
        {
            started.Add(await StudyPipelineStarter.StartOnceAsync(client, StudyPipelineInput.From(submission), cancellationToken));
        }

        var summary = IntakeSummary.From(decision, started);
        PipelineTelemetry.TagIntake(span, summary.Started, summary.AlreadyKnown, summary.IgnoredTotal);
        LogDelivery(summary.Started, summary.AlreadyKnown, summary.IgnoredTotal);
        return new ObjectResult(summary) { StatusCode = StatusCodes.Status202Accepted };
    }

    private IActionResult Handshake(HttpRequest request)
    {
        var answer = abuseProtection.Answer(request.Method, name => request.Headers[name].ToString());
        if (answer is null)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Not a webhook handshake", $"OPTIONS needs the {WebHookAbuseProtection.RequestOriginHeader} header");
        }

        foreach (var (name, value) in answer.ResponseHeaders)
        {
            request.HttpContext.Response.Headers[name] = value;
        }

        return new OkResult();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a malformed event delivery: {Problem}")]
    private partial void LogMalformed(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered an Event Grid subscription validation")]
    private partial void LogValidation();

    [LoggerMessage(Level = LogLevel.Information, Message = "Event delivery: {Started} started, {AlreadyKnown} already known, {Ignored} ignored")]
    private partial void LogDelivery(int started, int alreadyKnown, int ignored);
}
