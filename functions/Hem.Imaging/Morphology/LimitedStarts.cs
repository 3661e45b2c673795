using System.Numerics;

namespace Hem.Imaging.Morphology;

/// <summary>
/// A reusable list of (start offset, limit broadcast to a vector) for the block kernels: the ball rows or slices
/// within reach of one output row, gathered once per row so the inner vector loop reads no scalars.
/// </summary>
internal sealed class LimitedStarts<T>(int capacity)
    where T : struct
{
    private readonly int[] _starts = new int[capacity];
    private readonly Vector<T>[] _limits = new Vector<T>[capacity];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Add(int start, T limit)
    {
        _starts[Count] = start;
        _limits[Count] = new Vector<T>(limit);
        Count++;
    }

    public int StartOf(int k) => _starts[k];

    public Vector<T> LimitOf(int k) => _limits[k];
}
