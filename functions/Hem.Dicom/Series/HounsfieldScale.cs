using System.Numerics;

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
        if (Slope == Math.Round(Slope) && Intercept == Math.Round(Intercept) && Math.Abs(Slope) <= MaxVectorSlope && Math.Abs(Intercept) <= MaxVectorIntercept)
        {
            // Integer slope and intercept (nearly every CT): exact integer arithmetic, vectorised.
            ConvertIntegral(stored, hu, (int)Slope, (int)Intercept);
            return;
        }

        for (int i = 0; i < stored.Length; i++)
        {
            hu[i] = Round(ToHu(stored[i]));
        }
    }

    private const int MaxVectorSlope = 16;
    private const int MaxVectorIntercept = 1 << 20;

    /// <summary>Stored values are clamped to this first so value x slope + intercept cannot overflow an int; any
    /// value beyond it maps outside the range of a short either way, so the clamp changes no result.</summary>
    private const int StoredBound = 1 << 26;

    private void ConvertIntegral(ReadOnlySpan<int> stored, Span<short> hu, int slope, int intercept)
    {
        int low = PaddingLow ?? int.MaxValue;
        int high = PaddingLow is null ? int.MinValue : PaddingHigh ?? low;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vSlope = new Vector<int>(slope);
            var vIntercept = new Vector<int>(intercept);
            var vBoundLow = new Vector<int>(-StoredBound);
            var vBoundHigh = new Vector<int>(StoredBound);
            var vShortMin = new Vector<int>(short.MinValue);
            var vShortMax = new Vector<int>(short.MaxValue);
            var vLow = new Vector<int>(low);
            var vHigh = new Vector<int>(high);
            var vAir = new Vector<int>(CtVolume.AirHu);
            int width = Vector<int>.Count;
            for (; i <= stored.Length - (2 * width); i += 2 * width)
            {
                var first = Scale(new Vector<int>(stored[i..]));
                var second = Scale(new Vector<int>(stored[(i + width)..]));
                Vector.Narrow(first, second).CopyTo(hu[i..]);
            }

            Vector<int> Scale(Vector<int> value)
            {
                var scaled = (Vector.Clamp(value, vBoundLow, vBoundHigh) * vSlope) + vIntercept;
                var clamped = Vector.Clamp(scaled, vShortMin, vShortMax);
                var padding = Vector.BitwiseAnd(Vector.GreaterThanOrEqual(value, vLow), Vector.LessThanOrEqual(value, vHigh));
                return Vector.ConditionalSelect(padding, vAir, clamped);
            }
        }

        for (; i < stored.Length; i++)
        {
            int value = stored[i];
            hu[i] = value >= low && value <= high
                ? CtVolume.AirHu
                : (short)Math.Clamp(((long)value * slope) + intercept, short.MinValue, short.MaxValue);
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
