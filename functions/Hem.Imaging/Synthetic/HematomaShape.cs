using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// A hematoma's geometry as an implicit surface (head coordinates, mm, negative inside): an ellipsoid, smoothly
/// joined lobes for lobulated hematomas, a noise perturbation of the margin (small for regular, large for irregular
/// ones) and, for the island sign, small separate satellites. <see cref="Base"/> is roughly a signed distance; a
/// level shifts it so the hematoma has the volume drawn for it (<see cref="VolumeSolver"/>).
/// </summary>
public sealed class HematomaShape
{
    private readonly OrientedEllipsoid _main;
    private readonly OrientedEllipsoid[] _lobes;
    private readonly Vector4[] _satellites;
    private readonly GradientNoise _noise;
    private readonly float _noiseAmplitude;
    private readonly float _noiseFrequency;
    private readonly float _blend;
    private readonly bool _fractal;

    private HematomaShape(OrientedEllipsoid main, OrientedEllipsoid[] lobes, Vector4[] satellites, GradientNoise noise, float noiseAmplitude, float noiseFrequency, float blend, bool fractal)
    {
        _main = main;
        _lobes = lobes;
        _satellites = satellites;
        _noise = noise;
        _noiseAmplitude = noiseAmplitude;
        _noiseFrequency = noiseFrequency;
        _blend = blend;
        _fractal = fractal;
    }

    public Vector3 Centre => _main.Center;

    /// <summary>The main ellipsoid (the lobes and satellites are around it).</summary>
    public OrientedEllipsoid Main => _main;

    public IReadOnlyList<OrientedEllipsoid> Lobes => _lobes;

    /// <summary>Satellites: centre and radius (mm).</summary>
    public IReadOnlyList<Vector4> Satellites => _satellites;

    /// <summary>How far (mm) the unlevelled surface can reach from the centre.</summary>
    public float Extent { get; private init; }

    /// <summary>
    /// Draws a shape of equivalent-sphere radius <paramref name="radius"/> at <paramref name="placement"/>; satellites
    /// are kept only where <paramref name="inBrain"/> holds for their centre.
    /// </summary>
    public static HematomaShape Draw(Random random, HematomaPlacement placement, float radius, bool irregular, bool island, Func<Vector3, bool> inBrain)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(placement);
        ArgumentNullException.ThrowIfNull(inBrain);
        var main = OrientedEllipsoid.Rotated(placement.Centre, radius * placement.Aspect, placement.Yaw, placement.Pitch, placement.Roll);
        int lobeCount = irregular ? random.Next(2, 5) : random.Chance(0.3) ? 1 : 0;
        var lobes = new OrientedEllipsoid[lobeCount];
        float extent = main.MaxRadius;
        for (int i = 0; i < lobes.Length; i++)
        {
            var direction = RandomDirection(random);
            float along = MainRadiusAlong(main, direction) * random.UniformF(0.55, 0.85);
            float size = radius * (irregular ? random.UniformF(0.35, 0.6) : random.UniformF(0.3, 0.45));
            var centre = main.Center + (along * direction);
            var radii = size * new Vector3(random.UniformF(0.8, 1.2), random.UniformF(0.8, 1.2), random.UniformF(0.8, 1.2));
            lobes[i] = OrientedEllipsoid.Rotated(centre, radii, random.UniformF(-MathF.PI, MathF.PI), random.UniformF(-1, 1), random.UniformF(-1, 1));
            extent = MathF.Max(extent, along + lobes[i].MaxRadius);
        }

        float amplitude = radius * (irregular ? random.UniformF(0.10, 0.18) : random.UniformF(0.02, 0.05));
        float frequency = 1 / (radius * (irregular ? random.UniformF(0.4, 0.6) : random.UniformF(0.7, 1.0)));
        var noise = new GradientNoise(random);
        var satellites = new List<Vector4>();
        int wanted = island ? random.Next(3, 6) : random.Chance(0.12) ? 1 : 0;
        for (int attempt = 0; attempt < 40 && satellites.Count < wanted; attempt++)
        {
            var direction = RandomDirection(random);
            float r = random.UniformF(1.6, 3.2);
            // Separate from the main mass by a few millimetres (the island sign's scattered hematomas).
            float gap = random.UniformF(1.5, 5.5);
            float along = MainRadiusAlong(main, direction) + (amplitude * 1.5f) + gap + r;
            var centre = main.Center + (along * direction);
            if (inBrain(centre))
            {
                satellites.Add(new Vector4(centre, r));
                extent = MathF.Max(extent, along + r);
            }
        }

        return new HematomaShape(main, lobes, [.. satellites], noise, amplitude, frequency, radius * 0.25f, irregular)
        {
            Extent = extent + amplitude,
        };
    }

    /// <summary>The main mass with its lobes and noisy margin, before the level is applied.</summary>
    [MethodImpl(Hot.Loop)]
    public float Base(Vector3 p)
    {
        float d = _main.Distance(p);
        foreach (var lobe in _lobes)
        {
            d = Implicit.SmoothMin(d, lobe.Distance(p), _blend);
        }

        var q = (p - _main.Center) * _noiseFrequency;
        float n = _fractal ? _noise.Fractal(q) : _noise.At(q);
        return d + (_noiseAmplitude * n);
    }

    /// <summary>Distance to the nearest satellite (large when there are none).</summary>
    [MethodImpl(Hot.Loop)]
    public float SatelliteDistance(Vector3 p)
    {
        float d = 1e3f;
        foreach (var s in _satellites)
        {
            d = MathF.Min(d, Vector3.Distance(p, new Vector3(s.X, s.Y, s.Z)) - s.W);
        }

        return d;
    }

    [MethodImpl(Hot.Inline)]
    public float Distance(Vector3 p, float level) => MathF.Min(Base(p) - level, SatelliteDistance(p));

    private static float MainRadiusAlong(OrientedEllipsoid main, Vector3 direction)
    {
        var local = new Vector3(Vector3.Dot(direction, main.AxisU), Vector3.Dot(direction, main.AxisV), Vector3.Dot(direction, main.AxisW));
        return 1 / (local / main.Radii).Length();
    }

    private static Vector3 RandomDirection(Random random)
    {
        while (true)
        {
            var v = new Vector3(random.UniformF(-1, 1), random.UniformF(-1, 1), random.UniformF(-1, 1));
            float length = v.Length();
            if (length is > 0.2f and <= 1)
            {
                return v / length;
            }
        }
    }
}
