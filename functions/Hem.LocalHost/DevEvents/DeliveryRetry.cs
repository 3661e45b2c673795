namespace Hem.LocalHost.DevEvents;

/// <summary>
/// How often and how patiently a webhook delivery is tried: at most <see cref="MaxAttempts"/> attempts, waiting
/// <see cref="FirstDelay"/> before the second and twice as long before each further one, never more than
/// <see cref="MaxDelay"/>. Event Grid retries for up to a day; a development stand-in gives up sooner and says so.
/// </summary>
public sealed record DeliveryRetry
{
    /// <summary>The topic's default: 5 attempts, 1, 2, 4 and 8 s apart.</summary>
    public static DeliveryRetry Default { get; } = new();

    public int MaxAttempts { get; init; } = 5;

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait before attempt <paramref name="attempt"/> (1-based; the first is not delayed).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        if (attempt <= 1)
        {
            return TimeSpan.Zero;
        }

        double ticks = FirstDelay.Ticks * Math.Pow(2, attempt - 2);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <exception cref="ArgumentOutOfRangeException">A value no delivery could use.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(FirstDelay, TimeSpan.Zero, nameof(FirstDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, FirstDelay, nameof(MaxDelay));
    }
}
