namespace Hem.Prediction.Transport;

/// <summary>What a reader accepts before it allocates anything for a bundle's data.</summary>
/// <param name="MaxVoxels">Voxels per block.</param>
/// <param name="MaxBlocks">Blocks per bundle.</param>
public sealed record BundleLimits(long MaxVoxels, int MaxBlocks = 8)
{
    /// <summary>The header is JSON of a few hundred bytes; anything near this is not a header.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>A model grid of up to 256^3 voxels: the whole head at 1.5 mm.</summary>
    public static BundleLimits Default { get; } = new(256L * 256 * 256);
}
