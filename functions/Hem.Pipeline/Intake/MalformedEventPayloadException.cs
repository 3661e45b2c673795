namespace Hem.Pipeline.Intake;

/// <summary>
/// The webhook body is not an event delivery intake can read. The webhook answers it with 400. The message names what
/// is wrong and where (line and byte), never a value: a body may hold blob names, and blob names may hold patient names.
/// </summary>
public sealed class MalformedEventPayloadException : Exception
{
    public MalformedEventPayloadException()
    {
    }

    public MalformedEventPayloadException(string message)
        : base(message)
    {
    }

    public MalformedEventPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
