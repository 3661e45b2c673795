namespace Hem.Pipeline.Intake;

/// <summary>
/// The answer to a CloudEvents abuse-protection request: whether delivery is permitted and the headers to send
/// with 200 (<c>Allow</c> always; <c>WebHook-Allowed-Origin</c> and <c>WebHook-Allowed-Rate</c> only when permitted).
/// </summary>
public sealed record WebHookHandshakeAnswer(bool Permitted, IReadOnlyDictionary<string, string> ResponseHeaders);
