using System.Runtime.CompilerServices;

namespace Hem.Imaging.Morphology;

/// <summary>
/// The runs of one value (mask or background) along the rows of a block: for each row, its runs as [start, end)
/// in x, rows in scan order (y, then z), runs in x order, so run indices follow scan order too. Labelling and
/// filling work on runs rather than voxels: a head's masks have a few runs per row, so both cost little more than
/// the vectorised scans that find the runs. The arrays grow as needed and are reused by the next build.
/// </summary>
internal sealed class MaskRuns
{
    private int[] _rowFirst = [];
    private int[] _start = new int[1024];
    private int[] _end = new int[1024];

    public int RowLength { get; private set; }

    public int Rows { get; private set; }

    public int Count { get; private set; }

    /// <summary>The runs of non-zero voxels (<paramref name="ofMask"/>) or of zero voxels in rows of <paramref name="rowLength"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Build(ReadOnlySpan<byte> block, int rowLength, bool ofMask)
    {
        RowLength = rowLength;
        Rows = block.Length / rowLength;
        if (_rowFirst.Length < Rows + 1)
        {
            _rowFirst = new int[Rows + 1];
        }

        Count = 0;
        for (int row = 0; row < Rows; row++)
        {
            _rowFirst[row] = Count;
            var voxels = block.Slice(row * rowLength, rowLength);
            int x = 0;
            while (x < rowLength)
            {
                var rest = voxels[x..];
                int first = ofMask ? rest.IndexOfAnyExcept((byte)0) : rest.IndexOf((byte)0);
                if (first < 0)
                {
                    break;
                }

                int start = x + first;
                rest = voxels[start..];
                int length = ofMask ? rest.IndexOf((byte)0) : rest.IndexOfAnyExcept((byte)0);
                int end = length < 0 ? rowLength : start + length;
                Add(start, end);
                x = end;
            }
        }

        _rowFirst[Rows] = Count;
    }

    public int FirstOf(int row) => _rowFirst[row];

    /// <summary>One past the last run of the row.</summary>
    public int EndOf(int row) => _rowFirst[row + 1];

    public int StartX(int run) => _start[run];

    /// <summary>One past the run's last voxel.</summary>
    public int EndX(int run) => _end[run];

    public int LengthOf(int run) => _end[run] - _start[run];

    /// <summary>
    /// Joins in <paramref name="forest"/> every pair of runs of two rows that touch: overlapping in x for face
    /// neighbours, or also meeting at a corner (x differing by one) when <paramref name="diagonal"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void UnionTouching(int rowA, int rowB, bool diagonal, RunForest forest)
    {
        int i = FirstOf(rowA);
        int iEnd = EndOf(rowA);
        int j = FirstOf(rowB);
        int jEnd = EndOf(rowB);
        int reach = diagonal ? 1 : 0;
        while (i < iEnd && j < jEnd)
        {
            if (_start[j] < _end[i] + reach && _start[i] < _end[j] + reach)
            {
                forest.Union(i, j);
            }

            // The run that ends first cannot touch anything after the other.
            int endI = _end[i];
            int endJ = _end[j];
            if (endI <= endJ)
            {
                i++;
            }

            if (endJ <= endI)
            {
                j++;
            }
        }
    }

    private void Add(int start, int end)
    {
        if (Count == _start.Length)
        {
            Array.Resize(ref _start, Count * 2);
            Array.Resize(ref _end, Count * 2);
        }

        _start[Count] = start;
        _end[Count] = end;
        Count++;
    }
}
