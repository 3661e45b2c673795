using System.Numerics;
using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Resampling;

/// <summary>
/// Resamples a volume onto any other grid (any spacing, orientation and origin): trilinear for intensities,
/// nearest neighbour or majority vote for masks. A target voxel is inside the source when its centre lies within
/// the source grid's voxel extent (continuous index in [-0.5, n - 0.5] on every axis, as ITK does); between the
/// outermost voxel centres and that edge the edge value is used, and outside it the fill value.
/// </summary>
public static class Resampler
{
    private const double EdgeTolerance = 1e-6;

    /// <summary>Trilinear interpolation of CT (HU) onto <paramref name="target"/>; outside the source, <paramref name="outside"/> (air).</summary>
    public static Volume<float> Trilinear(Volume<short> source, VolumeGeometry target, float outside = -1024f) => TrilinearCore(source, target, outside);

    /// <summary>Trilinear interpolation of a float map onto <paramref name="target"/>.</summary>
    public static Volume<float> Trilinear(Volume<float> source, VolumeGeometry target, float outside) => TrilinearCore(source, target, outside);

    /// <summary>The value of the source voxel whose extent holds each target centre (halfway rounds up); outside, <paramref name="outside"/>.</summary>
    public static Volume<T> Nearest<T>(Volume<T> source, VolumeGeometry target, T outside)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        return Walk<T, NearestSampler<T>>(source.Geometry, target, new NearestSampler<T>(source.Voxels, source.Size, outside));
    }

    /// <summary>
    /// A mask (non-zero = inside) onto a coarser grid by majority vote: each source voxel votes for the target voxel
    /// whose extent holds its centre, and a target voxel is inside when strictly more than half of its votes are
    /// (a tie is outside). Target voxels that receive no vote (finer than the source there, or outside it) take
    /// the nearest source voxel, so the method serves any grid.
    /// </summary>
    public static Volume<byte> MajorityVote(Volume<byte> source, VolumeGeometry target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var map = IndexMapping.Between(target, source.Geometry);
        var n = source.Size;
        var size = target.Size;
        var votes = new int[size.VoxelCount];
        var insideVotes = new int[size.VoxelCount];
        var voxels = source.Voxels;

        // Votes are scattered, so this pass stays on one thread rather than contend on the counters.
        for (int k = 0; k < n.Z; k++)
        {
            for (int j = 0; j < n.Y; j++)
            {
                var start = map.RowStart(j, k);
                long row = (k * n.VoxelsPerSlice) + ((long)j * n.X);
                for (int i = 0; i < n.X; i++)
                {
                    var p = start + (i * map.StepX);
                    int x = NearestIndex(p.X, size.X), y = NearestIndex(p.Y, size.Y), z = NearestIndex(p.Z, size.Z);
                    if ((x | y | z) < 0)
                    {
                        continue;
                    }

                    long t = (z * size.VoxelsPerSlice) + ((long)y * size.X) + x;
                    votes[t]++;
                    if (voxels[row + i] != 0)
                    {
                        insideVotes[t]++;
                    }
                }
            }
        }

        var result = Nearest(source, target, (byte)0);
        var output = result.Voxels;
        for (long t = 0; t < output.LongLength; t++)
        {
            if (votes[t] > 0)
            {
                output[t] = (byte)(2 * insideVotes[t] > votes[t] ? 1 : 0);
            }
            else
            {
                output[t] = (byte)(output[t] != 0 ? 1 : 0);
            }
        }

        return result;
    }

    private static Volume<float> TrilinearCore<T>(Volume<T> source, VolumeGeometry target, float outside)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        return Walk<float, TrilinearSampler<T>>(source.Geometry, target, new TrilinearSampler<T>(source.Voxels, source.Size, outside));
    }

    /// <summary>
    /// Visits every target voxel, z-slices in parallel, and asks the sampler for the value at the matching
    /// continuous source index. The sampler is a struct type parameter so each loop is compiled for its sampler:
    /// no delegate call per voxel.
    /// </summary>
    private static Volume<TOut> Walk<TOut, TSampler>(VolumeGeometry source, VolumeGeometry target, TSampler sampler)
        where TOut : unmanaged
        where TSampler : struct, IVoxelSampler<TOut>
    {
        var map = IndexMapping.Between(source, target);
        var result = Volume.Zeros<TOut>(target);
        var output = result.Voxels;
        var size = target.Size;
        Parallel.For(0, size.Z, k =>
        {
            for (int j = 0; j < size.Y; j++)
            {
                var start = map.RowStart(j, k);
                long row = (k * size.VoxelsPerSlice) + ((long)j * size.X);
                for (int i = 0; i < size.X; i++)
                {
                    output[row + i] = sampler.Sample(start + (i * map.StepX));
                }
            }
        });
        return result;
    }

    private interface IVoxelSampler<out TOut>
    {
        TOut Sample(Vector3D index);
    }

    private readonly struct NearestSampler<T>(T[] voxels, GridSize n, T outside) : IVoxelSampler<T>
        where T : unmanaged
    {
        public T Sample(Vector3D p)
        {
            int x = NearestIndex(p.X, n.X), y = NearestIndex(p.Y, n.Y), z = NearestIndex(p.Z, n.Z);
            return (x | y | z) < 0 ? outside : voxels[(z * n.VoxelsPerSlice) + ((long)y * n.X) + x];
        }
    }

    private readonly struct TrilinearSampler<T>(T[] voxels, GridSize n, float outside) : IVoxelSampler<float>
        where T : unmanaged, INumberBase<T>
    {
        public float Sample(Vector3D p)
        {
            if (!Axis.Of(p.X, n.X, out int x0, out int x1, out double tx)
                || !Axis.Of(p.Y, n.Y, out int y0, out int y1, out double ty)
                || !Axis.Of(p.Z, n.Z, out int z0, out int z1, out double tz))
            {
                return outside;
            }

            long plane = n.VoxelsPerSlice;
            long r00 = (z0 * plane) + ((long)y0 * n.X), r01 = (z0 * plane) + ((long)y1 * n.X);
            long r10 = (z1 * plane) + ((long)y0 * n.X), r11 = (z1 * plane) + ((long)y1 * n.X);
            double c00 = Lerp(Value(voxels[r00 + x0]), Value(voxels[r00 + x1]), tx);
            double c01 = Lerp(Value(voxels[r01 + x0]), Value(voxels[r01 + x1]), tx);
            double c10 = Lerp(Value(voxels[r10 + x0]), Value(voxels[r10 + x1]), tx);
            double c11 = Lerp(Value(voxels[r11 + x0]), Value(voxels[r11 + x1]), tx);
            return (float)Lerp(Lerp(c00, c01, ty), Lerp(c10, c11, ty), tz);
        }

        private static double Value(T v) => double.CreateTruncating(v);
    }

    private static double Lerp(double a, double b, double t) => t == 0 ? a : a + ((b - a) * t);

    /// <summary>The voxel whose extent holds a continuous index, or -1 outside the grid.</summary>
    private static int NearestIndex(double index, int count)
    {
        index = IndexMapping.Snap(index);
        if (!(index >= -0.5 - EdgeTolerance) || !(index < count - 0.5 + EdgeTolerance))
        {
            return -1;
        }

        return Math.Clamp((int)Math.Floor(index + 0.5), 0, count - 1);
    }

    /// <summary>The two neighbouring voxel centres along one axis and the weight of the second.</summary>
    private static class Axis
    {
        public static bool Of(double index, int count, out int lower, out int upper, out double weight)
        {
            index = IndexMapping.Snap(index);
            lower = upper = 0;
            weight = 0;
            if (!(index >= -0.5 - EdgeTolerance) || !(index <= count - 0.5 + EdgeTolerance))
            {
                return false;
            }

            double clamped = Math.Clamp(index, 0, count - 1);
            lower = Math.Min((int)clamped, Math.Max(count - 2, 0));
            upper = Math.Min(lower + 1, count - 1);
            weight = clamped - lower;
            return true;
        }
    }
}
