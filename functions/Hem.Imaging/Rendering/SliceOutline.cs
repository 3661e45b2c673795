using Hem.Imaging.Volumes;

namespace Hem.Imaging.Rendering;

/// <summary>
/// The outline of a mask in one axial slice: its voxels with at least one of their four in-plane neighbours off the
/// mask or off the slice. The outline lies on the mask's own border voxels, so it never covers what is outside.
/// </summary>
public static class SliceOutline
{
    public static bool IsBoundary(Volume<byte> mask, int x, int y, int z)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask[x, y, z] == 0)
        {
            return false;
        }

        return !Inside(mask, x - 1, y, z) || !Inside(mask, x + 1, y, z) || !Inside(mask, x, y - 1, z) || !Inside(mask, x, y + 1, z);
    }

    private static bool Inside(Volume<byte> mask, int x, int y, int z) => mask.Contains(x, y, z) && mask[x, y, z] != 0;
}
