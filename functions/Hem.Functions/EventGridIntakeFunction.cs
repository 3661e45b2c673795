using Hem.Pipeline.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Hem.Functions;

/// <summary>
/// <c>POST /api/events</c>: the Event Grid webhook (Event Grid or CloudEvents schema), handled by Hem.Pipeline's
/// <see cref="IntakeHandler"/>: a validation event is answered with its handshake, each study submission starts the
/// pipeline once under its instance id, the answer is 202 with counts. <c>OPTIONS /api/events</c>: the CloudEvents
/// abuse-protection handshake.
/// </summary>
public sealed class EventGridIntakeFunction(IntakeHandler handler, WebHookAbuseProtection abuseProtection)
{
    [Function("EventGridIntake")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = "events")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsOptions(request.Method))
        {
            return Handshake(request);
        }

        var body = await BinaryData.FromStreamAsync(request.Body, cancellationToken);
        return await handler.HandleAsync(body, request.ContentType, client, cancellationToken) switch
        {
            IntakeOutcome.Malformed malformed => Problems.Of(StatusCodes.Status400BadRequest, "Malformed event delivery", malformed.Problem),
            IntakeOutcome.Validation validation => new ContentResult { StatusCode = StatusCodes.Status200OK, Content = validation.ResponseBody, ContentType = "application/json" },
            IntakeOutcome.Accepted accepted => new ObjectResult(accepted.Summary) { StatusCode = StatusCodes.Status202Accepted },
            _ => throw new InvalidOperationException("an intake outcome this function does not know"),
        };
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
}
