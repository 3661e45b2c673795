using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// A hematoma at one time point, ready to be drawn into the anatomy: its surface (the baseline shape at its level,
/// moved by growth x weight for the follow-up), confined to the parenchyma of its own compartment; its density,
/// oedema rim and intraventricular blood. Head coordinates throughout; read-only, shared by parallel slices.
/// </summary>
public sealed class HematomaScene
{
    private readonly HematomaShape _shape;
    private readonly float _level;
    private readonly GrowthField? _growth;
    private readonly float _growthMm;
    private readonly GrowthRoom? _room;

    public HematomaScene(HematomaShape shape, float level, GrowthField? growth, float growthMm, GrowthRoom? room, byte compartment, HematomaDensity density, PerihematomalOedema? oedema, IntraventricularBlood? ventricularBlood)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(density);
        _shape = shape;
        _level = level;
        _growth = growth;
        _growthMm = growthMm;
        _room = room;
        Compartment = compartment;
        Density = density;
        Oedema = oedema;
        VentricularBlood = ventricularBlood;
    }

    public byte Compartment { get; }

    public HematomaDensity Density { get; }

    public PerihematomalOedema? Oedema { get; }

    public IntraventricularBlood? VentricularBlood { get; }

    /// <summary>Head-space box holding every point this scene changes near the hematoma (margin, rim, nearby ventricular blood).</summary>
    public Vector3 BoundsMin { get; private set; }

    public Vector3 BoundsMax { get; private set; }

    /// <summary>How far outside the margin this scene still changes the image (mm).</summary>
    public float Reach => MathF.Max(Oedema?.ThicknessMm * 1.5f ?? 0, VentricularBlood?.ReachMm ?? 0) + 1;

    /// <summary>Head-space box holding the hematoma itself (what the masks visit).</summary>
    public Vector3 MaskBoundsMin { get; private set; }

    public Vector3 MaskBoundsMax { get; private set; }

    internal void SetBounds(Vector3 min, Vector3 max, Vector3 maskMin, Vector3 maskMax)
    {
        BoundsMin = min;
        BoundsMax = max;
        MaskBoundsMin = maskMin;
        MaskBoundsMax = maskMax;
    }

    [MethodImpl(Hot.Inline)]
    public bool InBounds(Vector3 p) =>
        p.X >= BoundsMin.X && p.Y >= BoundsMin.Y && p.Z >= BoundsMin.Z && p.X <= BoundsMax.X && p.Y <= BoundsMax.Y && p.Z <= BoundsMax.Z;

    [MethodImpl(Hot.Inline)]
    public bool InMaskBounds(Vector3 p) =>
        p.X >= MaskBoundsMin.X && p.Y >= MaskBoundsMin.Y && p.Z >= MaskBoundsMin.Z && p.X <= MaskBoundsMax.X && p.Y <= MaskBoundsMax.Y && p.Z <= MaskBoundsMax.Z;

    /// <summary>Signed distance-like value of the surface (negative inside), before confinement.</summary>
    [MethodImpl(Hot.Inline)]
    public float Distance(Vector3 p) => Moved(p, SurfaceDistance(p));

    /// <summary>
    /// The baseline surface's value at a point: the same for both time points of a case (they share shape and
    /// level), so the renderer evaluates it once and passes it to both.
    /// </summary>
    [MethodImpl(Hot.Inline)]
    public float SurfaceDistance(Vector3 p) => _shape.Distance(p, _level);

    [MethodImpl(Hot.Inline)]
    private float Moved(Vector3 p, float surface)
    {
        if (_growth is null)
        {
            return surface;
        }

        // Inside the baseline the surface itself moves; outside, the distance that counts is through tissue.
        float from = surface <= 0 || _room is null ? surface : MathF.Max(surface, _room.Distance(p));
        return from - (_growthMm * _growth.Weight(p));
    }

    /// <summary>The fraction of a sample that is parenchymal hematoma (what the mask counts).</summary>
    [MethodImpl(Hot.Inline)]
    public float Fraction(Vector3 p, in AnatomySample anatomy, float ramp) =>
        anatomy.Compartment == Compartment && anatomy.Envelope > 0 && InBounds(p) ? Implicit.Inside(Distance(p), ramp) * anatomy.Envelope : 0;

    /// <summary>
    /// The same fraction, evaluating the anatomy only where the surface is near (the masks' fast path): the
    /// surface is cheaper than the anatomy and most of the box is outside it.
    /// </summary>
    [MethodImpl(Hot.Loop)]
    public float Fraction(Vector3 p, HeadPhantom phantom, float ramp, out float clearance)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        if (!InMaskBounds(p))
        {
            clearance = 0;
            return 0;
        }

        float surface = SurfaceDistance(p);
        // A lower bound on the distance to this surface, whatever lies between (the tissue distance can be far
        // larger than the straight one behind a ventricle, so it cannot serve to skip ahead).
        clearance = surface - (MathF.Max(0, _growthMm) * GrowthField.MaxWeight);
        float inside = Implicit.Inside(Moved(p, surface), ramp);
        if (inside <= 0)
        {
            return 0;
        }

        phantom.Confinement(p, out var anatomy);
        return anatomy.Compartment == Compartment ? inside * anatomy.Envelope : 0;
    }

    /// <summary>
    /// Draws the hematoma, its oedema and ventricular blood into an anatomy sample, given the baseline surface's
    /// value there (<see cref="SurfaceDistance"/>, needed only within <see cref="InBounds"/>).
    /// </summary>
    [MethodImpl(Hot.Loop)]
    public void Apply(Vector3 p, float worldY, ref AnatomySample sample, float ramp, float surfaceDistance)
    {
        bool near = InBounds(p);
        if (!near && (VentricularBlood is null || sample.Ventricle <= 0))
        {
            return;
        }

        float distance = near ? Moved(p, surfaceDistance) : float.PositiveInfinity;
        float hu = sample.Hu;
        var label = sample.Label;
        bool sameCompartment = sample.Compartment == Compartment;
        if (near && sameCompartment && Oedema is not null && sample.Envelope > 0)
        {
            float weight = Oedema.Weight(p, distance) * sample.Envelope;
            hu += weight * (Oedema.OedemaHu - hu);
            if (weight >= 0.5f)
            {
                label = TissueLabel.Oedema;
            }
        }

        if (near && sameCompartment && sample.Envelope > 0)
        {
            float blood = Implicit.Inside(distance, ramp) * sample.Envelope;
            if (blood > 0)
            {
                hu += blood * (Density.Hu(p, -distance, ramp) - hu);
                if (blood >= 0.5f)
                {
                    label = TissueLabel.Hematoma;
                }
            }
        }

        if (VentricularBlood is not null && sample.Ventricle > 0)
        {
            float share = sample.Ventricle * VentricularBlood.Presence(distance, worldY, ramp);
            hu += share * (VentricularBlood.BloodHu - hu);
            if (share >= 0.5f)
            {
                label = TissueLabel.IntraventricularBlood;
            }
        }

        sample.Hu = hu;
        sample.Label = label;
    }
}
