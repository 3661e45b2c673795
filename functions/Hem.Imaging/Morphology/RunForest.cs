namespace Hem.Imaging.Morphology;

/// <summary>
/// Union-find over the runs 0..Count - 1 of a <see cref="MaskRuns"/>. A union keeps the smaller index as the root,
/// so a component's root is its first run in scan order. The parent array grows as needed and is reused.
/// </summary>
internal sealed class RunForest
{
    private int[] _parent = new int[1024];

    public int Count { get; private set; }

    /// <summary>Makes every run its own component.</summary>
    public void Reset(int count)
    {
        if (_parent.Length < count)
        {
            _parent = new int[Math.Max(count, _parent.Length * 2)];
        }

        Count = count;
        for (int i = 0; i < count; i++)
        {
            _parent[i] = i;
        }
    }

    public int Find(int run)
    {
        // Path halving: every other node on the way points to its grandparent.
        while (_parent[run] != run)
        {
            _parent[run] = _parent[_parent[run]];
            run = _parent[run];
        }

        return run;
    }

    public void Union(int a, int b)
    {
        int rootA = Find(a);
        int rootB = Find(b);
        if (rootA < rootB)
        {
            _parent[rootB] = rootA;
        }
        else if (rootB < rootA)
        {
            _parent[rootA] = rootB;
        }
    }
}
