using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// What the lowest slices of a head CT cross below the cranial cavity (template mm): the face and neck outline,
/// the orbits (fat around the globes), the paranasal sinuses and nasal cavity (air), the mastoid air cells (air in
/// bone), the upper cervical spine, and a frontal sinus in the frontal bone when the case has one.
/// </summary>
public sealed class FaceAndNeck
{
    private static readonly Vector3 NeckRadii = new(60, 80, 1);
    private static readonly OrientedEllipsoid Sphenoid = OrientedEllipsoid.Aligned(new(0, -18, -44), new(13, 11, 10));
    private static readonly OrientedEllipsoid Ethmoid = OrientedEllipsoid.Aligned(new(0, -52, -40), new(9, 16, 11));
    private static readonly OrientedEllipsoid Nasal = OrientedEllipsoid.Aligned(new(0, -58, -64), new(12, 24, 16));
    private static readonly OrientedEllipsoid Nasopharynx = OrientedEllipsoid.Aligned(new(0, -22, -66), new(12, 8, 9));
    private static readonly OrientedEllipsoid Dens = OrientedEllipsoid.Aligned(new(0, 16, -76), new(6, 6, 12));
    private static readonly OrientedEllipsoid FrontalSinus = OrientedEllipsoid.Aligned(new(0, -79, -8), new(14, 3.2f, 10));

    private readonly OrientedEllipsoid[] _orbits = new OrientedEllipsoid[2];
    private readonly OrientedEllipsoid[] _globes = new OrientedEllipsoid[2];
    private readonly OrientedEllipsoid[] _maxillary = new OrientedEllipsoid[2];
    private readonly OrientedEllipsoid[] _mastoids = new OrientedEllipsoid[2];
    private readonly OrientedEllipsoid[] _atlas = new OrientedEllipsoid[2];
    private readonly GradientNoise _cells;

    public FaceAndNeck(bool hasFrontalSinus, GradientNoise cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        HasFrontalSinus = hasFrontalSinus;
        _cells = cells;
        for (int i = 0; i < 2; i++)
        {
            float s = i == 0 ? -1 : 1;
            _orbits[i] = OrientedEllipsoid.Rotated(new(s * 30, -62, -37), new(15, 22, 14.5f), s * 0.35f, 0, 0);
            _globes[i] = OrientedEllipsoid.Aligned(new(s * 32, -69, -37), new(11.5f, 11.5f, 11.5f));
            _maxillary[i] = OrientedEllipsoid.Aligned(new(s * 26, -55, -68), new(13, 16, 14));
            _mastoids[i] = OrientedEllipsoid.Aligned(new(s * 50, 26, -40), new(10, 11, 12));
            _atlas[i] = OrientedEllipsoid.Aligned(new(s * 18, 20, -70), new(7, 9, 6));
        }
    }

    public bool HasFrontalSinus { get; }

    /// <summary>The outline of the face and neck: an elliptic column under the skull base, merged with the cranial outline.</summary>
    [MethodImpl(Hot.Inline)]
    public static float HeadDistance(Vector3 t, float cranialOutline)
    {
        var q = new Vector3(t.X, t.Y + 4, 0);
        float column = Implicit.Ellipsoid(q, NeckRadii with { Z = 1e6f });
        float neck = Implicit.SmoothMax(column, t.Z + 16, 8);
        return Implicit.SmoothMin(cranialOutline, neck, 12);
    }

    /// <summary>Whether a point is low or far forward enough to meet any of these structures.</summary>
    [MethodImpl(Hot.Inline)]
    public bool Reaches(Vector3 t) => t.Z < -20 || (HasFrontalSinus && t.Y < -70 && t.Z < 4);

    /// <summary>
    /// Overlays these structures on an extracranial sample (bone or soft tissue), given the fraction of bone there.
    /// </summary>
    [MethodImpl(Hot.Loop)]
    public void Overlay(Vector3 t, float boneFraction, TissueDensities hu, float ramp, ref float value, ref TissueLabel label, ref float clearance)
    {
        ArgumentNullException.ThrowIfNull(hu);
        if (HasFrontalSinus && t.Y < -70)
        {
            Replace(FrontalSinus, t, boneFraction, hu.Air, TissueLabel.SinusAir, ramp, ref value, ref label, ref clearance);
        }

        if (t.Z >= -20)
        {
            return;
        }

        Replace(Dens, t, 1, 0.6f * hu.CorticalBone, TissueLabel.CorticalBone, ramp, ref value, ref label, ref clearance);
        for (int i = 0; i < 2; i++)
        {
            Replace(_atlas[i], t, 1, 0.6f * hu.CorticalBone, TissueLabel.CorticalBone, ramp, ref value, ref label, ref clearance);
            Replace(_orbits[i], t, 1, hu.Fat, TissueLabel.Fat, ramp, ref value, ref label, ref clearance);
            Replace(_globes[i], t, 1, hu.Eye, TissueLabel.Eye, ramp, ref value, ref label, ref clearance);
            Replace(_maxillary[i], t, 1, hu.Air, TissueLabel.SinusAir, ramp, ref value, ref label, ref clearance);
            float mastoid = DistanceOrBound(_mastoids[i], t);
            clearance = MathF.Min(clearance, mastoid);
            if (mastoid < ramp)
            {
                // Air cells: the part of the mastoid where a fine noise field is positive, bone septa in between.
                float cell = -2.5f * _cells.At(t * 0.4f);
                Replace(MathF.Max(mastoid, cell), 1, hu.Air, TissueLabel.SinusAir, ramp, ref value, ref label, ref clearance);
            }
        }

        Replace(Sphenoid, t, 1, hu.Air, TissueLabel.SinusAir, ramp, ref value, ref label, ref clearance);
        Replace(Nasal, t, 1, hu.Air, TissueLabel.SinusAir, ramp, ref value, ref label, ref clearance);
        Replace(Nasopharynx, t, 1, hu.Air, TissueLabel.SinusAir, ramp, ref value, ref label, ref clearance);
        float ethmoid = DistanceOrBound(Ethmoid, t);
        clearance = MathF.Min(clearance, ethmoid);
        if (ethmoid < ramp)
        {
            float cell = -2.0f * (_cells.At((t * 0.33f) + new Vector3(11, 5, 3)) + 0.15f);
            Replace(MathF.Max(ethmoid, cell), 1, hu.Air, TissueLabel.SinusAir, ramp, ref value, ref label, ref clearance);
        }
    }

    /// <summary>
    /// The distance to a structure near it, or a cheap lower bound of it (the gap to its bounding box) far from it:
    /// enough for both the fraction (zero there) and the clearance.
    /// </summary>
    [MethodImpl(Hot.Inline)]
    private static float DistanceOrBound(in OrientedEllipsoid structure, Vector3 t)
    {
        var offset = Vector3.Abs(t - structure.Center);
        float gap = MathF.Max(offset.X, MathF.Max(offset.Y, offset.Z)) - structure.MaxRadius;
        return gap > 3 ? gap : structure.Distance(t);
    }

    [MethodImpl(Hot.Inline)]
    private static void Replace(in OrientedEllipsoid structure, Vector3 t, float weight, float tissue, TissueLabel tissueLabel, float ramp, ref float value, ref TissueLabel label, ref float clearance) =>
        Replace(DistanceOrBound(structure, t), weight, tissue, tissueLabel, ramp, ref value, ref label, ref clearance);

    [MethodImpl(Hot.Inline)]
    private static void Replace(float distance, float weight, float tissue, TissueLabel tissueLabel, float ramp, ref float value, ref TissueLabel label, ref float clearance)
    {
        clearance = MathF.Min(clearance, MathF.Abs(distance));
        float fraction = Implicit.Inside(distance, ramp) * weight;
        if (fraction <= 0)
        {
            return;
        }

        value += fraction * (tissue - value);
        if (fraction >= 0.5f)
        {
            label = tissueLabel;
        }
    }
}
