using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// The folded surface of the brain (template mm). Sulci are the level sets of a band-limited noise field evaluated
/// on the point's radial projection onto the brain's ovoid, so they are sheets running inward from the surface,
/// about 10 mm apart, 12-20 mm deep and narrowing to their fundus; a 2.8-3.4 mm ribbon of grey matter lines the
/// surface and every sulcus. The cerebellum gets finer, concentric folia. These fields live on a 1.5 mm lattice:
/// X the sulcal signed distance, Y the local sulcal depth, Z the folial signed distance, W a smooth field in
/// [-1, 1] that varies the skull's thickness.
/// </summary>
public sealed class Cortex
{
    public const float LatticeSpacing = 1.5f;

    private const float SulcalWavelength = 11f;
    private const float FolialWavelength = 6f;

    private static readonly Vector4 Nothing = new(50, 0, 50, 0);
    private static readonly Vector3 Hemisphere = new(64, 81, 60);
    private static readonly Vector3 CerebellarRadii = new(26, 27, 19);

    private readonly FieldLattice _lattice;

    public Cortex(Random random, float atrophy)
    {
        ArgumentNullException.ThrowIfNull(random);
        Atrophy = atrophy;
        SulcalHalfWidthMm = 0.45f + (1.1f * atrophy);
        RibbonMm = random.UniformF(2.8, 3.4);
        SulcalDepthMm = random.UniformF(13, 18);
        var sulci = new GradientNoise(random);
        var depth = new GradientNoise(random);
        var folia = new GradientNoise(random);
        var bone = new GradientNoise(random);
        _lattice = new FieldLattice(Cranium.BoundsMin - new Vector3(14), Cranium.BoundsMax + new Vector3(14), LatticeSpacing, Nothing, Nothing);
        float meanDepth = SulcalDepthMm;
        _lattice.Fill(p => Tabulate(p, meanDepth, sulci, depth, folia, bone));
        NormaliseSulci();
    }

    public float Atrophy { get; }

    public float SulcalHalfWidthMm { get; }

    public float RibbonMm { get; }

    public float SulcalDepthMm { get; }

    [MethodImpl(Hot.Inline)]
    public Vector4 Fields(Vector3 t) => _lattice.Sample(t);

    /// <summary>
    /// The fractions of sulcal CSF and of grey matter at a point <paramref name="depth"/> mm under the brain surface,
    /// from the lattice fields; <paramref name="clearance"/> is lowered to the nearest boundary met.
    /// </summary>
    [MethodImpl(Hot.Inline)]
    public void Cerebral(Vector4 fields, float depth, float ramp, out float csf, out float grey, ref float clearance)
    {
        float sulcusDepth = fields.Y;
        float across = MathF.Abs(fields.X);
        // The sulcus narrows from its mouth to its fundus.
        float halfWidth = 0.15f + (SulcalHalfWidthMm * Math.Clamp(1 - (depth / sulcusDepth), 0, 1));
        float inSulcus = Implicit.Inside(across - halfWidth, ramp) * Implicit.Inside(depth - sulcusDepth, ramp);
        float lining = Implicit.Inside(across - halfWidth - RibbonMm, ramp) * Implicit.Inside(depth - sulcusDepth - RibbonMm, ramp);
        float surface = Implicit.Inside(depth - RibbonMm, ramp);
        csf = inSulcus;
        grey = MathF.Max(surface, lining);
        if (depth < sulcusDepth + RibbonMm + 2)
        {
            clearance = MathF.Min(clearance, MathF.Min(MathF.Abs(across - halfWidth), MathF.Abs(across - halfWidth - RibbonMm)));
            clearance = MathF.Min(clearance, MathF.Min(MathF.Abs(depth - sulcusDepth), MathF.Abs(depth - sulcusDepth - RibbonMm)));
        }

        clearance = MathF.Min(clearance, MathF.Abs(depth - RibbonMm));
    }

    /// <summary>The cerebellum's folia: clefts of CSF lined with cortex over a white-matter core.</summary>
    [MethodImpl(Hot.Inline)]
    public static void Cerebellar(Vector4 fields, float depth, float ramp, out float csf, out float grey, ref float clearance)
    {
        const float Cleft = 0.35f;
        const float FolialDepth = 8f;
        const float Ribbon = 1.2f;
        float across = MathF.Abs(fields.Z);
        csf = Implicit.Inside(across - Cleft, ramp) * Implicit.Inside(depth - FolialDepth, ramp);
        grey = MathF.Max(
            Implicit.Inside(depth - Ribbon, ramp),
            Implicit.Inside(across - Cleft - Ribbon, ramp) * Implicit.Inside(depth - FolialDepth - Ribbon, ramp));
        clearance = MathF.Min(clearance, MathF.Min(MathF.Abs(across - Cleft), MathF.Abs(across - Cleft - Ribbon)));
        clearance = MathF.Min(clearance, MathF.Abs(depth - Ribbon));
    }

    [MethodImpl(Hot.Loop)]
    private static Vector4 Tabulate(Vector3 p, float meanDepth, GradientNoise sulci, GradientNoise depth, GradientNoise folia, GradientNoise bone)
    {
        float cavity = Cranium.CavityDistance(p);
        float skull = cavity > -4 ? bone.At(p / 35f) * 1.6f : 0;
        if (cavity > 2)
        {
            return new Vector4(50, 0, 50, Math.Clamp(skull, -1, 1));
        }

        float sulcal = 50;
        float sulcalDepth = 0;
        if (cavity > -32)
        {
            // Project onto the ovoid along the ray from its centre: the field is then constant along rays, so its
            // level sets are sheets perpendicular to the surface, as sulci are.
            float radius = (p / Hemisphere).Length();
            var projected = radius > 1e-3f ? p / radius : p;
            // Mostly projected (sulci run inward), partly not (they bend with depth), and warped so they wander.
            var q = projected + (0.35f * (p - projected));
            var warp = new Vector3(depth.At((q / 23f) + new Vector3(3.1f, 0, 0)), depth.At((q / 23f) + new Vector3(0, 7.3f, 0)), depth.At((q / 23f) + new Vector3(0, 0, 5.7f)));
            sulcal = sulci.Fractal((q + (7f * warp)) / SulcalWavelength) - 0.08f;
            sulcalDepth = meanDepth + (4 * depth.At(p / 30f));
        }

        float folial = 50;
        if (p.Y > 5 && p.Z < -8)
        {
            var centre = new Vector3(p.X < 0 ? -24 : 24, 46, -37);
            float shell = ((p - centre) / CerebellarRadii).Length() * 22f;
            float phase = (2 * MathF.PI * shell / FolialWavelength) + (2.2f * folia.At(p / 9f));
            folial = MathF.Sin(phase) * FolialWavelength / (2 * MathF.PI);
        }

        return new Vector4(sulcal, sulcalDepth, folial, Math.Clamp(skull, -1, 1));
    }

    /// <summary>Turns the sulcal noise value into an approximate distance: the value over its gradient's length.</summary>
    private void NormaliseSulci()
    {
        float twoH = 2 * LatticeSpacing;
        _lattice.Transform([MethodImpl(Hot.Loop)] (int i, int j, int k) =>
        {
            var v = _lattice.At(i, j, k);
            if (v.X >= 49)
            {
                return v;
            }

            float gx = (_lattice.At(i + 1, j, k).X - _lattice.At(i - 1, j, k).X) / twoH;
            float gy = (_lattice.At(i, j + 1, k).X - _lattice.At(i, j - 1, k).X) / twoH;
            float gz = (_lattice.At(i, j, k + 1).X - _lattice.At(i, j, k - 1).X) / twoH;
            float gradient = MathF.Sqrt((gx * gx) + (gy * gy) + (gz * gz));
            // Neighbours outside the shell hold 50: fall back to the typical gradient of the field.
            if (gradient > 1f || gradient < 1e-4f)
            {
                gradient = 0.09f;
            }

            return v with { X = Math.Clamp(v.X / gradient, -50, 50) };
        });
    }
}
