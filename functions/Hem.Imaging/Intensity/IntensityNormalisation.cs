using System.Globalization;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Intensity;

/// <summary>
/// How CT becomes the model's input: clip HU to [<see cref="LowerHu"/>, <see cref="UpperHu"/>] and scale linearly
/// to 0..1. A named value with its parameters so that training, inference and the model card state the same
/// thing; change it only with a new model.
/// </summary>
public sealed record IntensityNormalisation
{
    public IntensityNormalisation(string name, double lowerHu, double upperHu)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!double.IsFinite(lowerHu) || !double.IsFinite(upperHu) || !(upperHu > lowerHu))
        {
            throw new ArgumentOutOfRangeException(nameof(upperHu), "the clip range needs finite bounds with upper above lower");
        }

        Name = name;
        LowerHu = lowerHu;
        UpperHu = upperHu;
    }

    /// <summary>
    /// The model's normalisation: clip to [0, 100] HU, the brain window, in which acute blood (about 50 to 90 HU)
    /// stands apart from parenchyma (20 to 45), CSF (0 to 15) and, saturated at 1, bone and calcification.
    /// </summary>
    public static IntensityNormalisation BrainWindow { get; } = new("hu-clip-0-100-unit", 0, 100);

    /// <summary>A wider alternative, [-100, 200] HU, keeping fat and the inner table of the skull distinct.</summary>
    public static IntensityNormalisation WideWindow { get; } = new("hu-clip-minus100-200-unit", -100, 200);

    /// <summary>A stable identifier for model cards and configuration.</summary>
    public string Name { get; }

    public double LowerHu { get; }

    public double UpperHu { get; }

    /// <summary>One HU value normalised (NaN stays NaN).</summary>
    public float Normalise(double hu) => (float)Math.Clamp((hu - LowerHu) / (UpperHu - LowerHu), 0, 1);

    public Volume<float> Apply(Volume<short> ct)
    {
        ArgumentNullException.ThrowIfNull(ct);
        var values = new float[ct.Voxels.Length];
        var source = ct.Voxels;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Normalise(source[i]);
        }

        return ct.SameGrid(values);
    }

    /// <summary>Resampled CT (float HU) normalised into a new volume.</summary>
    public Volume<float> Apply(Volume<float> ct)
    {
        ArgumentNullException.ThrowIfNull(ct);
        var values = new float[ct.Voxels.Length];
        var source = ct.Voxels;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Normalise(source[i]);
        }

        return ct.SameGrid(values);
    }

    /// <summary>The definition in words, for model cards.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Name}: clip HU to [{LowerHu:0.##}, {UpperHu:0.##}], then (HU - {LowerHu:0.##}) / {UpperHu - LowerHu:0.##}, giving 0..1");
}
