using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Prediction.Tests;

/// <summary>Grids and volumes the tests build by hand.</summary>
internal static class TestGrids
{
    public static VolumeGeometry Axial(GridSize size, Vector3D spacing, Vector3D? origin = null) =>
        new(size, spacing, origin ?? new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));

    /// <summary>A 0/1 mask of the voxels inside <paramref name="box"/>.</summary>
    public static Volume<byte> Box(VolumeGeometry geometry, VoxelBox box)
    {
        var mask = Volume.Zeros<byte>(geometry);
        Fill(mask, box, (byte)1);
        return mask;
    }

    public static void Fill<T>(Volume<T> volume, VoxelBox box, T value)
        where T : unmanaged
    {
        for (int z = box.Z0; z < box.Z1; z++)
        {
            for (int y = box.Y0; y < box.Y1; y++)
            {
                for (int x = box.X0; x < box.X1; x++)
                {
                    volume[x, y, z] = value;
                }
            }
        }
    }

    /// <summary>A ball of <paramref name="radiusMm"/> around a patient point, voxel centres inside.</summary>
    public static Volume<byte> Ball(VolumeGeometry geometry, Vector3D centre, double radiusMm)
    {
        var mask = Volume.Zeros<byte>(geometry);
        var n = geometry.Size;
        for (int z = 0; z < n.Z; z++)
        {
            for (int y = 0; y < n.Y; y++)
            {
                for (int x = 0; x < n.X; x++)
                {
                    if ((geometry.IndexToPatient(x, y, z) - centre).Length <= radiusMm)
                    {
                        mask[x, y, z] = 1;
                    }
                }
            }
        }

        return mask;
    }

    public static double Dice(Volume<byte> a, Volume<byte> b)
    {
        long both = 0, sum = 0;
        for (int i = 0; i < a.Voxels.Length; i++)
        {
            both += a.Voxels[i] != 0 && b.Voxels[i] != 0 ? 1 : 0;
            sum += (a.Voxels[i] != 0 ? 1 : 0) + (b.Voxels[i] != 0 ? 1 : 0);
        }

        return 2.0 * both / sum;
    }
}
