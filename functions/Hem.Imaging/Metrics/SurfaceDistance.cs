using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Metrics;

/// <summary>
/// Distances between mask surfaces in millimetres. A surface voxel is a mask voxel with at least one of its 6
/// face neighbours outside the mask (the grid's edge counts as outside), as in medpy and the Medical Segmentation
/// Decathlon. Distances are from each surface voxel of one mask to the nearest surface voxel of the other, by the
/// exact distance transform.
/// </summary>
public static class SurfaceDistance
{
    /// <summary>
    /// The 95th percentile of the symmetric surface distances: both directed sets pooled, percentile by linear
    /// interpolation between order statistics (numpy's default). 0 when both masks are empty, +infinity when only
    /// one is (no surface to measure to).
    /// </summary>
    public static double Hausdorff95(Volume<byte> a, Volume<byte> b) => Percentile(a, b, 95);

    /// <summary>The maximum symmetric surface distance (the Hausdorff distance between surfaces).</summary>
    public static double Hausdorff(Volume<byte> a, Volume<byte> b) => Percentile(a, b, 100);

    /// <summary>The given percentile (0..100) of the pooled symmetric surface distances.</summary>
    public static double Percentile(Volume<byte> a, Volume<byte> b, double percentile)
    {
        MaskGrids.RequireSame(a, b);
        if (!(percentile >= 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), "a percentile lies in 0..100");
        }

        var boxA = VoxelBox.Of(a);
        var boxB = VoxelBox.Of(b);
        if (boxA is null || boxB is null)
        {
            return boxA is null && boxB is null ? 0 : double.PositiveInfinity;
        }

        // Every surface voxel of either mask lies in the union of their boxes, so distances computed there are exact.
        var region = Union(boxA.Value, boxB.Value);
        var partA = RegionOfInterest.Crop(a, region);
        var partB = RegionOfInterest.Crop(b, region);
        var surfaceA = Surface(partA);
        var surfaceB = Surface(partB);
        var distances = new List<double>();
        Collect(surfaceA, DistanceTransform.ToForeground(surfaceB), distances);
        Collect(surfaceB, DistanceTransform.ToForeground(surfaceA), distances);
        return LinearPercentile(distances, percentile);
    }

    /// <summary>numpy.percentile's default ("linear"): position q/100 x (n - 1) between sorted values.</summary>
    public static double LinearPercentile(List<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        values.Sort();
        double position = percentile / 100 * (values.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, values.Count - 1);
        double fraction = position - lower;
        return values[lower] + ((values[upper] - values[lower]) * fraction);
    }

    private static VoxelBox Union(VoxelBox a, VoxelBox b) =>
        new(Math.Min(a.X0, b.X0), Math.Min(a.Y0, b.Y0), Math.Min(a.Z0, b.Z0), Math.Max(a.X1, b.X1), Math.Max(a.Y1, b.Y1), Math.Max(a.Z1, b.Z1));

    /// <summary>
    /// The surface of a cropped mask. The crop holds every mask voxel, so a neighbour beyond it is outside the mask
    /// whether it lies beyond the grid's edge or not.
    /// </summary>
    private static Volume<byte> Surface(Volume<byte> part)
    {
        var n = part.Size;
        var mask = part.Voxels;
        var surface = new byte[mask.Length];
        long plane = n.VoxelsPerSlice;
        for (int z = 0; z < n.Z; z++)
        {
            for (int y = 0; y < n.Y; y++)
            {
                long row = (z * plane) + ((long)y * n.X);
                for (int x = 0; x < n.X; x++)
                {
                    long i = row + x;
                    if (mask[i] == 0)
                    {
                        continue;
                    }

                    bool inner = x > 0 && x < n.X - 1 && y > 0 && y < n.Y - 1 && z > 0 && z < n.Z - 1
                        && mask[i - 1] != 0 && mask[i + 1] != 0
                        && mask[i - n.X] != 0 && mask[i + n.X] != 0
                        && mask[i - plane] != 0 && mask[i + plane] != 0;
                    surface[i] = (byte)(inner ? 0 : 1);
                }
            }
        }

        return part.SameGrid(surface);
    }

    private static void Collect(Volume<byte> from, Volume<float> distanceTo, List<double> distances)
    {
        var surface = from.Voxels;
        var d = distanceTo.Voxels;
        for (int i = 0; i < surface.Length; i++)
        {
            if (surface[i] != 0)
            {
                distances.Add(d[i]);
            }
        }
    }
}
