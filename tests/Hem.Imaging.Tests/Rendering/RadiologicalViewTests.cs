using Hem.Dicom.Series;
using Hem.Imaging.Rendering;

namespace Hem.Imaging.Tests.Rendering;

public sealed class RadiologicalViewTests
{
    public static TheoryData<Vector3D, Vector3D, bool, bool, bool> Orientations => new()
    {
        // row, column, columns along x, flip columns, flip rows
        { new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), true, false, false },
        { new Vector3D(-1, 0, 0), new Vector3D(0, 1, 0), true, true, false },
        { new Vector3D(1, 0, 0), new Vector3D(0, -1, 0), true, false, true },
        { new Vector3D(0, 1, 0), new Vector3D(1, 0, 0), false, false, false },
        { new Vector3D(0, -1, 0), new Vector3D(-1, 0, 0), false, true, true },
        { new Vector3D(1, 0, 0), new Vector3D(0, 0.9483237, -0.3173047), true, false, false },
    };

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Patient_left_is_on_the_right_and_posterior_at_the_bottom(Vector3D row, Vector3D column, bool columnsAlongX, bool flipColumns, bool flipRows)
    {
        var geometry = new VolumeGeometry(new GridSize(7, 5, 2), new Vector3D(1, 1, 1), new Vector3D(0, 0, 0), row, column, row.Cross(column));

        var view = RadiologicalView.Of(geometry);

        Assert.Equal((columnsAlongX, flipColumns, flipRows), (view.ColumnsAlongX, view.FlipColumns, view.FlipRows));
        Assert.Equal(columnsAlongX ? (7, 5) : (5, 7), (view.Width, view.Height));

        // Moving one pixel right goes to the patient's left (+x), one pixel down goes posterior (+y).
        for (int r = 0; r < view.Height; r++)
        {
            for (int c = 0; c + 1 < view.Width; c++)
            {
                Assert.True(PatientAt(geometry, view, c + 1, r).X > PatientAt(geometry, view, c, r).X);
            }
        }

        for (int r = 0; r + 1 < view.Height; r++)
        {
            Assert.True(PatientAt(geometry, view, 0, r + 1).Y > PatientAt(geometry, view, 0, r).Y);
        }
    }

    [Fact]
    public void Pixels_and_voxels_map_one_to_one_both_ways()
    {
        var geometry = new VolumeGeometry(new GridSize(7, 5, 2), new Vector3D(1, 1, 1), new Vector3D(0, 0, 0), new Vector3D(0, -1, 0), new Vector3D(-1, 0, 0), new Vector3D(0, 0, -1));
        var view = RadiologicalView.Of(geometry);
        var seen = new HashSet<(int, int)>();

        for (int r = 0; r < view.Height; r++)
        {
            for (int c = 0; c < view.Width; c++)
            {
                var (x, y) = view.VoxelAt(c, r);
                Assert.InRange(x, 0, 6);
                Assert.InRange(y, 0, 4);
                Assert.True(seen.Add((x, y)));
                Assert.Equal((c, r), view.PixelOf(x, y));
            }
        }
    }

    private static Vector3D PatientAt(VolumeGeometry geometry, RadiologicalView view, int column, int row)
    {
        var (x, y) = view.VoxelAt(column, row);
        return geometry.IndexToPatient(x, y, 0);
    }
}
