using Hem.Imaging.Volumes;
using SkiaSharp;

namespace Hem.Imaging.Reporting;

/// <summary>
/// The outline colours of the report's key images, in one place: the caller renders the key images with
/// <see cref="Outlines"/> (for <see cref="Rendering.KeyImageRenderer"/>) and both report writers draw their legend
/// from the same values. Sky blue and vermillion from the Okabe-Ito palette: told apart with every common colour
/// vision deficiency, and neither is a grey of the CT.
/// </summary>
public static class KeyImageColours
{
    /// <summary>The baseline hematoma outline (Okabe-Ito sky blue).</summary>
    public static SKColor Baseline { get; } = new(86, 180, 233);

    /// <summary>The predicted follow-up hematoma outline (Okabe-Ito vermillion).</summary>
    public static SKColor Predicted { get; } = new(213, 94, 0);

    /// <summary>The baseline colour's name in the legend.</summary>
    public const string BaselineName = "blue";

    /// <summary>The predicted colour's name in the legend.</summary>
    public const string PredictedName = "orange";

    /// <summary>
    /// The outlines of a key image in drawing order: the prediction first, the baseline last, so the measured
    /// outline is never hidden; where the prediction follows the baseline only the baseline colour shows.
    /// </summary>
    public static IReadOnlyList<(Volume<byte> Mask, SKColor Colour)> Outlines(Volume<byte> baseline, Volume<byte>? predicted)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return predicted is null ? [(baseline, Baseline)] : [(predicted, Predicted), (baseline, Baseline)];
    }
}
