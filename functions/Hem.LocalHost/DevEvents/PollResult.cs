namespace Hem.LocalHost.DevEvents;

/// <summary>What one poll of the event source did, in counts (never names).</summary>
/// <param name="Listed">Blobs in the container.</param>
/// <param name="Delivered">Events the intake answered with 2xx.</param>
/// <param name="Rejected">Events the intake refused (4xx other than 408 and 429): not sent again until the blob changes.</param>
/// <param name="Pending">Events not delivered this time: sent again by the next poll.</param>
/// <param name="Forgotten">Blobs no longer listed (deleted), dropped from the record.</param>
public sealed record PollResult(int Listed, int Delivered, int Rejected, int Pending, int Forgotten);
