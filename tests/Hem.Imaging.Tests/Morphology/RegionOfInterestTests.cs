using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Morphology;

public sealed class RegionOfInterestTests
{
    private static VolumeGeometry Oblique()
    {
        double angle = 20 * Math.PI / 180;
        var row = new Vector3D(Math.Cos(angle), Math.Sin(angle), 0);
        var column = new Vector3D(-Math.Sin(angle), Math.Cos(angle), 0);
        return new VolumeGeometry(new GridSize(10, 8, 6), new Vector3D(0.5, 0.75, 2), new Vector3D(-100, 50, 10), row, column, row.Cross(column));
    }

    [Fact]
    public void A_crop_keeps_every_voxel_at_its_patient_position_and_pastes_back_exactly()
    {
        var geometry = Oblique();
        var ct = Volume.Zeros<short>(geometry);
        for (int i = 0; i < ct.Voxels.Length; i++)
        {
            ct.Voxels[i] = (short)(i - 200);
        }

        var box = new VoxelBox(2, 1, 3, 7, 8, 5);
        var part = RegionOfInterest.Crop(ct, box);
        Assert.Equal(new GridSize(5, 7, 2), part.Size);
        foreach (var v in TestVolumes.Voxels(part.Size))
        {
            Assert.Equal(ct[v.X + 2, v.Y + 1, v.Z + 3], part[v.X, v.Y, v.Z]);
            var there = part.Geometry.IndexToPatient(v.X, v.Y, v.Z);
            var here = geometry.IndexToPatient(v.X + 2, v.Y + 1, v.Z + 3);
            Assert.True((there - here).Length < 1e-9);
        }

        var back = RegionOfInterest.Uncrop(part, box, geometry, (short)-1024);
        foreach (var v in TestVolumes.Voxels(geometry.Size))
        {
            bool inBox = v.X is >= 2 and < 7 && v.Y is >= 1 and < 8 && v.Z is >= 3 and < 5;
            Assert.Equal(inBox ? ct[v.X, v.Y, v.Z] : (short)-1024, back[v.X, v.Y, v.Z]);
        }
    }

    [Fact]
    public void Around_a_mask_grows_the_bounding_box_by_whole_voxels_and_stops_at_the_grid()
    {
        var mask = TestVolumes.Mask(Oblique(), (4, 3, 2), (5, 6, 2));
        Assert.Equal(new VoxelBox(4, 3, 2, 6, 7, 3), VoxelBox.Of(mask));
        // 1 mm: 2 voxels in x (0.5 mm), 2 in y (0.75 mm: ceil 1.33), 1 in z (2 mm).
        Assert.Equal(new VoxelBox(2, 1, 1, 8, 8, 4), RegionOfInterest.Around(mask, 1));
        Assert.Null(RegionOfInterest.Around(Volume.Zeros<byte>(Oblique()), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionOfInterest.Crop(mask, new VoxelBox(0, 0, 0, 11, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VoxelBox(3, 0, 0, 3, 1, 1));
    }
}
