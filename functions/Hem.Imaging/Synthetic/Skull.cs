using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// The skull and scalp over the cranial cavity (template mm). The vault is 5-8 mm thick (thicker frontally and
/// occipitally, thinner over the temporal squama, varying smoothly), made of an inner and an outer table of
/// cortical bone around the diploe; toward the skull base it thickens into solid bone. The scalp is a few
/// millimetres of soft tissue, thicker over the temporalis muscles.
/// </summary>
public sealed class Skull
{
    private readonly float _vault;
    private readonly float _scalp;
    private readonly float _temporalis;

    public Skull(float vaultMm, float scalpMm, float temporalisMm)
    {
        _vault = vaultMm;
        _scalp = scalpMm;
        _temporalis = temporalisMm;
    }

    public float VaultMm => _vault;

    /// <summary>The thickest scalp any case has (scalp and temporalis at their largest draws).</summary>
    public const float MaxScalpMm = 6.5f + 8f;

    /// <summary>The thinnest scalp any case has.</summary>
    public const float MinScalpMm = 3.5f;

    public static Skull Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new Skull(random.UniformF(5.4, 7.0), random.UniformF(3.5, 6.5), random.UniformF(3, 8));
    }

    /// <summary>Bone thickness at a point of the inner table; <paramref name="variation"/> is a smooth field in [-1, 1].</summary>
    [MethodImpl(Hot.Inline)]
    public float Thickness(Vector3 t, float variation)
    {
        float regional = (0.9f * Implicit.SmoothStep(-30, -65, t.Y)) + (1.0f * Implicit.SmoothStep(40, 70, t.Y))
            - (1.8f * Implicit.SmoothStep(42, 58, MathF.Abs(t.X)) * (1 - Implicit.SmoothStep(15, 35, t.Z)));
        float vault = Math.Clamp(_vault + regional + (0.9f * variation), 4.0f, 9.5f);
        // The skull base is a thicker plate under the fossae, not a shell around the face.
        float skullBase = 3 * Implicit.SmoothStep(-10, -28, t.Z) * (1 - Implicit.SmoothStep(35, 60, t.Y));
        return vault + skullBase;
    }

    [MethodImpl(Hot.Inline)]
    public float ScalpThickness(Vector3 t)
    {
        float z = (t.Z - 5) / 20;
        float y = (t.Y + 10) / 30;
        return _scalp + (_temporalis * MathF.Exp(-(z * z) - (y * y)) * Implicit.SmoothStep(38, 58, MathF.Abs(t.X)));
    }

    /// <summary>
    /// The fraction of cortical bone (as opposed to diploe) at <paramref name="depth"/> mm outside the inner table of a
    /// skull <paramref name="thickness"/> thick; the base is nearly all cortical.
    /// </summary>
    [MethodImpl(Hot.Inline)]
    public static float CorticalFraction(Vector3 t, float depth, float thickness, float ramp, out float clearance)
    {
        float inner = MathF.Max(1.3f, 0.22f * thickness);
        float outer = MathF.Max(1.3f, 0.25f * thickness);
        float innerTable = Implicit.Inside(depth - inner, ramp);
        float outerTable = Implicit.Inside(thickness - outer - depth, ramp);
        clearance = MathF.Min(MathF.Abs(depth - inner), MathF.Abs(thickness - outer - depth));
        float baseBone = 0.6f * Implicit.SmoothStep(-12, -30, t.Z);
        return MathF.Min(1, innerTable + outerTable + baseBone);
    }
}
