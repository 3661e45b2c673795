using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Morphology;

/// <summary>
/// Ball dilation and erosion of 0/1 masks held in plain arrays on one block of voxels, with the semantics of
/// <see cref="BinaryMorphology"/> (exact balls on the real spacing, voxels outside the block unknown rather than
/// background) but without its distance transform. Each row's distances along x to the nearest feature (mask voxel
/// for a dilation, background for an erosion) are measured once (<see cref="RowDistances"/>); a voxel is then hit
/// when the ball reaches a feature, which is decided on whole vectors of a row either from the squared distances
/// within each slice (<see cref="PlaneDistanceTest"/>, for square pixels) or row by row of the ball
/// (<see cref="BallRowTest"/>). One instance reuses its scratch arrays across calls and is not for concurrent use.
/// </summary>
internal sealed class BlockMorphology
{
    /// <summary>The tolerance of <see cref="BinaryMorphology"/>: a voxel at exactly the radius is inside the ball.</summary>
    public const double RelativeTolerance = 1e-5;

    private readonly VolumeGeometry _block;
    private readonly int _length;
    private readonly byte[] _distance;
    private readonly ulong[] _rowReach;
    private PlaneDistanceTest? _planeTest;

    public BlockMorphology(VolumeGeometry block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _block = block;
        _length = checked((int)block.Size.VoxelCount);
        _distance = GC.AllocateUninitializedArray<byte>(_length);
        _rowReach = new ulong[block.Size.Y * block.Size.Z];
    }

    /// <summary>Every voxel within <paramref name="radiusMm"/> of a mask voxel; target may be the source.</summary>
    public void Dilate(byte[] source, byte[] target, double radiusMm) => Apply(source, target, radiusMm, erosion: false);

    /// <summary>Every mask voxel whose ball of <paramref name="radiusMm"/> holds no background voxel of the block; target may be the source.</summary>
    public void Erode(byte[] source, byte[] target, double radiusMm) => Apply(source, target, radiusMm, erosion: true);

    private void Apply(byte[] source, byte[] target, double radiusMm, bool erosion)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Length < _length || target.Length < _length)
        {
            throw new ArgumentException($"a mask array does not hold the {_block.Size} block");
        }

        if (!(radiusMm >= 0) || !double.IsFinite(radiusMm))
        {
            throw new ArgumentOutOfRangeException(nameof(radiusMm), "a radius is a finite number of millimetres, 0 or more");
        }

        var ball = new BallRows(radiusMm, _block.Spacing, RelativeTolerance);
        if (ball.MaxHalfWidth >= byte.MaxValue)
        {
            // Distances are bytes; a ball this wide in voxels is far outside what CT needs, so the general path may be slow.
            ApplyByDistanceTransform(source, target, radiusMm, erosion);
            return;
        }

        MeasureRows(source, ball, erosion);
        var slabs = BallSlabs.Of(radiusMm, _block.Spacing, RelativeTolerance);
        if (slabs is not null && PlaneDistanceTest.Handles(slabs))
        {
            _planeTest ??= new PlaneDistanceTest(_block.Size);
            _planeTest.Write(source, target, _distance, _rowReach, slabs, erosion);
        }
        else
        {
            new BallRowTest(_block.Size, ball).Write(source, target, _distance, _rowReach, erosion);
        }
    }

    /// <summary>Row distances to the features, and per row the tiles that a feature of the row reaches.</summary>
    private void MeasureRows(byte[] source, BallRows ball, bool erosion)
    {
        var size = _block.Size;
        int nx = size.X;
        int ny = size.Y;
        byte cap = (byte)(ball.MaxHalfWidth + 1);
        Parallel.For(0, size.Z, z =>
        {
            for (int y = 0; y < ny; y++)
            {
                int row = (z * ny) + y;
                int start = row * nx;
                _rowReach[row] = RowDistances.Measure(source.AsSpan(start, nx), _distance.AsSpan(start, nx), featureIsForeground: !erosion, cap, ball.MaxHalfWidth);
            }
        });
    }

    private void ApplyByDistanceTransform(byte[] source, byte[] target, double radiusMm, bool erosion)
    {
        var mask = new Volume<byte>(_block, source.AsSpan(0, _length).ToArray());
        var result = erosion ? BinaryMorphology.Erode(mask, radiusMm) : BinaryMorphology.Dilate(mask, radiusMm);
        result.Voxels.CopyTo(target, 0);
    }
}
