using System.Globalization;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Intensity;

/// <summary>
/// A display window over Hounsfield units: level (centre) and width. HU at or below level - width/2 map to 0, at or
/// above level + width/2 to 1, linearly between. This is the plain linear window, not DICOM's VOI LUT function
/// (which uses level - 0.5 and width - 1); for display and overlays the difference is under one grey step.
/// </summary>
public sealed record HounsfieldWindow
{
    public HounsfieldWindow(double levelHu, double widthHu)
    {
        if (!(widthHu > 0) || !double.IsFinite(widthHu) || !double.IsFinite(levelHu))
        {
            throw new ArgumentOutOfRangeException(nameof(widthHu), "a window has a finite level and a positive width");
        }

        LevelHu = levelHu;
        WidthHu = widthHu;
    }

    /// <summary>Brain parenchyma: level 40, width 80 (0 to 80 HU).</summary>
    public static HounsfieldWindow Brain { get; } = new(40, 80);

    /// <summary>Subdural: level 75, width 215, for thin collections against the skull.</summary>
    public static HounsfieldWindow Subdural { get; } = new(75, 215);

    /// <summary>Bone: level 600, width 2800.</summary>
    public static HounsfieldWindow Bone { get; } = new(600, 2800);

    public double LevelHu { get; }

    public double WidthHu { get; }

    public double LowerHu => LevelHu - (WidthHu / 2);

    public double UpperHu => LevelHu + (WidthHu / 2);

    /// <summary>A HU value as 0..1 (NaN stays NaN).</summary>
    public double ToUnit(double hu) => Math.Clamp((hu - LowerHu) / WidthHu, 0, 1);

    /// <summary>A HU value as a grey level 0..255, rounded to nearest.</summary>
    public byte ToByte(double hu) => (byte)Math.Round(ToUnit(hu) * 255, MidpointRounding.AwayFromZero);

    /// <summary>A CT as 0..1.</summary>
    public Volume<float> ApplyUnit(Volume<short> ct)
    {
        ArgumentNullException.ThrowIfNull(ct);
        var values = new float[ct.Voxels.Length];
        var source = ct.Voxels;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)ToUnit(source[i]);
        }

        return ct.SameGrid(values);
    }

    /// <summary>A CT as grey levels 0..255, through a lookup table over the int16 range.</summary>
    public Volume<byte> ApplyBytes(Volume<short> ct)
    {
        ArgumentNullException.ThrowIfNull(ct);
        var table = new byte[1 << 16];
        for (int hu = short.MinValue; hu <= short.MaxValue; hu++)
        {
            table[hu - short.MinValue] = ToByte(hu);
        }

        var values = new byte[ct.Voxels.Length];
        var source = ct.Voxels;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = table[source[i] - short.MinValue];
        }

        return ct.SameGrid(values);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"W {WidthHu:0.##} / L {LevelHu:0.##} HU");
}
