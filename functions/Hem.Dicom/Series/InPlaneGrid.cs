using System.Globalization;

namespace Hem.Dicom.Series;

/// <summary>
/// The volume's in-plane grid: the first slice's pixel grid, widened by whole pixels so that every slice, shifted
/// by its gantry-tilt offset, fits inside it and no acquired pixel is cut off. Slice k's pixel (c, r) lands on
/// grid position (c + ShiftX[k], r + ShiftY[k]); the first slice's shifts are whole numbers, so it is copied,
/// not interpolated.
/// </summary>
public sealed class InPlaneGrid
{
    /// <summary>Offsets within this fraction of a pixel of a whole pixel do not widen the grid by one more.</summary>
    private const double Slack = 0.05;

    private InPlaneGrid(int width, int height, int firstX, int firstY, double[] shiftX, double[] shiftY)
    {
        Width = width;
        Height = height;
        FirstX = firstX;
        FirstY = firstY;
        ShiftX = shiftX;
        ShiftY = shiftY;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The grid's first column in the first slice's pixel coordinates (0, or negative when widened).</summary>
    public int FirstX { get; }

    /// <summary>The grid's first row in the first slice's pixel coordinates.</summary>
    public int FirstY { get; }

    public IReadOnlyList<double> ShiftX { get; }

    public IReadOnlyList<double> ShiftY { get; }

    public bool IsIdentity => FirstX == 0 && FirstY == 0 && ShiftX.All(s => s == 0) && ShiftY.All(s => s == 0);

    public static InPlaneGrid Create(SortedSlices stack, GantryTilt tilt)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(tilt);
        double firstX = Math.Floor(tilt.OffsetsX.Min() + Slack);
        double firstY = Math.Floor(tilt.OffsetsY.Min() + Slack);
        double width = Math.Ceiling(tilt.OffsetsX.Max() - Slack) + stack.Columns - firstX;
        double height = Math.Ceiling(tilt.OffsetsY.Max() - Slack) + stack.Rows - firstY;
        // Positions come from the file: a hostile one could ask for a grid no array can hold.
        if (width * height > Array.MaxLength)
        {
            throw new SeriesAssemblyException(string.Create(CultureInfo.InvariantCulture,
                $"the slices' in-plane offsets would need a {width:0} x {height:0} grid, more voxels per slice than an array holds"),
                SeriesAssemblyProblem.TooLarge);
        }

        double[] shiftX = tilt.OffsetsX.Select(o => o - firstX).ToArray();
        double[] shiftY = tilt.OffsetsY.Select(o => o - firstY).ToArray();
        return new InPlaneGrid((int)width, (int)height, (int)firstX, (int)firstY, shiftX, shiftY);
    }
}
