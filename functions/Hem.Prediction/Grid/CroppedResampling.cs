using Hem.Dicom.Series;
using Hem.Imaging.Resampling;
using Hem.Imaging.Volumes;

namespace Hem.Prediction.Grid;

/// <summary>
/// Trilinear resampling of a large volume onto a small grid inside it (a CT onto its ROI) that reads only the
/// source voxels the target can touch: the source is cropped to the target's reach plus one voxel, so every sample
/// interpolates between the same voxels as on the whole volume, and the result equals resampling the whole volume.
/// </summary>
internal static class CroppedResampling
{
    public static Volume<float> Trilinear(Volume<short> source, VolumeGeometry target, float outside) =>
        Reach(source.Geometry, target) is { } box ? Resampler.Trilinear(RegionOfInterest.Crop(source, box), target, outside) : Filled(target, outside);

    /// <summary>A mask (non-zero inside) as the fraction 0..1 of each target voxel it covers, by trilinear interpolation of 0/1.</summary>
    public static Volume<float> Fraction(Volume<byte> mask, VolumeGeometry target)
    {
        if (Reach(mask.Geometry, target) is not { } box)
        {
            return Filled(target, 0f);
        }

        var part = RegionOfInterest.Crop(mask, box);
        var ones = new float[part.Voxels.Length];
        var voxels = part.Voxels;
        for (int i = 0; i < ones.Length; i++)
        {
            ones[i] = voxels[i] != 0 ? 1f : 0f;
        }

        return Resampler.Trilinear(part.SameGrid(ones), target, 0f);
    }

    /// <summary>The source voxels within one voxel of the target's outermost centres, or null when the target lies outside the source.</summary>
    private static VoxelBox? Reach(VolumeGeometry source, VolumeGeometry target)
    {
        var n = target.Size;
        double[] low = [double.MaxValue, double.MaxValue, double.MaxValue];
        double[] high = [double.MinValue, double.MinValue, double.MinValue];
        foreach (int k in new[] { 0, n.Z - 1 })
        {
            foreach (int j in new[] { 0, n.Y - 1 })
            {
                foreach (int i in new[] { 0, n.X - 1 })
                {
                    var p = source.PatientToIndex(target.IndexToPatient(i, j, k));
                    double[] c = [p.X, p.Y, p.Z];
                    for (int a = 0; a < 3; a++)
                    {
                        low[a] = Math.Min(low[a], c[a]);
                        high[a] = Math.Max(high[a], c[a]);
                    }
                }
            }
        }

        int[] counts = [source.Size.X, source.Size.Y, source.Size.Z];
        int[] start = new int[3];
        int[] end = new int[3];
        for (int a = 0; a < 3; a++)
        {
            start[a] = (int)Math.Clamp(Math.Floor(low[a]) - 1, 0, counts[a]);
            end[a] = (int)Math.Clamp(Math.Ceiling(high[a]) + 2, 0, counts[a]);
            if (end[a] <= start[a])
            {
                return null;
            }
        }

        return new VoxelBox(start[0], start[1], start[2], end[0], end[1], end[2]);
    }

    private static Volume<float> Filled(VolumeGeometry target, float value)
    {
        var volume = Volume.Zeros<float>(target);
        volume.Voxels.AsSpan().Fill(value);
        return volume;
    }
}
