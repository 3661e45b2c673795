using Hem.Imaging.Volumes;

namespace Hem.Imaging.Metrics;

/// <summary>
/// Measures ABC/2 on a mask the way a reader does on an axial CT, with the grid's z planes as the axial slices:
/// <list type="bullet">
/// <item>the largest slice is the z plane with the most mask voxels (the first of equals);</item>
/// <item>A is that slice's longest diameter: the largest distance between two points of the hematoma as drawn,
/// i.e. between corners of its voxels (edge to edge, as calipers are placed on the image, not centre to centre);</item>
/// <item>B is the largest extent perpendicular to A on the same slice: the width of the voxels' projection onto the
/// in-plane direction perpendicular to A (the caliper width, which for a convex outline is the longest
/// perpendicular chord);</item>
/// <item>C is the number of z planes holding any mask voxel times the slice spacing. Every such slice counts as a
/// whole one (Kothari's half weighting of slices under 75 % of the largest area is not applied).</item>
/// </list>
/// In-plane distances use the x and y spacing (the axes are perpendicular). For an ellipsoid with axes along the
/// grid, ABC/2 is 3/π ≈ 0.955 of the true volume apart from voxelisation.
/// </summary>
public static class AbcOverTwo
{
    public static AbcEstimate Estimate(Volume<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var n = mask.Size;
        int plane = checked((int)n.VoxelsPerSlice);
        int largest = -1;
        long largestCount = 0;
        int slices = 0;
        for (int z = 0; z < n.Z; z++)
        {
            var slice = mask.Voxels.AsSpan(z * plane, plane);
            long count = plane - slice.Count((byte)0);
            if (count > 0)
            {
                slices++;
            }

            if (count > largestCount)
            {
                largest = z;
                largestCount = count;
            }
        }

        if (largest < 0)
        {
            return new AbcEstimate(0, 0, 0, -1, 0);
        }

        var spacing = mask.Geometry.Spacing;
        var hull = ConvexHull(mask.Voxels.AsSpan(largest * plane, plane), n.X, n.Y);
        var points = hull.Select(p => (X: p.X * 0.5 * spacing.X, Y: p.Y * 0.5 * spacing.Y)).ToArray();
        double a = 0;
        (double X, double Y) from = points[0], to = points[0];
        for (int i = 0; i < points.Length; i++)
        {
            for (int j = i + 1; j < points.Length; j++)
            {
                double d = Distance(points[i], points[j]);
                if (d > a)
                {
                    (a, from, to) = (d, points[i], points[j]);
                }
            }
        }

        double ux = (to.X - from.X) / a, uy = (to.Y - from.Y) / a;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var p in points)
        {
            double along = (-uy * p.X) + (ux * p.Y);
            min = Math.Min(min, along);
            max = Math.Max(max, along);
        }

        return new AbcEstimate(a, max - min, slices * spacing.Z, largest, slices);
    }

    private static double Distance((double X, double Y) p, (double X, double Y) q) => Math.Sqrt(((p.X - q.X) * (p.X - q.X)) + ((p.Y - q.Y) * (p.Y - q.Y)));

    /// <summary>
    /// The convex hull (Andrew's monotone chain) of the corners of the slice's boundary voxels, in half-voxel
    /// integer units (corner of voxel x at 2x - 1 and 2x + 1), so the hull is exact.
    /// </summary>
    private static List<(long X, long Y)> ConvexHull(ReadOnlySpan<byte> slice, int nx, int ny)
    {
        var corners = new HashSet<(long X, long Y)>();
        for (int y = 0; y < ny; y++)
        {
            for (int x = 0; x < nx; x++)
            {
                if (slice[(y * nx) + x] == 0)
                {
                    continue;
                }

                // Only boundary voxels can hold hull corners.
                bool inner = x > 0 && x < nx - 1 && y > 0 && y < ny - 1
                    && slice[(y * nx) + x - 1] != 0 && slice[(y * nx) + x + 1] != 0
                    && slice[((y - 1) * nx) + x] != 0 && slice[((y + 1) * nx) + x] != 0;
                if (inner)
                {
                    continue;
                }

                corners.Add(((2L * x) - 1, (2L * y) - 1));
                corners.Add(((2L * x) + 1, (2L * y) - 1));
                corners.Add(((2L * x) - 1, (2L * y) + 1));
                corners.Add(((2L * x) + 1, (2L * y) + 1));
            }
        }

        var sorted = corners.OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        var hull = new List<(long X, long Y)>(2 * sorted.Count);
        foreach (var pass in new[] { sorted, Enumerable.Reverse(sorted).ToList() })
        {
            int start = hull.Count;
            foreach (var p in pass)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }

                hull.Add(p);
            }

            hull.RemoveAt(hull.Count - 1);
        }

        return hull;
    }

    private static long Cross((long X, long Y) o, (long X, long Y) a, (long X, long Y) b) =>
        ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));
}
