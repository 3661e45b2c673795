namespace Hem.Dicom.Series;

/// <summary>
/// Where one image plane lies in patient space (PS3.3 C.7.6.2): the centre of its first pixel, the directions of
/// its rows and columns, and the distance between pixel centres. <see cref="SpacingX"/> is measured along the
/// row direction (between columns: PixelSpacing's second value), <see cref="SpacingY"/> along the column
/// direction (between rows: PixelSpacing's first value).
/// </summary>
public sealed record SliceGeometry(
    Vector3D Position,
    Vector3D RowDirection,
    Vector3D ColumnDirection,
    double SpacingX,
    double SpacingY,
    int Rows,
    int Columns)
{
    /// <summary>The plane's normal: row direction cross column direction, the DICOM slice direction.</summary>
    public Vector3D Normal => RowDirection.Cross(ColumnDirection).Normalized();

    /// <summary>The patient-space centre of pixel (<paramref name="column"/>, <paramref name="row"/>).</summary>
    public Vector3D PatientPoint(double column, double row) =>
        Position + ((column * SpacingX) * RowDirection) + ((row * SpacingY) * ColumnDirection);
}
