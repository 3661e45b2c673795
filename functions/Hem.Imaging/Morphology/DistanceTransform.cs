using Hem.Imaging.Volumes;

namespace Hem.Imaging.Morphology;

/// <summary>
/// Exact Euclidean distances in millimetres on a voxel grid with its own (possibly anisotropic) spacing, measured
/// between voxel centres. Only voxels of the grid count: nothing outside it is a feature.
/// </summary>
public static class DistanceTransform
{
    /// <summary>Squared distance (mm^2) from each voxel to the nearest non-zero voxel: 0 on the mask, +infinity everywhere when the mask is empty.</summary>
    public static Volume<float> SquaredToForeground(Volume<byte> mask) => Squared(mask, foreground: true);

    /// <summary>Distance (mm) from each voxel to the nearest non-zero voxel: 0 on the mask, +infinity everywhere when the mask is empty.</summary>
    public static Volume<float> ToForeground(Volume<byte> mask) => SquareRoot(Squared(mask, foreground: true));

    /// <summary>Distance (mm) from each voxel to the nearest zero voxel: 0 off the mask, +infinity everywhere when the mask fills the grid.</summary>
    public static Volume<float> ToBackground(Volume<byte> mask) => SquareRoot(Squared(mask, foreground: false));

    private static Volume<float> Squared(Volume<byte> mask, bool foreground)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var source = mask.Voxels;
        var values = new float[source.Length];
        for (int i = 0; i < source.Length; i++)
        {
            bool feature = (source[i] != 0) == foreground;
            values[i] = feature ? 0f : float.PositiveInfinity;
        }

        SquaredDistance.Transform(values, mask.Size, mask.Geometry.Spacing);
        return mask.SameGrid(values);
    }

    private static Volume<float> SquareRoot(Volume<float> squared)
    {
        var values = squared.Voxels;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Sqrt(values[i]);
        }

        return squared;
    }
}
