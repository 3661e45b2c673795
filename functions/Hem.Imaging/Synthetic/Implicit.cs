using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// Signed distance helpers (negative inside, millimetres) for the implicit surfaces every structure is made of.
/// A distance turns into a partial-volume fraction with <see cref="Inside"/>, which is what gives the phantom its
/// smooth, scanner-like boundaries without supersampling in-plane.
/// </summary>
public static class Implicit
{
    /// <summary>
    /// The fraction of a voxel of width <paramref name="width"/> lying inside a locally flat boundary at signed
    /// distance <paramref name="distance"/> from its centre (a linear ramp: exact for a plane crossing a cube face-on).
    /// </summary>
    [MethodImpl(Hot.Inline)]
    public static float Inside(float distance, float width) => Math.Clamp(0.5f - (distance / width), 0f, 1f);

    [MethodImpl(Hot.Inline)]
    public static float SmoothStep(float edge0, float edge1, float x)
    {
        float t = Math.Clamp((x - edge0) / (edge1 - edge0), 0f, 1f);
        return t * t * (3 - (2 * t));
    }

    /// <summary>Polynomial smooth minimum (blend radius <paramref name="k"/> mm): unions without creases.</summary>
    [MethodImpl(Hot.Inline)]
    public static float SmoothMin(float a, float b, float k)
    {
        float h = Math.Max(k - Math.Abs(a - b), 0f) / k;
        return Math.Min(a, b) - (h * h * k * 0.25f);
    }

    [MethodImpl(Hot.Inline)]
    public static float SmoothMax(float a, float b, float k) => -SmoothMin(-a, -b, k);

    /// <summary>
    /// Approximate distance to an axis-aligned ellipsoid centred at the origin (Quilez's bound: exact on the axes,
    /// within a few per cent near the surface for the mild eccentricities used here).
    /// </summary>
    [MethodImpl(Hot.Inline)]
    public static float Ellipsoid(Vector3 p, Vector3 radii)
    {
        var q = p / radii;
        float k0 = q.Length();
        float k1 = (q / radii).Length();
        return k1 < 1e-6f ? -MathF.Min(radii.X, MathF.Min(radii.Y, radii.Z)) : k0 * (k0 - 1) / k1;
    }

    /// <summary>Distance to a capsule whose radius changes linearly from <paramref name="ra"/> at a to <paramref name="rb"/> at b.</summary>
    [MethodImpl(Hot.Inline)]
    public static float Tube(Vector3 p, Vector3 a, Vector3 b, float ra, float rb)
    {
        var ab = b - a;
        float t = Math.Clamp(Vector3.Dot(p - a, ab) / Vector3.Dot(ab, ab), 0f, 1f);
        return Vector3.Distance(p, a + (t * ab)) - (ra + (t * (rb - ra)));
    }
}

/// <summary>An ellipsoid with its own orientation, the building block of nuclei, lobes and hematomas.</summary>
public readonly record struct OrientedEllipsoid(Vector3 Center, Vector3 Radii, Vector3 AxisU, Vector3 AxisV, Vector3 AxisW)
{
    public static OrientedEllipsoid Aligned(Vector3 center, Vector3 radii) => new(center, radii, Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ);

    /// <summary>An ellipsoid turned by yaw (about z), pitch (about x) and roll (about y), radians.</summary>
    public static OrientedEllipsoid Rotated(Vector3 center, Vector3 radii, float yaw, float pitch, float roll)
    {
        var rotation = Matrix4x4.CreateFromYawPitchRoll(roll, pitch, yaw);
        return new(center, radii, Vector3.TransformNormal(Vector3.UnitX, rotation), Vector3.TransformNormal(Vector3.UnitY, rotation), Vector3.TransformNormal(Vector3.UnitZ, rotation));
    }

    public float MaxRadius => MathF.Max(Radii.X, MathF.Max(Radii.Y, Radii.Z));

    [MethodImpl(Hot.Inline)]
    public Vector3 ToLocal(Vector3 p)
    {
        var d = p - Center;
        return new Vector3(Vector3.Dot(d, AxisU), Vector3.Dot(d, AxisV), Vector3.Dot(d, AxisW));
    }

    [MethodImpl(Hot.Inline)]
    public float Distance(Vector3 p) => Implicit.Ellipsoid(ToLocal(p), Radii);
}
