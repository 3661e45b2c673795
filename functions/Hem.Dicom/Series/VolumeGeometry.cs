namespace Hem.Dicom.Series;

/// <summary>
/// A regular voxel grid in patient space (LPS): size, spacing in millimetres, the centre of voxel (0, 0, 0) and
/// the unit directions of the x, y and z axes. Axis directions must be orthonormal; a left-handed set is allowed
/// (a writer then needs qfac -1) though volumes built from DICOM slices are always right-handed.
/// </summary>
public sealed record VolumeGeometry
{
    private const double OrthonormalTolerance = 1e-6;

    public VolumeGeometry(GridSize size, Vector3D spacing, Vector3D origin, Vector3D rowDirection, Vector3D columnDirection, Vector3D sliceDirection)
    {
        if (size.X <= 0 || size.Y <= 0 || size.Z <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"grid size {size} has an axis that is not positive");
        }

        if (!(spacing.X > 0 && spacing.Y > 0 && spacing.Z > 0) || !double.IsFinite(spacing.X + spacing.Y + spacing.Z))
        {
            throw new ArgumentOutOfRangeException(nameof(spacing), $"voxel spacing {spacing} mm has an axis that is not positive");
        }

        Vector3D[] axes = [rowDirection, columnDirection, sliceDirection];
        for (int a = 0; a < 3; a++)
        {
            if (Math.Abs(axes[a].Length - 1) > OrthonormalTolerance || Math.Abs(axes[a].Dot(axes[(a + 1) % 3])) > OrthonormalTolerance)
            {
                throw new ArgumentException("the axis directions are not orthonormal", nameof(rowDirection));
            }
        }

        Size = size;
        Spacing = spacing;
        Origin = origin;
        RowDirection = rowDirection;
        ColumnDirection = columnDirection;
        SliceDirection = sliceDirection;
    }

    public GridSize Size { get; }

    /// <summary>Millimetres between voxel centres along x, y and z.</summary>
    public Vector3D Spacing { get; }

    /// <summary>The patient-space centre of voxel (0, 0, 0).</summary>
    public Vector3D Origin { get; }

    /// <summary>The direction of increasing x (along a row).</summary>
    public Vector3D RowDirection { get; }

    /// <summary>The direction of increasing y (down a column).</summary>
    public Vector3D ColumnDirection { get; }

    /// <summary>The direction of increasing z (from slice to slice).</summary>
    public Vector3D SliceDirection { get; }

    /// <summary>Index (i, j, k) to LPS millimetres.</summary>
    public Affine Affine => Affine.FromAxes(Spacing.X * RowDirection, Spacing.Y * ColumnDirection, Spacing.Z * SliceDirection, Origin);

    public bool IsRightHanded => RowDirection.Cross(ColumnDirection).Dot(SliceDirection) > 0;

    public Vector3D IndexToPatient(double i, double j, double k) => Affine.Transform(i, j, k);

    /// <summary>The continuous voxel index of a patient-space point (the axes are orthonormal, so no inversion).</summary>
    public Vector3D PatientToIndex(Vector3D point)
    {
        var offset = point - Origin;
        return new Vector3D(offset.Dot(RowDirection) / Spacing.X, offset.Dot(ColumnDirection) / Spacing.Y, offset.Dot(SliceDirection) / Spacing.Z);
    }
}
