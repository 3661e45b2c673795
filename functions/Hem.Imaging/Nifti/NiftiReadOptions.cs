namespace Hem.Imaging.Nifti;

/// <summary>Limits applied to a header before anything is allocated: a header is untrusted input.</summary>
public sealed record NiftiReadOptions
{
    /// <summary>The most bytes of voxel data a file may declare (default 2 GiB, well above a 512 x 512 x 2000 int16 CT).</summary>
    public long MaxVoxelBytes { get; init; } = 2L << 30;

    public static NiftiReadOptions Default { get; } = new();
}
