using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// A smooth analytic field tabulated once per case on a regular lattice (head coordinates, millimetres) and read back
/// by trilinear interpolation: fields that are expensive to evaluate (sulci from noise, the union of a few dozen
/// ventricle and nucleus primitives) cost a handful of loads per voxel instead. Signed distances are tabulated
/// signed, so thin clefts survive interpolation. Outside the lattice every channel reads <see cref="Outside"/>.
/// </summary>
public sealed class FieldLattice
{
    private readonly Vector4[] _values;
    private readonly Vector3 _origin;
    private readonly float _inverseSpacing;
    private readonly int _nx;
    private readonly int _ny;
    private readonly int _nz;

    public FieldLattice(Vector3 min, Vector3 max, float spacing, Vector4 initial, Vector4 outside)
        : this(min, Count(min.X, max.X, spacing), Count(min.Y, max.Y, spacing), Count(min.Z, max.Z, spacing), spacing, initial, outside)
    {
    }

    /// <summary>A lattice of exactly <paramref name="nx"/> x <paramref name="ny"/> x <paramref name="nz"/> points from <paramref name="min"/>.</summary>
    public FieldLattice(Vector3 min, int nx, int ny, int nz, float spacing, Vector4 initial, Vector4 outside)
    {
        if (!(spacing > 0) || nx < 2 || ny < 2 || nz < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(spacing), "a lattice needs a positive spacing and two points per axis");
        }

        _origin = min;
        Spacing = spacing;
        _inverseSpacing = 1 / spacing;
        _nx = nx;
        _ny = ny;
        _nz = nz;
        _values = new Vector4[(long)_nx * _ny * _nz];
        Array.Fill(_values, initial);
        Outside = outside;
    }

    public float Spacing { get; }

    private static int Count(float min, float max, float spacing) =>
        (int)MathF.Ceiling((max - min) / spacing) + 1;

    public Vector4 Outside { get; }

    public Vector3 Min => _origin;

    public Vector3 Max => _origin + (Spacing * new Vector3(_nx - 1, _ny - 1, _nz - 1));

    /// <summary>Whether a point lies where the lattice can interpolate.</summary>
    [MethodImpl(Hot.Inline)]
    public bool Covers(Vector3 p)
    {
        var max = Max;
        return p.X >= _origin.X && p.Y >= _origin.Y && p.Z >= _origin.Z && p.X < max.X && p.Y < max.Y && p.Z < max.Z;
    }

    /// <summary>Sets every lattice point from a function of its position, in parallel over z planes.</summary>
    [MethodImpl(Hot.Loop)]
    public void Fill(Func<Vector3, Vector4> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        Parallel.For(0, _nz, [MethodImpl(Hot.Loop)] (int k) =>
        {
            for (int j = 0; j < _ny; j++)
            {
                long row = (((long)k * _ny) + j) * _nx;
                for (int i = 0; i < _nx; i++)
                {
                    _values[row + i] = field(Point(i, j, k));
                }
            }
        });
    }

    /// <summary>
    /// Takes the minimum of one channel and a distance function over the lattice points inside a box: a union of
    /// primitives, each evaluated only where it can matter.
    /// </summary>
    [MethodImpl(Hot.Loop)]
    public void UnionInto(int channel, Vector3 boxMin, Vector3 boxMax, Func<Vector3, float> distance)
    {
        ArgumentNullException.ThrowIfNull(distance);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 3);
        int i0 = Math.Max(0, (int)MathF.Floor((boxMin.X - _origin.X) * _inverseSpacing));
        int j0 = Math.Max(0, (int)MathF.Floor((boxMin.Y - _origin.Y) * _inverseSpacing));
        int k0 = Math.Max(0, (int)MathF.Floor((boxMin.Z - _origin.Z) * _inverseSpacing));
        int i1 = Math.Min(_nx - 1, (int)MathF.Ceiling((boxMax.X - _origin.X) * _inverseSpacing));
        int j1 = Math.Min(_ny - 1, (int)MathF.Ceiling((boxMax.Y - _origin.Y) * _inverseSpacing));
        int k1 = Math.Min(_nz - 1, (int)MathF.Ceiling((boxMax.Z - _origin.Z) * _inverseSpacing));
        for (int k = k0; k <= k1; k++)
        {
            for (int j = j0; j <= j1; j++)
            {
                long row = (((long)k * _ny) + j) * _nx;
                for (int i = i0; i <= i1; i++)
                {
                    ref var value = ref _values[row + i];
                    float d = distance(Point(i, j, k));
                    value = channel switch
                    {
                        0 => value with { X = MathF.Min(value.X, d) },
                        1 => value with { Y = MathF.Min(value.Y, d) },
                        2 => value with { Z = MathF.Min(value.Z, d) },
                        _ => value with { W = MathF.Min(value.W, d) },
                    };
                }
            }
        }
    }

    /// <summary>Rewrites every lattice point from its current value and position (a post-processing pass).</summary>
    [MethodImpl(Hot.Loop)]
    public void Transform(Func<int, int, int, Vector4> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var result = new Vector4[_values.Length];
        Parallel.For(0, _nz, [MethodImpl(Hot.Loop)] (int k) =>
        {
            for (int j = 0; j < _ny; j++)
            {
                long row = (((long)k * _ny) + j) * _nx;
                for (int i = 0; i < _nx; i++)
                {
                    result[row + i] = update(i, j, k);
                }
            }
        });
        result.CopyTo(_values, 0);
    }

    /// <summary>The stored value at a lattice point, clamped to the lattice.</summary>
    [MethodImpl(Hot.Inline)]
    public Vector4 At(int i, int j, int k)
    {
        i = Math.Clamp(i, 0, _nx - 1);
        j = Math.Clamp(j, 0, _ny - 1);
        k = Math.Clamp(k, 0, _nz - 1);
        return _values[(((long)k * _ny) + j) * _nx + i];
    }

    [MethodImpl(Hot.Inline)]
    public Vector3 Point(int i, int j, int k) => _origin + (Spacing * new Vector3(i, j, k));

    /// <summary>Trilinear interpolation of all four channels.</summary>
    [MethodImpl(Hot.Inline)]
    public Vector4 Sample(Vector3 p)
    {
        var g = (p - _origin) * _inverseSpacing;
        if (g.X < 0 || g.Y < 0 || g.Z < 0)
        {
            return Outside;
        }

        int i = (int)g.X, j = (int)g.Y, k = (int)g.Z;
        if (i >= _nx - 1 || j >= _ny - 1 || k >= _nz - 1)
        {
            return Outside;
        }

        float fx = g.X - i, fy = g.Y - j, fz = g.Z - k;
        long stride = _nx;
        long plane = (long)_nx * _ny;
        long index = (k * plane) + (j * stride) + i;
        var values = _values;
        var c00 = Vector4.Lerp(values[index], values[index + 1], fx);
        var c10 = Vector4.Lerp(values[index + stride], values[index + stride + 1], fx);
        var c01 = Vector4.Lerp(values[index + plane], values[index + plane + 1], fx);
        var c11 = Vector4.Lerp(values[index + plane + stride], values[index + plane + stride + 1], fx);
        return Vector4.Lerp(Vector4.Lerp(c00, c10, fy), Vector4.Lerp(c01, c11, fy), fz);
    }
}
