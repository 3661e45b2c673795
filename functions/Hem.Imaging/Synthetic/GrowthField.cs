using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// How fast each part of the margin moves when a hematoma grows or shrinks (a positive weight, about 1): faster
/// along its lobes and islands (expansion continues where bleeding is active and margins are irregular), toward one
/// preferred direction, and unevenly along the margin. The follow-up surface is the baseline's level set moved by
/// growth x weight: phi_f = phi_b - s w.
/// </summary>
public sealed class GrowthField
{
    private readonly Vector3 _centre;
    private readonly Vector3 _direction;
    private readonly float _directional;
    private readonly Vector4[] _hotSpots;
    private readonly float _hotSpotGain;
    private readonly GradientNoise _noise;
    private readonly float _noiseGain;
    private readonly float _noiseFrequency;

    private GrowthField(Vector3 centre, Vector3 direction, float directional, Vector4[] hotSpots, float hotSpotGain, GradientNoise noise, float noiseGain, float noiseFrequency)
    {
        _centre = centre;
        _direction = direction;
        _directional = directional;
        _hotSpots = hotSpots;
        _hotSpotGain = hotSpotGain;
        _noise = noise;
        _noiseGain = noiseGain;
        _noiseFrequency = noiseFrequency;
    }

    public const float MaxWeight = 3f;

    public static GrowthField Draw(Random random, HematomaShape shape, float radius, bool irregular)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(shape);
        var spots = new List<Vector4>();
        foreach (var lobe in shape.Lobes)
        {
            spots.Add(new Vector4(lobe.Center, lobe.MaxRadius * 1.3f));
        }

        foreach (var satellite in shape.Satellites)
        {
            spots.Add(new Vector4(satellite.X, satellite.Y, satellite.Z, satellite.W + 4));
        }

        var direction = Vector3.Normalize(new Vector3(random.UniformF(-1, 1), random.UniformF(-1, 1), random.UniformF(-1, 1)) + new Vector3(0, 0, 1e-3f));
        return new GrowthField(
            shape.Centre,
            direction,
            random.UniformF(0.1, 0.45),
            [.. spots],
            irregular ? random.UniformF(0.8, 1.5) : random.UniformF(0.3, 0.7),
            new GradientNoise(random),
            irregular ? random.UniformF(0.35, 0.6) : random.UniformF(0.15, 0.3),
            1 / (radius * random.UniformF(0.5, 0.9)));
    }

    [MethodImpl(Hot.Loop)]
    public float Weight(Vector3 p)
    {
        var offset = p - _centre;
        float length = offset.Length();
        float w = 1;
        if (length > 1e-3f)
        {
            w += _directional * Vector3.Dot(offset / length, _direction);
        }

        foreach (var spot in _hotSpots)
        {
            float d2 = Vector3.DistanceSquared(p, new Vector3(spot.X, spot.Y, spot.Z));
            w += _hotSpotGain * MathF.Exp(-d2 / (spot.W * spot.W));
        }

        w += _noiseGain * _noise.At(offset * _noiseFrequency);
        return Math.Clamp(w, 0.3f, MaxWeight);
    }
}
