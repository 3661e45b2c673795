using Hem.Dicom.Series;

namespace Hem.Imaging.Morphology;

/// <summary>
/// A closed ball of a radius in millimetres on a voxel grid, as the x rows it covers: for each (dy, dz) offset of
/// a row whose centre line the ball reaches, the largest |dx| in voxels still inside. A voxel is within the radius
/// of a feature exactly when, for one of these rows, the nearest feature along x in that row is at most the row's
/// half-width away, which turns ball morphology into per-row distance look-ups.
/// </summary>
/// <remarks>
/// Membership uses the squared limit of <see cref="BinaryMorphology"/> (the radius squared with a relative tolerance
/// of 1e-5), so both decide the same voxels.
/// </remarks>
internal sealed class BallRows
{
    private readonly int[] _dy;
    private readonly int[] _dz;
    private readonly int[] _halfWidth;

    public BallRows(double radiusMm, Vector3D spacing, double relativeTolerance)
    {
        double limit = radiusMm * radiusMm * (1 + relativeTolerance);
        int reachY = HalfWidth(limit, spacing.Y);
        int reachZ = HalfWidth(limit, spacing.Z);
        var dy = new List<int>();
        var dz = new List<int>();
        var halfWidth = new List<int>();
        for (int z = -reachZ; z <= reachZ; z++)
        {
            for (int y = -reachY; y <= reachY; y++)
            {
                double rest = limit - Square(y * spacing.Y) - Square(z * spacing.Z);
                if (rest < 0)
                {
                    continue;
                }

                dy.Add(y);
                dz.Add(z);
                halfWidth.Add(HalfWidth(rest, spacing.X));
            }
        }

        // Widest rows first: they are the likeliest to hit, so a test that stops once every voxel is hit stops early.
        int[] order = [.. Enumerable.Range(0, halfWidth.Count).OrderByDescending(k => halfWidth[k])];
        _dy = [.. order.Select(k => dy[k])];
        _dz = [.. order.Select(k => dz[k])];
        _halfWidth = [.. order.Select(k => halfWidth[k])];
        MaxHalfWidth = _halfWidth.Length == 0 ? 0 : _halfWidth.Max();
    }

    /// <summary>How many rows the ball covers (at least the centre row).</summary>
    public int Count => _halfWidth.Length;

    /// <summary>The widest half-width, that of the centre row (the first row).</summary>
    public int MaxHalfWidth { get; }

    /// <summary>The row's offset along y; rows are ordered by decreasing half-width.</summary>
    public int DyOf(int row) => _dy[row];

    public int DzOf(int row) => _dz[row];

    public int HalfWidthOf(int row) => _halfWidth[row];

    // Whole voxels along an axis that stay within the rest of the limit: floor, corrected for the rounding of the square root.
    private static int HalfWidth(double rest, double spacing)
    {
        int steps = (int)Math.Min(int.MaxValue / 2, Math.Floor(Math.Sqrt(rest) / spacing));
        while (steps > 0 && Square(steps * spacing) > rest)
        {
            steps--;
        }

        while (steps < int.MaxValue / 2 && Square((steps + 1) * spacing) <= rest)
        {
            steps++;
        }

        return steps;
    }

    private static double Square(double value) => value * value;
}
