namespace Hem.Dicom.Series;

/// <summary>
/// Turns a slice's stored values into Hounsfield units: value x RescaleSlope + RescaleIntercept, with pixel
/// padding (PixelPaddingValue, optionally up to PixelPaddingRangeLimit, in stored values) mapped to air. Scanners
/// pad the corners outside the reconstruction circle with values like -2000 or -1500 that are not tissue; as air
/// they neither skew intensity statistics nor smear into tissue when slices are interpolated.
/// </summary>
public readonly record struct HounsfieldScale(double Slope, double Intercept, int? PaddingLow = null, int? PaddingHigh = null)
{
    public static HounsfieldScale Identity { get; } = new(1, 0);

    public bool IsPadding(int stored) =>
        PaddingLow is { } low && stored >= low && stored <= (PaddingHigh ?? low);

    public double ToHu(int stored) => IsPadding(stored) ? CtVolume.AirHu : (stored * Slope) + Intercept;

    public void Convert(ReadOnlySpan<int> stored, Span<short> hu)
    {
        for (int i = 0; i < stored.Length; i++)
        {
            hu[i] = Round(ToHu(stored[i]));
        }
    }

    public void Convert(ReadOnlySpan<int> stored, Span<float> hu)
    {
        for (int i = 0; i < stored.Length; i++)
        {
            hu[i] = (float)ToHu(stored[i]);
        }
    }

    /// <summary>Rounds half away from zero and clamps to the range of a short.</summary>
    public static short Round(double hu) =>
        (short)Math.Clamp(Math.Round(hu, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue);
}
