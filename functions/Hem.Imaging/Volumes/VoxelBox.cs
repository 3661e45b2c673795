using Hem.Dicom.Series;

namespace Hem.Imaging.Volumes;

/// <summary>
/// An axis-aligned box of voxel indices: <c>[X0, X1) x [Y0, Y1) x [Z0, Z1)</c>, lower bounds inclusive, upper
/// bounds exclusive, never empty.
/// </summary>
public readonly record struct VoxelBox
{
    public VoxelBox(int x0, int y0, int z0, int x1, int y1, int z1)
    {
        if (x0 < 0 || y0 < 0 || z0 < 0 || x1 <= x0 || y1 <= y0 || z1 <= z0)
        {
            throw new ArgumentOutOfRangeException(nameof(x0), $"[{x0}, {x1}) x [{y0}, {y1}) x [{z0}, {z1}) is not a box of voxels");
        }

        X0 = x0;
        Y0 = y0;
        Z0 = z0;
        X1 = x1;
        Y1 = y1;
        Z1 = z1;
    }

    public int X0 { get; }

    public int Y0 { get; }

    public int Z0 { get; }

    public int X1 { get; }

    public int Y1 { get; }

    public int Z1 { get; }

    public GridSize Size => new(X1 - X0, Y1 - Y0, Z1 - Z0);

    /// <summary>The whole grid.</summary>
    public static VoxelBox Whole(GridSize size) => new(0, 0, 0, size.X, size.Y, size.Z);

    /// <summary>The smallest box holding every non-zero voxel, or null for an empty mask.</summary>
    public static VoxelBox? Of(Volume<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var size = mask.Size;
        int x0 = int.MaxValue, y0 = int.MaxValue, z0 = int.MaxValue, x1 = -1, y1 = -1, z1 = -1;
        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                var row = mask.Voxels.AsSpan((int)((z * size.VoxelsPerSlice) + ((long)y * size.X)), size.X);
                int first = row.IndexOfAnyExcept((byte)0);
                if (first < 0)
                {
                    continue;
                }

                int last = row.LastIndexOfAnyExcept((byte)0);
                x0 = Math.Min(x0, first);
                x1 = Math.Max(x1, last);
                y0 = Math.Min(y0, y);
                y1 = Math.Max(y1, y);
                z0 = Math.Min(z0, z);
                z1 = z;
            }
        }

        return x1 < 0 ? null : new VoxelBox(x0, y0, z0, x1 + 1, y1 + 1, z1 + 1);
    }

    /// <summary>
    /// This box grown by at least <paramref name="marginMm"/> on every side (whole voxels: ceil(margin / spacing)
    /// per axis) and clipped to the grid, so every voxel within the margin of the box is inside it.
    /// </summary>
    public VoxelBox Expand(double marginMm, Vector3D spacing, GridSize bounds)
    {
        if (!(marginMm >= 0) || !double.IsFinite(marginMm))
        {
            throw new ArgumentOutOfRangeException(nameof(marginMm), "a margin is a finite number of millimetres, 0 or more");
        }

        int mx = Steps(marginMm, spacing.X);
        int my = Steps(marginMm, spacing.Y);
        int mz = Steps(marginMm, spacing.Z);
        return new VoxelBox(
            Math.Max(0, X0 - mx),
            Math.Max(0, Y0 - my),
            Math.Max(0, Z0 - mz),
            (int)Math.Min(bounds.X, (long)X1 + mx),
            (int)Math.Min(bounds.Y, (long)Y1 + my),
            (int)Math.Min(bounds.Z, (long)Z1 + mz));
    }

    public bool FitsIn(GridSize size) => X1 <= size.X && Y1 <= size.Y && Z1 <= size.Z;

    public override string ToString() => $"[{X0}, {X1}) x [{Y0}, {Y1}) x [{Z0}, {Z1})";

    // A margin of a billion voxels is as good as the whole grid; clamping keeps the arithmetic in int.
    private static int Steps(double marginMm, double spacing) => (int)Math.Min(int.MaxValue / 2, Math.Ceiling(marginMm / spacing));
}
