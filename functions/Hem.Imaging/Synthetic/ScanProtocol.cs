using System.Globalization;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// The reconstruction a case is written with: contiguous axial slices of the given thickness (spacing equals
/// thickness, as routine head CT is reconstructed), 512 x 512 pixels. "5mm" is the routine thick-slice series
/// (28-30 slices over 140-150 mm), "1mm" the thin reconstruction (141-151 slices).
/// </summary>
public sealed record ScanProtocol(string Name, double SliceThicknessMm)
{
    public const int Matrix = 512;

    public static readonly ScanProtocol FiveMillimetre = new("5mm", 5);
    public static readonly ScanProtocol OneMillimetre = new("1mm", 1);

    /// <summary>
    /// Points sampled through each slice's thickness for a box slice profile: one per 1.25 mm, at least two (four
    /// through a 5 mm slice, two through a 1 mm one).
    /// </summary>
    public int SubSamples => Math.Max(2, (int)Math.Round(SliceThicknessMm / 1.25));

    /// <summary>Offsets (mm) of the samples from the slice centre along z.</summary>
    public double SubSampleOffset(int index) => SliceThicknessMm * (((index + 0.5) / SubSamples) - 0.5);

    public static ScanProtocol Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "5mm" or "5" => FiveMillimetre,
            "1mm" or "1" => OneMillimetre,
            _ => throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"unknown slice setting '{name}' (use 5mm or 1mm)")),
        };
    }
}
