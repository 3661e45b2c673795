namespace Hem.Dicom.Segmentation;

/// <summary>
/// A display colour in CIELab (L* 0 to 100, a* and b* -128 to 127), written as Recommended Display CIELab Value: three
/// unsigned 16-bit values scaled as PS3.3 C.10.7.1.1 prescribes (L* 0..100 to 0..65535, a* and b* -128..127 to
/// 0..65535), so a viewer shows each segment in the colour the report uses.
/// </summary>
public readonly record struct CieLabColor
{
    public CieLabColor(double lightness, double a, double b)
    {
        if (!(lightness is >= 0 and <= 100) || !(a is >= -128 and <= 127) || !(b is >= -128 and <= 127))
        {
            throw new ArgumentOutOfRangeException(nameof(lightness), $"CIELab ({lightness}, {a}, {b}) is outside L* 0..100, a* and b* -128..127");
        }

        Lightness = lightness;
        A = a;
        B = b;
    }

    public double Lightness { get; }

    public double A { get; }

    public double B { get; }

    /// <summary>The three scaled values, rounded to the nearest integer.</summary>
    public ushort[] ToDicomValues() =>
    [
        Scale(Lightness / 100),
        Scale((A + 128) / 255),
        Scale((B + 128) / 255),
    ];

    private static ushort Scale(double fraction) => (ushort)Math.Round(fraction * ushort.MaxValue, MidpointRounding.AwayFromZero);
}
