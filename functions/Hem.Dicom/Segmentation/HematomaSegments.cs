namespace Hem.Dicom.Segmentation;

/// <summary>
/// The two segments of <c>prediction.seg.dcm</c>: the hematoma found on the baseline scan and the hematoma the model
/// predicts at follow-up, with the same codes (they are the same kind of structure at two times; the labels tell
/// them apart), red for the baseline and yellow for the prediction.
/// </summary>
public static class HematomaSegments
{
    public const string BaselineLabel = "Baseline hematoma";
    public const string PredictedFollowUpLabel = "Predicted follow-up hematoma";

    /// <summary>Red: sRGB (220, 40, 40) in CIELab under D65.</summary>
    public static CieLabColor BaselineColor { get; } = new(48.1, 66.5, 46.1);

    /// <summary>Yellow: sRGB (245, 200, 40) in CIELab under D65; far lighter than the red, so the two stay apart in any colour vision.</summary>
    public static CieLabColor PredictedFollowUpColor { get; } = new(82.3, 2.0, 77.3);

    public static Segment Baseline(byte[] mask, SegmentAlgorithm algorithm) =>
        new(BaselineLabel, "Intracerebral hematoma segmented on the baseline CT", SegmentationCodes.MorphologicallyAbnormalStructure,
            SegmentationCodes.Hemorrhage, BaselineColor, algorithm, mask);

    public static Segment PredictedFollowUp(byte[] mask, SegmentAlgorithm algorithm) =>
        new(PredictedFollowUpLabel, "Hematoma extent predicted for the follow-up CT, on the baseline grid", SegmentationCodes.MorphologicallyAbnormalStructure,
            SegmentationCodes.Hemorrhage, PredictedFollowUpColor, algorithm, mask);
}
