using Hem.Imaging.Metrics;
using Hem.Imaging.Segmentation;
using Hem.Imaging.Volumes;
using Hem.Prediction;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// The analysis proper, after loading: the baseline findings (<see cref="BaselineAnalyzer"/>), the prediction
/// (<see cref="IFollowupPredictor"/>: in process with the shared sliding window, or over HTTP) and the assembled
/// <see cref="StudyAnalysis"/>. Each a timed step. The orchestration runs the same pieces as separate activities.
/// </summary>
public sealed class StudyAnalyzer(IFollowupPredictor predictor, BaselineAnalyzer baseline)
{
    public const string PredictStep = "predict";

    public StudyAnalyzer(IFollowupPredictor predictor, IBrainExtractor brainExtractor, IHematomaSegmenter segmenter)
        : this(predictor, new BaselineAnalyzer(brainExtractor, segmenter))
    {
    }

    public async Task<StudyAnalysis> AnalyzeAsync(BaselineStudy study, StepRunner steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(steps);
        var brain = await baseline.FindBrainAsync(study.Ct, steps, cancellationToken);
        var mask = await baseline.FindBaselineAsync(study.Ct, study.GivenMask, brain.Mask, steps, cancellationToken);
        var prediction = await steps.RunAsync(PredictStep, () => predictor.PredictAsync(study.Ct, mask, brain.Mask, cancellationToken));
        return StudyAnalysis.Assemble(study, brain, mask, prediction);
    }
}

/// <summary>What the baseline scan shows before any prediction: the brain, and the baseline hematoma (segmented unless the input gave one).</summary>
public sealed class BaselineAnalyzer(IBrainExtractor brainExtractor, IHematomaSegmenter segmenter)
{
    public const string BrainStep = "brain";

    public const string SegmentStep = "segment";

    public BaselineAnalyzer()
        : this(new BrainExtractor(), new HematomaSegmenter())
    {
    }

    public Task<BrainFinding> FindBrainAsync(Volume<short> ct, StepRunner steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return steps.Run(BrainStep, () =>
        {
            var brain = brainExtractor.Extract(ct, cancellationToken);
            return new BrainFinding(brain.Mask, brain.IsPlausible ? [] : [StudyWarnings.ImplausibleBrain(brain.VolumeMl)]);
        });
    }

    /// <summary>The baseline hematoma: <paramref name="given"/> when the input came with one, else segmented inside the brain.</summary>
    public async Task<Volume<byte>> FindBaselineAsync(Volume<short> ct, Volume<byte>? given, Volume<byte> brain, StepRunner steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return given ?? (await steps.Run(SegmentStep, () => segmenter.Segment(ct, brain, cancellationToken))).Mask;
    }
}

/// <summary>The brain mask and what a reader should know about it (an implausible volume).</summary>
public sealed record BrainFinding(Volume<byte> Mask, IReadOnlyList<string> Warnings);

/// <summary>The sentences an analysis warns with; none quotes the study.</summary>
public static class StudyWarnings
{
    public const string NoHematoma = "no intracerebral hematoma was found on this scan, so no expansion was predicted";

    public static string Correction(string description) => "the volume was corrected: " + description;

    public static string ImplausibleBrain(double volumeMl) =>
        FormattableString.Invariant($"the brain mask looks implausible ({volumeMl:0} mL): check that this is a head CT covering the brain");
}
