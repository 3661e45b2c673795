namespace Hem.Imaging.Rendering;

/// <summary>
/// A linear grey-level window: HU at <c>Level - Width / 2</c> and below are black (0), at <c>Level + Width / 2</c>
/// and above white (255), with <c>round((hu - (Level - Width / 2)) * 255 / Width)</c> (half away from zero) between.
/// </summary>
public readonly record struct DisplayWindow
{
    public DisplayWindow(double level, double width)
    {
        if (!double.IsFinite(level) || !(width > 0) || !double.IsFinite(width))
        {
            throw new ArgumentOutOfRangeException(nameof(width), "a window has a finite level and a positive finite width");
        }

        Level = level;
        Width = width;
    }

    /// <summary>The brain window, level 40 / width 80: CSF near black, grey matter mid-grey, acute blood near white.</summary>
    public static DisplayWindow Brain { get; } = new(40, 80);

    /// <summary>The subdural window, level 75 / width 215, for blood against bone.</summary>
    public static DisplayWindow Subdural { get; } = new(75, 215);

    /// <summary>The bone window, level 600 / width 2800.</summary>
    public static DisplayWindow Bone { get; } = new(600, 2800);

    public double Level { get; }

    public double Width { get; }

    public byte ToGrey(short hu)
    {
        double grey = Math.Round((hu - (Level - (Width / 2))) * 255 / Width, MidpointRounding.AwayFromZero);
        return (byte)Math.Clamp(grey, 0, 255);
    }
}
