using System.Text.Json.Nodes;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;

namespace Hem.Pipeline.Intake;

/// <summary>
/// Turns a webhook request body into an <see cref="IntakeDecision"/>, for either schema, one event or a batch. It
/// knows no host: the HTTP function gives it the body and the content type, and acts on the decision.
/// </summary>
/// <remarks>
/// Idempotency lives in the instance ids, not here: a redelivered event yields the same submission with the same
/// <see cref="StudySubmission.InstanceId"/>, and the webhook starts an instance only when none with that id exists.
/// Within one delivery, a second event for the same blob version is dropped here already.
/// </remarks>
public sealed class EventIntake(IntakeFilter filter)
{
    private static readonly HashSet<string> HandledTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        SystemEventNames.StorageBlobCreated,
        SystemEventNames.EventGridSubscriptionValidation,
    };

    private readonly BlobCreatedReader _blobCreated = new(filter);

    /// <exception cref="MalformedEventPayloadException">The body is not JSON, or not events of a schema intake reads.</exception>
    public IntakeDecision Parse(BinaryData body, string? contentType)
    {
        var schema = EventSchemaDetector.Detect(body, contentType);
        string? validationResponse = null;
        var submissions = new List<StudySubmission>();
        var ignored = new List<IgnoredEvent>();
        var instanceIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var received in EventEnvelopes.Read(body, schema))
        {
            switch (received.SystemData)
            {
                case SubscriptionValidationEventData { ValidationCode.Length: > 0 } validation:
                    validationResponse ??= ValidationResponseBody(validation.ValidationCode);
                    break;
                case StorageBlobCreatedEventData data:
                    var submission = _blobCreated.Read(received, data, out var reason);
                    if (submission is null)
                    {
                        ignored.Add(new IgnoredEvent(received.Id, reason));
                    }
                    else if (instanceIds.Add(submission.InstanceId))
                    {
                        submissions.Add(submission);
                    }
                    else
                    {
                        ignored.Add(new IgnoredEvent(received.Id, IgnoreReason.DuplicateInDelivery));
                    }

                    break;
                case SubscriptionValidationEventData:
                case null when HandledTypes.Contains(received.Type):
                    // A validation event without a code, or an event of a handled type whose data the SDK could not
                    // read (it answers such data with no data, not an error): not the same as an unknown type.
                    ignored.Add(new IgnoredEvent(received.Id, IgnoreReason.IncompleteEvent));
                    break;
                default:
                    ignored.Add(new IgnoredEvent(received.Id, IgnoreReason.UnhandledEventType));
                    break;
            }
        }

        return new IntakeDecision(schema, validationResponse, submissions, ignored);
    }

    // Event Grid's synchronous handshake: echo the code in "validationResponse" with 200 (not 202).
    private static string ValidationResponseBody(string code) => new JsonObject { ["validationResponse"] = code }.ToJsonString();
}
