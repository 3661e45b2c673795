using Hem.Imaging.Volumes;

namespace Hem.Imaging.Morphology;

/// <summary>
/// Dilation, erosion, opening and closing of a mask (non-zero = inside) by a closed ball of a radius in
/// millimetres, computed from the exact distance transform, so the structuring element is the exact sphere on an
/// anisotropic grid rather than a voxel stencil. Results are 0/1 masks on the same grid.
/// </summary>
/// <remarks>
/// A voxel at exactly the radius is inside the ball; squared distances are compared with a relative tolerance of
/// 1e-5 so that float rounding cannot move such a voxel out. Only the mask's bounding box grown by the radius is
/// transformed, so small masks on large grids cost little. By default voxels outside the grid are unknown rather
/// than background: erosion does not eat into a mask from the edge of the grid (a brain cut off by the last
/// slice keeps its cut face), which keeps closing extensive and opening anti-extensive everywhere.
/// </remarks>
public static class BinaryMorphology
{
    private const double RelativeTolerance = 1e-5;

    /// <summary>Every voxel within <paramref name="radiusMm"/> of a mask voxel.</summary>
    public static Volume<byte> Dilate(Volume<byte> mask, double radiusMm)
    {
        ArgumentNullException.ThrowIfNull(mask);
        double limit = SquaredLimit(radiusMm);
        var result = Volume.Zeros<byte>(mask.Geometry);
        if (VoxelBox.Of(mask) is not { } box)
        {
            return result;
        }

        var region = box.Expand(radiusMm, mask.Geometry.Spacing, mask.Size);
        var squared = RegionDistances(mask, region, featureIsForeground: true);
        Select(mask, region, squared, limit, erosion: false, result);
        return result;
    }

    /// <summary>
    /// Every mask voxel whose ball of <paramref name="radiusMm"/> holds no background voxel of the grid (and, when
    /// <paramref name="edgeIsBackground"/>, does not reach past the grid's edge).
    /// </summary>
    public static Volume<byte> Erode(Volume<byte> mask, double radiusMm, bool edgeIsBackground = false)
    {
        ArgumentNullException.ThrowIfNull(mask);
        double limit = SquaredLimit(radiusMm);
        var result = Volume.Zeros<byte>(mask.Geometry);
        if (VoxelBox.Of(mask) is not { } box)
        {
            return result;
        }

        // Background farther than the radius cannot matter, so the grown box holds every voxel that can.
        var region = box.Expand(radiusMm, mask.Geometry.Spacing, mask.Size);
        var squared = RegionDistances(mask, region, featureIsForeground: false);
        if (edgeIsBackground)
        {
            ApplyGridEdge(squared, region, mask);
        }

        Select(mask, region, squared, limit, erosion: true, result);
        return result;
    }

    /// <summary>Erosion then dilation: removes parts narrower than the ball.</summary>
    public static Volume<byte> Open(Volume<byte> mask, double radiusMm, bool edgeIsBackground = false) =>
        Dilate(Erode(mask, radiusMm, edgeIsBackground), radiusMm);

    /// <summary>Dilation then erosion: fills gaps and dents narrower than the ball.</summary>
    public static Volume<byte> Close(Volume<byte> mask, double radiusMm) =>
        Erode(Dilate(mask, radiusMm), radiusMm);

    private static double SquaredLimit(double radiusMm)
    {
        if (!(radiusMm >= 0) || !double.IsFinite(radiusMm))
        {
            throw new ArgumentOutOfRangeException(nameof(radiusMm), "a radius is a finite number of millimetres, 0 or more");
        }

        return radiusMm * radiusMm * (1 + RelativeTolerance);
    }

    private static float[] RegionDistances(Volume<byte> mask, VoxelBox region, bool featureIsForeground)
    {
        var size = region.Size;
        var values = new float[size.VoxelCount];
        var grid = mask.Size;
        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                var source = mask.Voxels.AsSpan((int)(((region.Z0 + z) * grid.VoxelsPerSlice) + ((long)(region.Y0 + y) * grid.X) + region.X0), size.X);
                var target = values.AsSpan((int)((z * size.VoxelsPerSlice) + ((long)y * size.X)), size.X);
                for (int x = 0; x < source.Length; x++)
                {
                    target[x] = (source[x] != 0) == featureIsForeground ? 0f : float.PositiveInfinity;
                }
            }
        }

        SquaredDistance.Transform(values, size, mask.Geometry.Spacing);
        return values;
    }

    /// <summary>Lowers each squared distance to the squared distance to the nearest voxel centre just outside the grid.</summary>
    private static void ApplyGridEdge(float[] squared, VoxelBox region, Volume<byte> mask)
    {
        var grid = mask.Size;
        var spacing = mask.Geometry.Spacing;
        var size = region.Size;
        for (int z = 0; z < size.Z; z++)
        {
            double dz = EdgeDistance(region.Z0 + z, grid.Z, spacing.Z);
            for (int y = 0; y < size.Y; y++)
            {
                double dyz = Math.Min(dz, EdgeDistance(region.Y0 + y, grid.Y, spacing.Y));
                long start = (z * size.VoxelsPerSlice) + ((long)y * size.X);
                for (int x = 0; x < size.X; x++)
                {
                    double d = Math.Min(dyz, EdgeDistance(region.X0 + x, grid.X, spacing.X));
                    squared[start + x] = Math.Min(squared[start + x], (float)(d * d));
                }
            }
        }
    }

    // The nearest outside centre differs in one index only: -1 or n along one axis.
    private static double EdgeDistance(int index, int count, double spacing) => Math.Min(index + 1, count - index) * spacing;

    /// <summary>Dilation keeps voxels within the limit of the mask; erosion keeps mask voxels beyond it from the background.</summary>
    private static void Select(Volume<byte> mask, VoxelBox region, float[] squared, double limit, bool erosion, Volume<byte> result)
    {
        var grid = mask.Size;
        var size = region.Size;
        var source = mask.Voxels;
        var target = result.Voxels;
        Parallel.For(0, size.Z, z =>
        {
            for (int y = 0; y < size.Y; y++)
            {
                long wholeStart = ((region.Z0 + z) * grid.VoxelsPerSlice) + ((long)(region.Y0 + y) * grid.X) + region.X0;
                long partStart = (z * size.VoxelsPerSlice) + ((long)y * size.X);
                for (int x = 0; x < size.X; x++)
                {
                    float d = squared[partStart + x];
                    bool keep = erosion ? source[wholeStart + x] != 0 && d > limit : d <= limit;
                    if (keep)
                    {
                        target[wholeStart + x] = 1;
                    }
                }
            }
        });
    }
}
