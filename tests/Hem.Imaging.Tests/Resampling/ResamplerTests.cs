using Hem.Dicom.Series;
using Hem.Imaging.Resampling;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Resampling;

public sealed class ResamplerTests
{
    private static VolumeGeometry Source() =>
        new(new GridSize(12, 10, 8), new Vector3D(0.8, 0.9, 2.5), new Vector3D(-20, 15, -40), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));

    private static double Ramp(Vector3D p) => 3.5 + (1.25 * p.X) - (0.75 * p.Y) + (0.5 * p.Z);

    [Fact]
    public void An_identity_resample_is_exact()
    {
        var ct = Volume.Zeros<short>(Source());
        var random = new Random(5);
        for (int i = 0; i < ct.Voxels.Length; i++)
        {
            ct.Voxels[i] = (short)random.Next(-1024, 3000);
        }

        Assert.Equal(ct.Voxels.Select(v => (float)v), Resampler.Trilinear(ct, ct.Geometry).Voxels);
        Assert.Equal(ct.Voxels, Resampler.Nearest(ct, ct.Geometry, (short)-1024).Voxels);
    }

    [Fact]
    public void A_linear_ramp_resamples_exactly_onto_an_oblique_grid_inside_the_source()
    {
        var source = Volume.Zeros<float>(Source());
        foreach (var v in TestVolumes.Voxels(source.Size))
        {
            source[v.X, v.Y, v.Z] = (float)Ramp(source.Geometry.IndexToPatient(v.X, v.Y, v.Z));
        }

        double angle = 0.4;
        var row = new Vector3D(Math.Cos(angle), Math.Sin(angle), 0);
        var column = new Vector3D(-Math.Sin(angle) * Math.Cos(0.3), Math.Cos(angle) * Math.Cos(0.3), Math.Sin(0.3));
        var target = new VolumeGeometry(new GridSize(6, 5, 5), new Vector3D(0.7, 0.6, 1.9), new Vector3D(-16, 18, -34), row, column, row.Cross(column));
        var result = Resampler.Trilinear(source, target, float.NaN);

        foreach (var v in TestVolumes.Voxels(target.Size))
        {
            var p = target.IndexToPatient(v.X, v.Y, v.Z);
            var index = Source().PatientToIndex(p);
            Assert.InRange(index.X, 0, 11);
            Assert.InRange(index.Y, 0, 9);
            Assert.InRange(index.Z, 0, 7);
            Assert.Equal(Ramp(p), result[v.X, v.Y, v.Z], 3);
        }
    }

    [Fact]
    public void A_shift_of_one_voxel_moves_values_and_fills_what_falls_outside()
    {
        var geometry = Source();
        var ct = Volume.Zeros<short>(geometry);
        for (int i = 0; i < ct.Voxels.Length; i++)
        {
            ct.Voxels[i] = (short)(i % 1000);
        }

        var shifted = new VolumeGeometry(geometry.Size, geometry.Spacing, geometry.Origin + (0.8 * geometry.RowDirection), geometry.RowDirection, geometry.ColumnDirection, geometry.SliceDirection);
        var result = Resampler.Trilinear(ct, shifted);
        foreach (var v in TestVolumes.Voxels(geometry.Size))
        {
            float expected = v.X == 11 ? -1024f : ct[v.X + 1, v.Y, v.Z];
            Assert.Equal(expected, result[v.X, v.Y, v.Z]);
        }

        // Half a voxel: the mean of the two neighbours; the last centre sits on the edge and keeps the edge value.
        var half = new VolumeGeometry(geometry.Size, geometry.Spacing, geometry.Origin + (0.4 * geometry.RowDirection), geometry.RowDirection, geometry.ColumnDirection, geometry.SliceDirection);
        var halfResult = Resampler.Trilinear(ct, half);
        Assert.Equal((ct[3, 2, 1] + ct[4, 2, 1]) / 2f, halfResult[3, 2, 1]);
        Assert.Equal(ct[11, 2, 1], halfResult[11, 2, 1]);
    }

    [Fact]
    public void Nearest_upsampling_repeats_voxels_and_majority_vote_downsampling_needs_a_strict_majority()
    {
        var geometry = new VolumeGeometry(new GridSize(4, 2, 2), new Vector3D(1, 1, 1), new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));
        var mask = Volume.Zeros<byte>(geometry);
        // Block x 0..1: 5 of 8 inside; block x 2..3: 4 of 8 (a tie).
        foreach (var (x, y, z) in new[] { (0, 0, 0), (1, 0, 0), (0, 1, 0), (1, 1, 0), (0, 0, 1), (2, 0, 0), (3, 0, 0), (2, 1, 0), (3, 1, 0) })
        {
            mask[x, y, z] = 1;
        }

        var coarse = ResamplingGrids.Isotropic(geometry, 2);
        Assert.Equal(new GridSize(2, 1, 1), coarse.Size);
        var voted = Resampler.MajorityVote(mask, coarse);
        Assert.Equal([1, 0], voted.Voxels);

        var fine = ResamplingGrids.Isotropic(geometry, 0.5);
        Assert.Equal(new GridSize(8, 4, 4), fine.Size);
        var up = Resampler.Nearest(mask, fine, (byte)0);
        foreach (var v in TestVolumes.Voxels(fine.Size))
        {
            Assert.Equal(mask[v.X / 2, v.Y / 2, v.Z / 2], up[v.X, v.Y, v.Z]);
        }

        // Majority vote onto a finer grid: no target gets more than one vote or none, so it is nearest neighbour.
        Assert.Equal(up.Voxels, Resampler.MajorityVote(mask, fine).Voxels);
    }

    [Fact]
    public void A_target_away_from_the_source_is_all_fill()
    {
        var ct = Volume.Zeros<short>(Source());
        var far = new VolumeGeometry(new GridSize(3, 3, 3), new Vector3D(1, 1, 1), new Vector3D(500, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));
        Assert.All(Resampler.Trilinear(ct, far).Voxels, v => Assert.Equal(-1024f, v));
        Assert.All(Resampler.Nearest(ct, far, (short)-7).Voxels, v => Assert.Equal(-7, v));
    }

    [Fact]
    public void An_isotropic_grid_keeps_the_outer_corner_and_the_extent()
    {
        var geometry = new VolumeGeometry(new GridSize(10, 10, 4), new Vector3D(0.5, 0.5, 5), new Vector3D(1, 2, 3), new Vector3D(0, 1, 0), new Vector3D(-1, 0, 0), new Vector3D(0, 0, 1));
        var iso = ResamplingGrids.Isotropic(geometry, 1);
        Assert.Equal(new GridSize(5, 5, 20), iso.Size);
        var oldCorner = geometry.IndexToPatient(-0.5, -0.5, -0.5);
        var newCorner = iso.IndexToPatient(-0.5, -0.5, -0.5);
        Assert.True((oldCorner - newCorner).Length < 1e-9);
        var oldFar = geometry.IndexToPatient(9.5, 9.5, 3.5);
        var newFar = iso.IndexToPatient(4.5, 4.5, 19.5);
        Assert.True((oldFar - newFar).Length < 1e-9);
        Assert.Equal(geometry.RowDirection, iso.RowDirection);
    }
}
