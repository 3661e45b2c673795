using System.Globalization;

namespace Hem.Imaging.Metrics;

/// <summary>
/// When growth counts as hematoma expansion (HE): follow-up minus baseline volume at least
/// <see cref="AbsoluteMl"/> millilitres, or at least <see cref="Relative"/> of the baseline volume. The default
/// (6 mL or 33 %) is the usual definition in ICH trials and the one Abramova et al. use. The relative arm needs a
/// baseline volume above zero; a new bleed from nothing counts only by the absolute arm.
/// </summary>
public sealed record ExpansionCriterion
{
    public ExpansionCriterion(double absoluteMl, double relative)
    {
        if (!(absoluteMl > 0) || !double.IsFinite(absoluteMl) || !(relative > 0) || !double.IsFinite(relative))
        {
            throw new ArgumentOutOfRangeException(nameof(absoluteMl), "expansion thresholds are positive and finite");
        }

        AbsoluteMl = absoluteMl;
        Relative = relative;
    }

    public static ExpansionCriterion Default { get; } = new(6, 0.33);

    public double AbsoluteMl { get; }

    public double Relative { get; }

    public bool IsExpansion(double baselineMl, double followupMl)
    {
        double growth = followupMl - baselineMl;
        return growth >= AbsoluteMl || (baselineMl > 0 && growth >= Relative * baselineMl);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"growth >= {AbsoluteMl:0.##} mL or >= {Relative * 100:0.##} % of baseline");
}
