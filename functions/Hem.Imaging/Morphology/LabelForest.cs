namespace Hem.Imaging.Morphology;

/// <summary>
/// Union-find over provisional labels 1..Count (0 is unused). A union keeps the smaller label as the root, so a
/// component's root is its first provisional label.
/// </summary>
internal sealed class LabelForest
{
    private int[] _parent = new int[1024];

    public int Count { get; private set; }

    public int Add()
    {
        int label = ++Count;
        if (label == _parent.Length)
        {
            Array.Resize(ref _parent, _parent.Length * 2);
        }

        _parent[label] = label;
        return label;
    }

    public int Find(int label)
    {
        // Path halving: every other node on the way points to its grandparent.
        while (_parent[label] != label)
        {
            _parent[label] = _parent[_parent[label]];
            label = _parent[label];
        }

        return label;
    }

    /// <summary>Merges two labels' trees and returns the root.</summary>
    public int Union(int a, int b)
    {
        int rootA = Find(a);
        int rootB = Find(b);
        if (rootA == rootB)
        {
            return rootA;
        }

        if (rootA < rootB)
        {
            _parent[rootB] = rootA;
            return rootA;
        }

        _parent[rootA] = rootB;
        return rootB;
    }
}
