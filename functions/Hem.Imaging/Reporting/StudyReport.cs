using Hem.Imaging.Metrics;

namespace Hem.Imaging.Reporting;

/// <summary>
/// What the clinician report of one study says: the measured and predicted volumes, the model that predicted them and
/// its limits, the key images and where it all came from. The growth and the expansion verdict are derived from the
/// two volumes and <see cref="Criterion"/>, so they cannot disagree with the numbers printed beside them. A baseline
/// volume of zero means no hematoma was found and no prediction was made: the report says so instead of giving
/// growth numbers, and <see cref="PredictedVolumeMl"/> is not shown.
/// </summary>
public sealed record StudyReport
{
    /// <summary>The study's pseudonymous key (never a patient identifier).</summary>
    public required string StudyKey { get; init; }

    /// <summary>The baseline hematoma volume in mL; zero when none was found.</summary>
    public required double BaselineVolumeMl { get; init => field = NonNegative(value); }

    /// <summary>The predicted follow-up hematoma volume in mL (ignored when <see cref="HematomaFound"/> is false).</summary>
    public required double PredictedVolumeMl { get; init => field = NonNegative(value); }

    /// <summary>The ABC/2 estimate of the baseline volume in mL, where one was made.</summary>
    public double? AbcOverTwoMl { get; init => field = value is { } ml ? NonNegative(ml) : null; }

    public required string ModelName { get; init; }

    public required string ModelVersion { get; init; }

    /// <summary>The model card's own statement of its training data, printed among the limits.</summary>
    public required string TrainingDataStatement { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyList<KeyImage> KeyImages { get; init; } = [];

    /// <summary>Input hash, software version, model card SHA-256, step timings: printed in this order.</summary>
    public IReadOnlyList<ProvenanceEntry> Provenance { get; init; } = [];

    /// <summary>When the report was generated (given by the caller; the writers read no clock).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>What counts as hematoma expansion (HE); 6 mL or 33 % unless told otherwise.</summary>
    public ExpansionCriterion Criterion { get; init; } = ExpansionCriterion.Default;

    public bool HematomaFound => BaselineVolumeMl > 0;

    /// <summary>Predicted follow-up minus baseline volume in mL; null when no hematoma was found.</summary>
    public double? PredictedGrowthMl => HematomaFound ? PredictedVolumeMl - BaselineVolumeMl : null;

    /// <summary>The predicted growth as a percentage of the baseline volume; null when no hematoma was found.</summary>
    public double? PredictedGrowthPercent => HematomaFound ? 100 * (PredictedVolumeMl - BaselineVolumeMl) / BaselineVolumeMl : null;

    /// <summary>Whether the predicted growth meets <see cref="Criterion"/>; false when no hematoma was found.</summary>
    public bool ExpansionPredicted => HematomaFound && Criterion.IsExpansion(BaselineVolumeMl, PredictedVolumeMl);

    private static double NonNegative(double ml) =>
        double.IsFinite(ml) && ml >= 0 ? ml : throw new ArgumentOutOfRangeException(nameof(ml), ml, "a volume is finite and not negative");
}

/// <summary>One key image: an axial slice as PNG with its outlines drawn in, and its caption ("slice 14 of 28").</summary>
public sealed record KeyImage(ReadOnlyMemory<byte> Png, string Caption);

/// <summary>One line of the report's provenance: a label ("Input SHA-256") and its value.</summary>
public sealed record ProvenanceEntry(string Label, string Value);
