using System.Globalization;

namespace Hem.Dicom.Series;

/// <summary>
/// A point or direction in patient space (DICOM LPS, millimetres). Double precision: slice positions half a metre
/// from the origin are compared to hundredths of a millimetre.
/// </summary>
public readonly record struct Vector3D(double X, double Y, double Z)
{
    public double Length => Math.Sqrt(Dot(this));

    public static Vector3D operator +(Vector3D left, Vector3D right) => new(left.X + right.X, left.Y + right.Y, left.Z + right.Z);

    public static Vector3D operator -(Vector3D left, Vector3D right) => new(left.X - right.X, left.Y - right.Y, left.Z - right.Z);

    public static Vector3D operator -(Vector3D value) => new(-value.X, -value.Y, -value.Z);

    public static Vector3D operator *(double scale, Vector3D value) => new(scale * value.X, scale * value.Y, scale * value.Z);

    public static Vector3D Add(Vector3D left, Vector3D right) => left + right;

    public static Vector3D Subtract(Vector3D left, Vector3D right) => left - right;

    public static Vector3D Negate(Vector3D value) => -value;

    public static Vector3D Multiply(double scale, Vector3D value) => scale * value;

    public double Dot(Vector3D other) => (X * other.X) + (Y * other.Y) + (Z * other.Z);

    public Vector3D Cross(Vector3D other) =>
        new((Y * other.Z) - (Z * other.Y), (Z * other.X) - (X * other.Z), (X * other.Y) - (Y * other.X));

    public Vector3D Normalized()
    {
        double length = Length;
        return length > 0 ? (1 / length) * this : throw new InvalidOperationException("a zero vector has no direction");
    }

    /// <summary>The angle between two directions in degrees, 0 to 180.</summary>
    public double AngleDegreesTo(Vector3D other)
    {
        double cosine = Dot(other) / (Length * other.Length);
        return Math.Acos(Math.Clamp(cosine, -1, 1)) * 180 / Math.PI;
    }

    /// <summary>Reads a three-valued attribute (ImagePositionPatient, say) as a vector.</summary>
    public static Vector3D FromValues(IReadOnlyList<double> values, int start = 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Vector3D(values[start], values[start + 1], values[start + 2]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({X:0.###}, {Y:0.###}, {Z:0.###})");
}
