using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// Improved Perlin gradient noise (Perlin 2002) with a permutation drawn from the case's generator: a smooth,
/// band-limited random field with values in about [-1, 1] and features about one unit apart. Sulci, hematoma
/// margins and density swirls are its level sets; read-only once built, so slices can share it.
/// </summary>
public sealed class GradientNoise
{
    private static readonly Vector3[] Gradients =
    [
        new(1, 1, 0), new(-1, 1, 0), new(1, -1, 0), new(-1, -1, 0),
        new(1, 0, 1), new(-1, 0, 1), new(1, 0, -1), new(-1, 0, -1),
        new(0, 1, 1), new(0, -1, 1), new(0, 1, -1), new(0, -1, -1),
        new(1, 1, 0), new(-1, 1, 0), new(0, -1, 1), new(0, -1, -1),
    ];

    private readonly byte[] _permutation = new byte[512];

    public GradientNoise(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var order = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            order[i] = (byte)i;
        }

        for (int i = 255; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        for (int i = 0; i < 512; i++)
        {
            _permutation[i] = order[i & 255];
        }
    }

    /// <summary>The noise at a point (in noise units: divide millimetres by the feature size first).</summary>
    [MethodImpl(Hot.Loop)]
    public float At(Vector3 p)
    {
        float fx = MathF.Floor(p.X), fy = MathF.Floor(p.Y), fz = MathF.Floor(p.Z);
        int x = (int)fx & 255, y = (int)fy & 255, z = (int)fz & 255;
        float dx = p.X - fx, dy = p.Y - fy, dz = p.Z - fz;
        float u = Fade(dx), v = Fade(dy), w = Fade(dz);
        var perm = _permutation;
        int a = perm[x] + y, aa = perm[a] + z, ab = perm[a + 1] + z;
        int b = perm[x + 1] + y, ba = perm[b] + z, bb = perm[b + 1] + z;
        float x1 = Lerp(u, Grad(perm[aa], dx, dy, dz), Grad(perm[ba], dx - 1, dy, dz));
        float x2 = Lerp(u, Grad(perm[ab], dx, dy - 1, dz), Grad(perm[bb], dx - 1, dy - 1, dz));
        float y1 = Lerp(v, x1, x2);
        x1 = Lerp(u, Grad(perm[aa + 1], dx, dy, dz - 1), Grad(perm[ba + 1], dx - 1, dy, dz - 1));
        x2 = Lerp(u, Grad(perm[ab + 1], dx, dy - 1, dz - 1), Grad(perm[bb + 1], dx - 1, dy - 1, dz - 1));
        return Lerp(w, y1, Lerp(v, x1, x2));
    }

    /// <summary>Two octaves, the second at twice the frequency and half the amplitude: less regular margins.</summary>
    [MethodImpl(Hot.Inline)]
    public float Fractal(Vector3 p) => (At(p) + (0.5f * At((2.03f * p) + new Vector3(17.1f, 3.7f, 9.3f)))) * 0.8f;

    [MethodImpl(Hot.Inline)]
    private static float Fade(float t) => t * t * t * ((t * ((t * 6) - 15)) + 10);

    [MethodImpl(Hot.Inline)]
    private static float Lerp(float t, float a, float b) => a + (t * (b - a));

    [MethodImpl(Hot.Inline)]
    private static float Grad(int hash, float x, float y, float z)
    {
        var g = Gradients[hash & 15];
        return (g.X * x) + (g.Y * y) + (g.Z * z);
    }
}
