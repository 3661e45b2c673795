using Hem.Dicom.Series;

namespace Hem.Imaging.Morphology;

/// <summary>
/// A closed ball on a grid with square pixels, as the discs it cuts in the slices it reaches: for each slice
/// offset dz, the largest dx^2 + dy^2 (in squared pixels, an integer) still inside. A voxel is within the radius
/// of a feature exactly when, in one of these slices, the squared in-plane distance in pixels to the nearest
/// feature is at most that slice's limit.
/// </summary>
/// <remarks>Membership uses the same squared limit (radius squared with the relative tolerance) as <see cref="BallRows"/>.</remarks>
internal sealed class BallSlabs
{
    private readonly int[] _planeLimits;

    private BallSlabs(int[] planeLimits)
    {
        _planeLimits = planeLimits;
        int reachY = 0;
        while ((long)(reachY + 1) * (reachY + 1) <= planeLimits[0])
        {
            reachY++;
        }

        ReachY = reachY;
    }

    /// <summary>The largest |dz| the ball reaches.</summary>
    public int ReachZ => _planeLimits.Length - 1;

    /// <summary>The largest |dy| the ball reaches.</summary>
    public int ReachY { get; }

    /// <summary>The slabs, or null when the pixels are not square (the squared pixel distances are then no common unit).</summary>
    public static BallSlabs? Of(double radiusMm, Vector3D spacing, double relativeTolerance)
    {
        if (spacing.X != spacing.Y)
        {
            return null;
        }

        double limit = radiusMm * radiusMm * (1 + relativeTolerance);
        double pixelArea = spacing.X * spacing.X;
        var limits = new List<int>();
        for (int dz = 0; ; dz++)
        {
            double rest = limit - ((dz * spacing.Z) * (dz * spacing.Z));
            if (rest < 0)
            {
                break;
            }

            // The largest whole number of squared pixels within the rest, corrected for the rounding of the division.
            long squares = (long)Math.Min(int.MaxValue, Math.Floor(rest / pixelArea));
            while (squares > 0 && squares * pixelArea > rest)
            {
                squares--;
            }

            while (squares < int.MaxValue && (squares + 1) * pixelArea <= rest)
            {
                squares++;
            }

            limits.Add((int)squares);
        }

        return new BallSlabs([.. limits]);
    }

    /// <summary>The largest dx^2 + dy^2 in the slice <paramref name="dz"/> slices away (either side).</summary>
    public int PlaneLimit(int dz) => _planeLimits[Math.Abs(dz)];
}
