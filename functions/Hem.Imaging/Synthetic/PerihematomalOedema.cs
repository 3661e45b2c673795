using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// Perihematomal oedema: a hypodense rim of swollen parenchyma around the clot, a few millimetres wide and uneven,
/// strongest at the margin. Brain there drops toward 12-20 HU (oedematous brain is +10 to +14 HU by the usual
/// tables; early PHE is partial, so the rim is a blend). It thickens between the baseline and the follow-up.
/// </summary>
public sealed class PerihematomalOedema(float thicknessMm, float oedemaHu, float strength, GradientNoise noise)
{
    public float ThicknessMm { get; } = thicknessMm;

    public float OedemaHu { get; } = oedemaHu;

    public float Strength { get; } = strength;

    public static PerihematomalOedema Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new PerihematomalOedema(random.UniformF(1.5, 4), random.UniformF(12, 20), random.UniformF(0.5, 0.85), new GradientNoise(random));
    }

    /// <summary>The rim a day later: wider and a little more pronounced.</summary>
    public PerihematomalOedema Later(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new PerihematomalOedema(ThicknessMm + random.UniformF(1, 3), OedemaHu, MathF.Min(0.95f, Strength + random.UniformF(0, 0.1)), noise);
    }

    /// <summary>How much of the way to oedema HU the parenchyma at <paramref name="distance"/> mm outside the margin goes.</summary>
    [MethodImpl(Hot.Inline)]
    public float Weight(Vector3 p, float distance)
    {
        if (distance <= 0)
        {
            return 0;
        }

        float thickness = ThicknessMm * (1 + (0.45f * noise.At(p / 6f)));
        return Strength * (1 - Implicit.SmoothStep(0, MathF.Max(0.5f, thickness), distance));
    }
}

/// <summary>
/// Intraventricular extension: blood in the ventricle next to the hematoma and, because patients lie supine, a
/// dependent layer in the occipital horns below a fluid level (a plane of constant patient y, posterior down).
/// </summary>
public sealed class IntraventricularBlood(float bloodHu, float reachMm, float levelY)
{
    public float BloodHu { get; } = bloodHu;

    /// <summary>How far from the hematoma margin (mm) ventricular blood extends.</summary>
    public float ReachMm { get; } = reachMm;

    /// <summary>Patient-space y (LPS, mm) of the fluid level: blood lies behind it.</summary>
    public float LevelY { get; } = levelY;

    /// <summary>The share of a ventricle voxel holding blood, from its distance to the hematoma and its patient y.</summary>
    [MethodImpl(Hot.Inline)]
    public float Presence(float hematomaDistance, float worldY, float ramp)
    {
        float near = Implicit.Inside(hematomaDistance - ReachMm, 2f);
        float layered = Implicit.Inside(LevelY - worldY, ramp);
        return MathF.Max(near, layered);
    }
}
