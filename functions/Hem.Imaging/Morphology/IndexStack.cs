namespace Hem.Imaging.Morphology;

/// <summary>A growable stack of voxel indices: an explicit stack, so a flood's depth costs heap, not call stack.</summary>
internal sealed class IndexStack
{
    private int[] _items = new int[1024];
    private int _count;

    public void Push(int index)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_count++] = index;
    }

    public bool TryPop(out int index)
    {
        if (_count == 0)
        {
            index = 0;
            return false;
        }

        index = _items[--_count];
        return true;
    }
}
