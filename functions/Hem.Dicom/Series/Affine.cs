using System.Globalization;

namespace Hem.Dicom.Series;

/// <summary>
/// A 4x4 homogeneous transform, row-major, whose last row is (0, 0, 0, 1): maps voxel indices (i, j, k) to
/// patient coordinates in millimetres.
/// </summary>
public sealed class Affine
{
    private readonly double[] _values;

    public Affine(ReadOnlySpan<double> rowMajor)
    {
        if (rowMajor.Length != 16)
        {
            throw new ArgumentException($"an affine has 16 values, not {rowMajor.Length}", nameof(rowMajor));
        }

        _values = rowMajor.ToArray();
    }

    public double this[int row, int column] => _values[(row * 4) + column];

    /// <summary>Builds the affine whose columns are the three axis steps and the origin.</summary>
    public static Affine FromAxes(Vector3D stepX, Vector3D stepY, Vector3D stepZ, Vector3D origin) =>
        new([
            stepX.X, stepY.X, stepZ.X, origin.X,
            stepX.Y, stepY.Y, stepZ.Y, origin.Y,
            stepX.Z, stepY.Z, stepZ.Z, origin.Z,
            0, 0, 0, 1,
        ]);

    public Vector3D Transform(double i, double j, double k) =>
        new(
            (this[0, 0] * i) + (this[0, 1] * j) + (this[0, 2] * k) + this[0, 3],
            (this[1, 0] * i) + (this[1, 1] * j) + (this[1, 2] * k) + this[1, 3],
            (this[2, 0] * i) + (this[2, 1] * j) + (this[2, 2] * k) + this[2, 3]);

    /// <summary>The determinant of the 3x3 part: negative for a left-handed voxel grid.</summary>
    public double Determinant3x3 =>
        (this[0, 0] * ((this[1, 1] * this[2, 2]) - (this[1, 2] * this[2, 1])))
        - (this[0, 1] * ((this[1, 0] * this[2, 2]) - (this[1, 2] * this[2, 0])))
        + (this[0, 2] * ((this[1, 0] * this[2, 1]) - (this[1, 1] * this[2, 0])));

    /// <summary>The values row by row, for writers and comparisons.</summary>
    public double[] ToRowMajorArray() => (double[])_values.Clone();

    public override string ToString() =>
        string.Join("; ", Enumerable.Range(0, 3).Select(r =>
            string.Join(" ", Enumerable.Range(0, 4).Select(c => this[r, c].ToString("0.####", CultureInfo.InvariantCulture)))));
}
