namespace Hem.Inference;

/// <summary>How many predictions hold a slot right now, reading their request included (reported by /readyz).</summary>
public sealed class PredictionsInFlight
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IDisposable Enter()
    {
        Interlocked.Increment(ref _count);
        return new Exit(this);
    }

    private sealed class Exit(PredictionsInFlight owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref owner._count);
            }
        }
    }
}
