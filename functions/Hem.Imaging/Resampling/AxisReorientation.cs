using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Resampling;

/// <summary>
/// Reorders a volume's axes, and reverses some, so that x runs toward the patient's left, y toward the back and z
/// toward the head (LPS, the orientation of a standard axial CT) as nearly as the grid allows. Only whole axes
/// are swapped and flipped, never interpolated, so it is exact and <see cref="Invert{T}"/> undoes it voxel for
/// voxel. For an oblique grid each new axis is the old axis nearest that patient direction (the permutation with
/// the largest total alignment); the directions themselves are kept, so every voxel stays where it was.
/// </summary>
public sealed class AxisReorientation
{
    private readonly int[] _sourceAxis = new int[3];
    private readonly bool[] _flipped = new bool[3];

    private AxisReorientation(VolumeGeometry source)
    {
        Source = source;
        Vector3D[] directions = [source.RowDirection, source.ColumnDirection, source.SliceDirection];
        int[][] permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        double best = double.NegativeInfinity;
        foreach (var permutation in permutations)
        {
            // permutation[t]: the source axis that becomes target axis t (patient axis t).
            double score = 0;
            for (int t = 0; t < 3; t++)
            {
                score += Math.Abs(Component(directions[permutation[t]], t));
            }

            if (score > best + 1e-12)
            {
                best = score;
                permutation.CopyTo(_sourceAxis, 0);
            }
        }

        int[] sizes = [source.Size.X, source.Size.Y, source.Size.Z];
        double[] spacings = [source.Spacing.X, source.Spacing.Y, source.Spacing.Z];
        var newDirections = new Vector3D[3];
        var newSize = new int[3];
        var newSpacing = new double[3];
        var firstVoxel = new double[3];
        for (int t = 0; t < 3; t++)
        {
            int a = _sourceAxis[t];
            _flipped[t] = Component(directions[a], t) < 0;
            newDirections[t] = _flipped[t] ? -directions[a] : directions[a];
            newSize[t] = sizes[a];
            newSpacing[t] = spacings[a];
            firstVoxel[a] = _flipped[t] ? sizes[a] - 1 : 0;
        }

        Target = new VolumeGeometry(
            new GridSize(newSize[0], newSize[1], newSize[2]),
            new Vector3D(newSpacing[0], newSpacing[1], newSpacing[2]),
            source.IndexToPatient(firstVoxel[0], firstVoxel[1], firstVoxel[2]),
            newDirections[0],
            newDirections[1],
            newDirections[2]);
    }

    public VolumeGeometry Source { get; }

    /// <summary>The reoriented grid.</summary>
    public VolumeGeometry Target { get; }

    /// <summary>Whether the source is already in that orientation (the reorientation copies voxels as they are).</summary>
    public bool IsIdentity => _sourceAxis[0] == 0 && _sourceAxis[1] == 1 && _sourceAxis[2] == 2 && !_flipped[0] && !_flipped[1] && !_flipped[2];

    /// <summary>Plans the reorientation of a grid to LPS.</summary>
    public static AxisReorientation ToLps(VolumeGeometry source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new AxisReorientation(source);
    }

    /// <summary>The volume on <see cref="Target"/>.</summary>
    public Volume<T> Apply<T>(Volume<T> volume)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(volume);
        RequireGrid(volume.Geometry, Source);
        var result = Volume.Zeros<T>(Target);
        Copy(volume.Voxels, result.Voxels, gather: true);
        return result;
    }

    /// <summary>A volume on <see cref="Target"/> (a prediction, say) put back on the source grid.</summary>
    public Volume<T> Invert<T>(Volume<T> reoriented)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(reoriented);
        RequireGrid(reoriented.Geometry, Target);
        var result = Volume.Zeros<T>(Source);
        Copy(reoriented.Voxels, result.Voxels, gather: false);
        return result;
    }

    private static double Component(Vector3D v, int axis) => axis switch { 0 => v.X, 1 => v.Y, _ => v.Z };

    private static void RequireGrid(VolumeGeometry actual, VolumeGeometry expected)
    {
        if (actual.Size != expected.Size)
        {
            throw new ArgumentException($"a {actual.Size} volume is not on the {expected.Size} grid this reorientation was planned for", nameof(actual));
        }
    }

    /// <summary>Walks the target grid; gather reads source into target, otherwise target is scattered back into source.</summary>
    private void Copy<T>(T[] from, T[] to, bool gather)
        where T : unmanaged
    {
        var n = Source.Size;
        long[] sourceStrides = [1, n.X, n.VoxelsPerSlice];
        int[] sourceSizes = [n.X, n.Y, n.Z];
        var stride = new long[3];
        long start = 0;
        for (int t = 0; t < 3; t++)
        {
            int a = _sourceAxis[t];
            stride[t] = _flipped[t] ? -sourceStrides[a] : sourceStrides[a];
            if (_flipped[t])
            {
                start += (sourceSizes[a] - 1) * sourceStrides[a];
            }
        }

        var m = Target.Size;
        var source = gather ? from : to;
        var target = gather ? to : from;
        Parallel.For(0, m.Z, k =>
        {
            for (int j = 0; j < m.Y; j++)
            {
                long s = start + (k * stride[2]) + (j * stride[1]);
                long t = (k * m.VoxelsPerSlice) + ((long)j * m.X);
                for (int i = 0; i < m.X; i++, s += stride[0])
                {
                    if (gather)
                    {
                        target[t + i] = source[s];
                    }
                    else
                    {
                        source[s] = target[t + i];
                    }
                }
            }
        });
    }
}
