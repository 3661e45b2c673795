using System.Runtime.CompilerServices;
using Hem.Dicom.Series;

namespace Hem.Imaging.Morphology;

/// <summary>
/// The largest connected component of a 0/1 mask held in a plain array on a block of voxels, found on the mask's
/// runs (<see cref="MaskRuns"/>) with the semantics of <see cref="ConnectedComponents.Largest"/>: ties go to the
/// component that comes first in scan order. One instance reuses its arrays and is not for concurrent use.
/// </summary>
internal sealed class BlockComponents
{
    private readonly MaskRuns _runs = new();
    private readonly RunForest _forest = new();
    private long[] _sizes = [];

    /// <summary>Writes the largest component of <paramref name="source"/> as 0/1 into <paramref name="target"/> (which may be the source).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void KeepLargest(byte[] source, byte[] target, GridSize size, Connectivity connectivity)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        int length = checked((int)size.VoxelCount);
        _runs.Build(source.AsSpan(0, length), size.X, ofMask: true);
        _forest.Reset(_runs.Count);
        Join(size, connectivity);

        if (_sizes.Length < _runs.Count)
        {
            _sizes = new long[Math.Max(_runs.Count, _sizes.Length * 2)];
        }

        Array.Clear(_sizes, 0, _runs.Count);
        int best = -1;
        for (int run = 0; run < _runs.Count; run++)
        {
            _sizes[_forest.Find(run)] += _runs.LengthOf(run);
        }

        // Roots are first runs, so a lower root comes first in scan order and wins a tie.
        for (int run = 0; run < _runs.Count; run++)
        {
            if (_forest.Find(run) == run && (best < 0 || _sizes[run] > _sizes[best]))
            {
                best = run;
            }
        }

        var output = target.AsSpan(0, length);
        output.Clear();
        if (best < 0)
        {
            return;
        }

        for (int row = 0; row < _runs.Rows; row++)
        {
            for (int run = _runs.FirstOf(row); run < _runs.EndOf(row); run++)
            {
                if (_forest.Find(run) == best)
                {
                    output.Slice((row * size.X) + _runs.StartX(run), _runs.LengthOf(run)).Fill(1);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Join(GridSize size, Connectivity connectivity)
    {
        bool full = connectivity switch
        {
            Connectivity.Full => true,
            Connectivity.Faces => false,
            _ => throw new ArgumentOutOfRangeException(nameof(connectivity), $"connectivity {connectivity} is neither 6 nor 26"),
        };

        int ny = size.Y;
        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < ny; y++)
            {
                int row = (z * ny) + y;
                if (y > 0)
                {
                    _runs.UnionTouching(row, row - 1, full, _forest);
                }

                if (z == 0)
                {
                    continue;
                }

                int previousSlice = row - ny;
                _runs.UnionTouching(row, previousSlice, full, _forest);
                if (full && y > 0)
                {
                    _runs.UnionTouching(row, previousSlice - 1, diagonal: true, _forest);
                }

                if (full && y < ny - 1)
                {
                    _runs.UnionTouching(row, previousSlice + 1, diagonal: true, _forest);
                }
            }
        }
    }
}
