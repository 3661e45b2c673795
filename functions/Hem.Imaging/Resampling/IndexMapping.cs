using Hem.Dicom.Series;

namespace Hem.Imaging.Resampling;

/// <summary>
/// Where each voxel of a target grid lies in a source grid's continuous index space: an affine map, so a voxel's
/// position is <c>Origin + i StepX + j StepY + k StepZ</c>, computed per voxel from the row start (never
/// accumulated, so no drift). Positions within 1e-9 voxel of a whole index are snapped to it, so grids that share
/// voxel centres map exactly.
/// </summary>
internal readonly record struct IndexMapping(Vector3D Origin, Vector3D StepX, Vector3D StepY, Vector3D StepZ)
{
    private const double SnapTolerance = 1e-9;

    public static IndexMapping Between(VolumeGeometry source, VolumeGeometry target)
    {
        var origin = source.PatientToIndex(target.Origin);
        return new IndexMapping(
            origin,
            source.PatientToIndex(target.IndexToPatient(1, 0, 0)) - origin,
            source.PatientToIndex(target.IndexToPatient(0, 1, 0)) - origin,
            source.PatientToIndex(target.IndexToPatient(0, 0, 1)) - origin);
    }

    public Vector3D RowStart(int j, int k) => Origin + (j * StepY) + (k * StepZ);

    public static double Snap(double index)
    {
        double whole = Math.Round(index);
        return Math.Abs(index - whole) < SnapTolerance ? whole : index;
    }
}
