using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>The ground-truth masks of a case and their volumes.</summary>
public sealed record CaseMasks(byte[] Baseline, byte[] FollowUp, long BaselineVoxels, long FollowUpVoxels, double VoxelVolumeMl)
{
    public double BaselineMl => BaselineVoxels * VoxelVolumeMl;

    public double FollowUpMl => FollowUpVoxels * VoxelVolumeMl;
}

/// <summary>
/// Rasterises the baseline and follow-up hematomas onto the case's grid: a voxel is in the mask when more than half
/// of it, averaged over the same samples through the slice that the CT uses, is parenchymal hematoma. Only the
/// hematoma's box is visited and only the confinement part of the anatomy is evaluated, so masks (and the HE
/// statistics) come without rendering any CT; they agree with the rendered CT sample for sample.
/// </summary>
public static class HematomaRasterizer
{
    public static CaseMasks Rasterize(SyntheticCase scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var baseline = Rasterize(scan, scan.Baseline, out long baselineVoxels);
        var followUp = Rasterize(scan, scan.FollowUp, out long followUpVoxels);
        var spacing = scan.Geometry.Spacing;
        return new CaseMasks(baseline, followUp, baselineVoxels, followUpVoxels, spacing.X * spacing.Y * spacing.Z / 1000.0);
    }

    [MethodImpl(Hot.Loop)]
    private static byte[] Rasterize(SyntheticCase scan, HematomaScene scene, out long voxels)
    {
        var geometry = scan.Geometry;
        var size = geometry.Size;
        int plane = size.X * size.Y;
        var mask = new byte[size.VoxelCount];
        var (i0, i1, j0, j1, k0, k1) = IndexBox(scan, scene);
        if (i0 > i1 || j0 > j1 || k0 > k1)
        {
            voxels = 0;
            return mask;
        }

        float ramp = (float)scan.PixelSpacingMm;
        float pixel = (float)geometry.Spacing.X;
        int samples = scan.Protocol.SubSamples;
        var step = scan.Pose.DirectionToHead(HeadPose.Of(geometry.RowDirection) * (float)geometry.Spacing.X);
        var counts = new long[k1 - k0 + 1];
        Parallel.For(k0, k1 + 1, [MethodImpl(Hot.Loop)] (int k) =>
        {
            int w = i1 - i0 + 1;
            var sum = new float[w * (j1 - j0 + 1)];
            for (int s = 0; s < samples; s++)
            {
                double kk = k + (scan.Protocol.SubSampleOffset(s) / geometry.Spacing.Z);
                for (int j = j0; j <= j1; j++)
                {
                    var rowHead = scan.Pose.ToHead(scan.World(0, j, kk));
                    for (int i = i0; i <= i1;)
                    {
                        var head = rowHead + (i * step);
                        float fraction = scene.Fraction(head, scan.Phantom, ramp, out float clearance);
                        sum[((j - j0) * w) + (i - i0)] += fraction;
                        // Far outside the surface: skip ahead by most of the distance (the surface function changes
                        // by about a millimetre per millimetre; 60 % of it is safe with noisy margins).
                        i += clearance > 2 * ramp ? Math.Max(1, (int)(0.6f * (clearance - ramp) / pixel)) : 1;
                    }
                }
            }

            long count = 0;
            float half = 0.5f * samples;
            for (int j = j0; j <= j1; j++)
            {
                for (int i = i0; i <= i1; i++)
                {
                    if (sum[((j - j0) * w) + (i - i0)] > half)
                    {
                        mask[((long)k * plane) + (j * size.X) + i] = 1;
                        count++;
                    }
                }
            }

            counts[k - k0] = count;
        });
        voxels = counts.Sum();
        return mask;
    }

    /// <summary>The voxel index box covering the scene's head-space box.</summary>
    private static (int I0, int I1, int J0, int J1, int K0, int K1) IndexBox(SyntheticCase scan, HematomaScene scene)
    {
        var geometry = scan.Geometry;
        var min = new Vector3(float.MaxValue);
        var max = new Vector3(float.MinValue);
        for (int corner = 0; corner < 8; corner++)
        {
            var p = new Vector3(
                (corner & 1) == 0 ? scene.MaskBoundsMin.X : scene.MaskBoundsMax.X,
                (corner & 2) == 0 ? scene.MaskBoundsMin.Y : scene.MaskBoundsMax.Y,
                (corner & 4) == 0 ? scene.MaskBoundsMin.Z : scene.MaskBoundsMax.Z);
            var index = geometry.PatientToIndex(ToD(scan.Pose.ToWorld(p)));
            var v = new Vector3((float)index.X, (float)index.Y, (float)index.Z);
            min = Vector3.Min(min, v);
            max = Vector3.Max(max, v);
        }

        var size = geometry.Size;
        return (
            Math.Max(0, (int)MathF.Floor(min.X) - 1), Math.Min(size.X - 1, (int)MathF.Ceiling(max.X) + 1),
            Math.Max(0, (int)MathF.Floor(min.Y) - 1), Math.Min(size.Y - 1, (int)MathF.Ceiling(max.Y) + 1),
            Math.Max(0, (int)MathF.Floor(min.Z) - 1), Math.Min(size.Z - 1, (int)MathF.Ceiling(max.Z) + 1));
    }

    private static Hem.Dicom.Series.Vector3D ToD(Vector3 v) => new(v.X, v.Y, v.Z);
}
