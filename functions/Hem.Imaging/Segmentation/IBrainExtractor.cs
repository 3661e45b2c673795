using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>Finds the brain (parenchyma and CSF, without scalp and skull) in a head CT in HU.</summary>
public interface IBrainExtractor
{
    BrainExtraction Extract(Volume<short> ct, CancellationToken cancellationToken = default);
}
