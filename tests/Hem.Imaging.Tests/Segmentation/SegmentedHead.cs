using Hem.Imaging.Segmentation;

namespace Hem.Imaging.Tests.Segmentation;

/// <summary>A synthetic head with the baseline's brain extraction and hematoma segmentation of it.</summary>
internal sealed class SegmentedHead
{
    public SegmentedHead(SyntheticHead head, HematomaSegmentationOptions? options = null)
    {
        Head = head;
        Brain = new BrainExtractor().Extract(head.Ct, TestContext.Current.CancellationToken);
        Hematoma = new HematomaSegmenter(options).Segment(head.Ct, Brain.Mask, TestContext.Current.CancellationToken);
    }

    public SyntheticHead Head { get; }

    public BrainExtraction Brain { get; }

    public HematomaSegmentation Hematoma { get; }
}

/// <summary>The synthetic heads several tests share, each built (and segmented) once, when first used.</summary>
public sealed class SyntheticHeads
{
    private readonly Lazy<SegmentedHead> _twoBlobs = new(() => new SegmentedHead(SyntheticHead.WithTwoBlobs()));
    private readonly Lazy<SegmentedHead> _healthy = new(() => new SegmentedHead(SyntheticHead.Healthy()));

    internal SegmentedHead TwoBlobs => _twoBlobs.Value;

    internal SegmentedHead Healthy => _healthy.Value;
}
