using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests;

/// <summary>Small grids and masks for tests.</summary>
internal static class TestVolumes
{
    public static VolumeGeometry Grid(int nx, int ny, int nz, double sx = 1, double sy = 1, double sz = 1) =>
        new(new GridSize(nx, ny, nz), new Vector3D(sx, sy, sz), new Vector3D(-10, 20, 30), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));

    public static Volume<byte> RandomMask(VolumeGeometry geometry, double density, int seed)
    {
        var random = new Random(seed);
        var mask = Volume.Zeros<byte>(geometry);
        for (int i = 0; i < mask.Voxels.Length; i++)
        {
            mask.Voxels[i] = (byte)(random.NextDouble() < density ? 1 : 0);
        }

        return mask;
    }

    /// <summary>A mask from voxel coordinates.</summary>
    public static Volume<byte> Mask(VolumeGeometry geometry, params (int X, int Y, int Z)[] voxels)
    {
        var mask = Volume.Zeros<byte>(geometry);
        foreach (var (x, y, z) in voxels)
        {
            mask[x, y, z] = 1;
        }

        return mask;
    }

    public static IEnumerable<(int X, int Y, int Z)> Voxels(GridSize size)
    {
        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                for (int x = 0; x < size.X; x++)
                {
                    yield return (x, y, z);
                }
            }
        }
    }

    public static double SquaredMm(Vector3D spacing, (int X, int Y, int Z) a, (int X, int Y, int Z) b)
    {
        double dx = (a.X - b.X) * spacing.X;
        double dy = (a.Y - b.Y) * spacing.Y;
        double dz = (a.Z - b.Z) * spacing.Z;
        return (dx * dx) + (dy * dy) + (dz * dz);
    }
}
