using Hem.Dicom.Series;
using Hem.Imaging.Resampling;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Resampling;

public sealed class AxisReorientationTests
{
    [Fact]
    public void A_standard_axial_grid_is_already_lps()
    {
        var geometry = new VolumeGeometry(new GridSize(4, 3, 2), new Vector3D(0.5, 0.5, 5), new Vector3D(-100, -120, 30), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));
        var plan = AxisReorientation.ToLps(geometry);
        Assert.True(plan.IsIdentity);
        Assert.Equal(geometry, plan.Target);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_sagittal_flipped_grid_becomes_lps_with_every_voxel_where_it_was(bool oblique)
    {
        // Rows run toward the feet, columns toward the front, slices toward the right (left-handed), optionally tilted by 10 degrees.
        double a = oblique ? 10 * Math.PI / 180 : 0;
        var row = new Vector3D(0, Math.Sin(a), -Math.Cos(a));
        var column = new Vector3D(0, -Math.Cos(a), -Math.Sin(a));
        var slice = new Vector3D(-1, 0, 0);
        var geometry = new VolumeGeometry(new GridSize(5, 4, 3), new Vector3D(0.7, 0.9, 3), new Vector3D(12, -8, 40), row, column, slice);
        var volume = Volume.Zeros<short>(geometry);
        for (int i = 0; i < volume.Voxels.Length; i++)
        {
            volume.Voxels[i] = (short)(i * 7);
        }

        var plan = AxisReorientation.ToLps(geometry);
        var lps = plan.Apply(volume);

        Assert.False(plan.IsIdentity);
        Assert.Equal(new GridSize(3, 4, 5), lps.Size);
        Assert.Equal(new Vector3D(3, 0.9, 0.7), lps.Geometry.Spacing);
        Assert.True(lps.Geometry.RowDirection.X > 0.98 && lps.Geometry.ColumnDirection.Y > 0.98 && lps.Geometry.SliceDirection.Z > 0.98);
        foreach (var v in TestVolumes.Voxels(lps.Size))
        {
            var p = lps.Geometry.IndexToPatient(v.X, v.Y, v.Z);
            var index = geometry.PatientToIndex(p);
            int x = (int)Math.Round(index.X), y = (int)Math.Round(index.Y), z = (int)Math.Round(index.Z);
            Assert.True(Math.Abs(index.X - x) + Math.Abs(index.Y - y) + Math.Abs(index.Z - z) < 1e-9);
            Assert.Equal(volume[x, y, z], lps[v.X, v.Y, v.Z]);
        }

        Assert.Equal(volume.Voxels, plan.Invert(lps).Voxels);
    }
}
