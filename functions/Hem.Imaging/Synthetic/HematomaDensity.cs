using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// The attenuation inside a hematoma (HU). Acute clotted blood is 55-80 HU, with a faint texture. Heterogeneous
/// hematomas carry one of the density signs, drawn to their published definitions:
/// <list type="bullet">
/// <item>swirl sign: rounded or irregular hypo/isodense regions (30-46 HU) inside the hyperdense clot (Selariu 2012);</item>
/// <item>blend sign: a hypodense and a hyperdense part, at least 18 HU apart, with a sharp, visible interface, the
/// hypodense part reaching the margin, not encapsulated (Li 2015);</item>
/// <item>black hole sign: a hypodense region at least 28 HU below the rest, fully enclosed by hyperdense clot
/// and not touching the margin (Li 2016).</item>
/// </list>
/// </summary>
public sealed class HematomaDensity
{
    private readonly GradientNoise _noise;
    private readonly float _textureFrequency;
    private readonly float _swirlFrequency;

    private HematomaDensity(GradientNoise noise, float textureFrequency, float swirlFrequency)
    {
        _noise = noise;
        _textureFrequency = textureFrequency;
        _swirlFrequency = swirlFrequency;
    }

    /// <summary>The clot's attenuation away from any sign.</summary>
    public float BaseHu { get; private init; }

    public float TextureHu { get; private init; }

    public bool Swirl { get; private init; }

    public float SwirlHu { get; private init; }

    public float SwirlThreshold { get; private init; }

    public bool Blend { get; private init; }

    public Vector3 BlendNormal { get; private init; }

    public float BlendOffset { get; private init; }

    public float BlendHu { get; private init; }

    public bool BlackHole { get; private init; }

    public OrientedEllipsoid Hole { get; private init; }

    public float HoleHu { get; private init; }

    public Vector3 Centre { get; private init; }

    public static HematomaDensity Draw(Random random, HematomaShape shape, float radius, bool swirl, bool blend, bool blackHole)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(shape);
        float baseHu = random.UniformF(60, 76);
        // Mostly in-plane, so the interface crosses the axial slices steeply and stays sharp in them.
        var normal = Vector3.Normalize(new Vector3(random.UniformF(-1, 1), random.UniformF(-1, 1), random.UniformF(-0.35, 0.35)) + new Vector3(1e-3f, 0, 0));
        var hole = OrientedEllipsoid.Rotated(
            shape.Centre + (radius * 0.15f * new Vector3(random.UniformF(-1, 1), random.UniformF(-1, 1), random.UniformF(-1, 1)) * shape.Main.Radii / radius),
            MathF.Max(3f, radius * random.UniformF(0.28, 0.42)) * new Vector3(random.UniformF(0.8, 1.25), random.UniformF(0.8, 1.25), random.UniformF(0.8, 1.25)),
            random.UniformF(-MathF.PI, MathF.PI), random.UniformF(-1, 1), 0);
        return new HematomaDensity(new GradientNoise(random), 1 / random.UniformF(3, 6), 1 / (radius * random.UniformF(0.3, 0.45)))
        {
            BaseHu = baseHu,
            TextureHu = random.UniformF(1.5, 4),
            Swirl = swirl,
            SwirlHu = random.UniformF(32, 46),
            SwirlThreshold = random.UniformF(0.05, 0.25),
            Blend = blend,
            BlendNormal = normal,
            BlendOffset = radius * random.UniformF(0.0, 0.4),
            BlendHu = baseHu - random.UniformF(22, 34),
            BlackHole = blackHole,
            Hole = hole,
            HoleHu = baseHu - random.UniformF(30, 40),
            Centre = shape.Centre,
        };
    }

    /// <summary>
    /// The same clot a day later: denser as it retracts, its hypodense parts largely filled in (contrast kept at
    /// <paramref name="contrastKept"/>), fresh extravasation at the new margin slightly less dense.
    /// </summary>
    public HematomaDensity Later(Random random, out float contrastKept)
    {
        ArgumentNullException.ThrowIfNull(random);
        float kept = random.UniformF(0.15, 0.5);
        contrastKept = kept;
        float baseHu = BaseHu + random.UniformF(0, 6);
        return new HematomaDensity(_noise, _textureFrequency, _swirlFrequency)
        {
            BaseHu = baseHu,
            TextureHu = TextureHu,
            Swirl = Swirl,
            SwirlHu = baseHu - ((BaseHu - SwirlHu) * kept),
            SwirlThreshold = SwirlThreshold,
            Blend = Blend,
            BlendNormal = BlendNormal,
            BlendOffset = BlendOffset,
            BlendHu = baseHu - ((BaseHu - BlendHu) * kept),
            BlackHole = BlackHole,
            Hole = Hole,
            HoleHu = baseHu - ((BaseHu - HoleHu) * kept),
            Centre = Centre,
        };
    }

    /// <summary>
    /// Attenuation at a point <paramref name="depth"/> mm inside the margin (negative of the shape's distance).
    /// </summary>
    [MethodImpl(Hot.Loop)]
    public float Hu(Vector3 p, float depth, float ramp)
    {
        float value = BaseHu + (TextureHu * _noise.At(p * _textureFrequency));
        if (Swirl)
        {
            // Irregular pockets where a second noise field is high, kept off the margin.
            float field = _noise.Fractal((p * _swirlFrequency) + new Vector3(31.7f, 11.3f, 5.1f));
            float pocket = Implicit.SmoothStep(SwirlThreshold, SwirlThreshold + 0.12f, field) * Implicit.SmoothStep(0.5f, 2.5f, depth);
            value += pocket * (SwirlHu - value);
        }

        if (Blend)
        {
            float side = Vector3.Dot(p - Centre, BlendNormal) - BlendOffset;
            value += Implicit.Inside(-side, ramp) * (BlendHu - value);
        }

        if (BlackHole)
        {
            // Fully enclosed by hyperdense clot: faded out within 3 mm of the margin.
            float hole = Hole.Distance(p) + (1.2f * _noise.At((p * 0.35f) + new Vector3(5.5f, 17.2f, 9.9f)));
            value += Implicit.Inside(hole, ramp) * Implicit.SmoothStep(1.5f, 3f, depth) * (HoleHu - value);
        }

        return value;
    }
}
