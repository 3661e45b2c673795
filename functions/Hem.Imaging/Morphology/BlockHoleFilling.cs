using System.Runtime.CompilerServices;
using Hem.Dicom.Series;

namespace Hem.Imaging.Morphology;

/// <summary>
/// Hole filling of 0/1 masks held in plain arrays on a block of voxels, with the semantics of
/// <see cref="HoleFilling"/> (background joined through faces; what the block's edge cannot reach is a hole), found
/// on the background's runs (<see cref="MaskRuns"/>) rather than by flooding voxel by voxel.
/// </summary>
internal static class BlockHoleFilling
{
    /// <summary>Writes the mask with every enclosed 3D cavity filled into <paramref name="target"/> (which may be the source).</summary>
    public static void Fill3D(byte[] source, byte[] target, GridSize size)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        int length = checked((int)size.VoxelCount);
        var filler = new RunFiller();
        filler.Fill(source.AsSpan(0, length), target.AsSpan(0, length), size.X, size.Y, size.Z, zPlanesAreEdges: true, copy: !ReferenceEquals(source, target));
    }

    /// <summary>Writes the mask with the holes of each axial (z) slice filled into <paramref name="target"/> (which may be the source).</summary>
    public static void FillPerSlice(byte[] source, byte[] target, GridSize size)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        int plane = checked((int)size.VoxelsPerSlice);
        _ = checked((int)size.VoxelCount);
        bool copy = !ReferenceEquals(source, target);
        Parallel.For(
            0,
            size.Z,
            () => new RunFiller(),
            (z, _, filler) =>
            {
                filler.Fill(source.AsSpan(z * plane, plane), target.AsSpan(z * plane, plane), size.X, size.Y, 1, zPlanesAreEdges: false, copy);
                return filler;
            },
            _ => { });
    }

    /// <summary>The arrays of one fill, reused by the next one on the same thread.</summary>
    private sealed class RunFiller
    {
        private readonly MaskRuns _runs = new();
        private readonly RunForest _forest = new();
        private bool[] _reachesEdge = [];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Fill(ReadOnlySpan<byte> source, Span<byte> target, int nx, int ny, int nz, bool zPlanesAreEdges, bool copy)
        {
            _runs.Build(source, nx, ofMask: false);
            _forest.Reset(_runs.Count);
            for (int z = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    int row = (z * ny) + y;
                    if (y > 0)
                    {
                        _runs.UnionTouching(row, row - 1, diagonal: false, _forest);
                    }

                    if (z > 0)
                    {
                        _runs.UnionTouching(row, row - ny, diagonal: false, _forest);
                    }
                }
            }

            if (_reachesEdge.Length < _runs.Count)
            {
                _reachesEdge = new bool[Math.Max(_runs.Count, _reachesEdge.Length * 2)];
            }

            Array.Clear(_reachesEdge, 0, _runs.Count);
            for (int z = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    int row = (z * ny) + y;
                    bool edgeRow = y == 0 || y == ny - 1 || (zPlanesAreEdges && (z == 0 || z == nz - 1));
                    for (int run = _runs.FirstOf(row); run < _runs.EndOf(row); run++)
                    {
                        if (edgeRow || _runs.StartX(run) == 0 || _runs.EndX(run) == nx)
                        {
                            _reachesEdge[_forest.Find(run)] = true;
                        }
                    }
                }
            }

            if (copy)
            {
                source.CopyTo(target);
            }

            for (int row = 0; row < _runs.Rows; row++)
            {
                for (int run = _runs.FirstOf(row); run < _runs.EndOf(row); run++)
                {
                    if (!_reachesEdge[_forest.Find(run)])
                    {
                        target.Slice((row * nx) + _runs.StartX(run), _runs.LengthOf(run)).Fill(1);
                    }
                }
            }
        }
    }
}
