using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>Segments acute hemorrhage in a head CT (HU) within a brain mask; the classical baseline or a model.</summary>
public interface IHematomaSegmenter
{
    HematomaSegmentation Segment(Volume<short> ct, Volume<byte> brainMask, CancellationToken cancellationToken = default);
}
