using Hem.Imaging.Metrics;
using Hem.Imaging.Segmentation;
using Hem.Prediction;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// The analysis proper, after loading: brain extraction, the baseline hematoma (segmented unless the input gave
/// one), the prediction (<see cref="IFollowupPredictor"/>: in process with the shared sliding window, or over HTTP), ABC/2. Each a timed step.
/// </summary>
public sealed class StudyAnalyzer(IFollowupPredictor predictor, IBrainExtractor brainExtractor, IHematomaSegmenter segmenter)
{
    public async Task<StudyAnalysis> AnalyzeAsync(BaselineStudy study, StepRunner steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(steps);
        var warnings = new List<string>(study.Corrections.Select(c => "the volume was corrected: " + c));
        var brain = await steps.Run("brain", () => brainExtractor.Extract(study.Ct, cancellationToken));
        if (!brain.IsPlausible)
        {
            warnings.Add(FormattableString.Invariant($"the brain mask looks implausible ({brain.VolumeMl:0} mL): check that this is a head CT covering the brain"));
        }

        var baseline = study.GivenMask
            ?? (await steps.Run("segment", () => segmenter.Segment(study.Ct, brain.Mask, cancellationToken))).Mask;
        var prediction = await steps.RunAsync("predict", () => predictor.PredictAsync(study.Ct, baseline, brain.Mask, cancellationToken));
        bool empty = MaskVolume.VoxelCount(baseline) == 0;
        if (empty)
        {
            warnings.Add("no intracerebral hematoma was found on this scan, so no expansion was predicted");
        }

        var abc = empty ? null : AbcOverTwo.Estimate(baseline);
        return new StudyAnalysis(study, brain.Mask, baseline, prediction, abc, warnings);
    }
}
