using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hem.Imaging.Synthetic;

/// <summary>What the phantom holds at one point.</summary>
public record struct AnatomySample
{
    /// <summary>Attenuation before the scanner model, with partial volume at boundaries.</summary>
    public float Hu { get; set; }

    /// <summary>The fraction of brain parenchyma a hematoma may occupy (not ventricles, cisterns, fissures, bone).</summary>
    public float Envelope { get; set; }

    /// <summary>The fraction of ventricle (where intraventricular blood can lie).</summary>
    public float Ventricle { get; set; }

    /// <summary>Millimetres to the nearest tissue boundary met (a lower bound where far boundaries were skipped).</summary>
    public float Clearance { get; set; }

    /// <summary>The class at the point (more than half of it).</summary>
    public TissueLabel Label { get; set; }

    /// <summary>Which side of the tentorium: <see cref="HeadPhantom.Supratentorial"/> or <see cref="HeadPhantom.Infratentorial"/>, 0 outside the cavity.</summary>
    public byte Compartment { get; set; }
}

/// <summary>
/// One synthetic head: a template anatomy (<see cref="Cranium"/>, <see cref="Skull"/>, <see cref="Cortex"/>,
/// <see cref="DeepBrain"/>, <see cref="FaceAndNeck"/>, calcifications) scaled to the case's head size and evaluated
/// at any point in head coordinates. Read-only after construction, so slices are rendered in parallel.
/// </summary>
public sealed class HeadPhantom
{
    public const byte Supratentorial = 1;
    public const byte Infratentorial = 2;

    private const float TentorialGap = 1.0f;
    private static readonly OrientedEllipsoid Suprasellar = OrientedEllipsoid.Aligned(new(0, -8, -15), new(13, 9, 5.5f));
    private static readonly OrientedEllipsoid Quadrigeminal = OrientedEllipsoid.Aligned(new(0, 27, -1), new(8, 5.5f, 5));

    private readonly Vector3 _invScale;
    private readonly float _ramp;
    private readonly Lazy<Cortex> _cortex;
    private readonly Vector4[] _calcifications;
    private readonly GradientNoise _texture;
    private readonly float _subarachnoid;
    private readonly float _fissure;
    private readonly float _sylvian;
    private readonly float _sylvianTilt;
    private readonly float _minScale;

    private HeadPhantom(Random random, float rampWidth)
    {
        Scale = new Vector3(random.UniformF(0.94, 1.04), random.UniformF(0.95, 1.05), random.UniformF(0.95, 1.04));
        _invScale = Vector3.One / Scale;
        _minScale = MathF.Min(Scale.X, MathF.Min(Scale.Y, Scale.Z));
        _ramp = rampWidth;
        Atrophy = (float)Math.Pow(random.NextDouble(), 1.6);
        Densities = TissueDensities.Draw(random);
        Skull = Skull.Draw(random);
        Deep = new DeepBrain(0.85f + (0.8f * Atrophy) + random.UniformF(-0.08, 0.12));
        Face = new FaceAndNeck(random.Chance(0.8), new GradientNoise(random));
        _texture = new GradientNoise(random);
        int cortexSeed = random.NextSeed();
        float atrophy = Atrophy;
        _cortex = new Lazy<Cortex>(() => new Cortex(new Random(cortexSeed), atrophy), LazyThreadSafetyMode.ExecutionAndPublication);
        // The few scalar parameters confinement needs are drawn here, so the fast mask path never builds the lattice.
        _subarachnoid = 1.2f + (2.2f * Atrophy) + random.UniformF(0, 0.4);
        _fissure = 0.9f + (1.6f * Atrophy);
        _sylvian = 0.7f + (1.4f * Atrophy);
        _sylvianTilt = random.UniformF(0.35, 0.55);
        _calcifications = DrawCalcifications(random);
    }

    /// <summary>The case's head size relative to the template (lateral, antero-posterior, vertical).</summary>
    public Vector3 Scale { get; }

    /// <summary>0 (young) to 1 (old): widens sulci, fissures, the subarachnoid space and the ventricles.</summary>
    public float Atrophy { get; }

    public TissueDensities Densities { get; }

    public Skull Skull { get; }

    public DeepBrain Deep { get; }

    public FaceAndNeck Face { get; }

    public Cortex Cortex => _cortex.Value;

    public int CalcificationCount => _calcifications.Length;

    /// <summary>The smallest of the three scale factors: converts template clearances to head millimetres safely.</summary>
    public float MinScale => _minScale;

    /// <summary>Draws a head; <paramref name="rampWidth"/> (mm) is the width over which boundaries are blended, about a pixel.</summary>
    public static HeadPhantom Draw(Random random, float rampWidth)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new HeadPhantom(random, rampWidth);
    }

    public Vector3 ToTemplate(Vector3 head) => head * _invScale;

    public Vector3 FromTemplate(Vector3 template) => template * Scale;

    /// <summary>The half-sizes of a box around the whole head (head mm), for render bounds.</summary>
    public Vector3 HalfExtent => new Vector3(64 + 9.5f + 12, 81 + 9.5f + 12, 66 + 9.5f + 8) * Scale;

    /// <summary>Everything at a point: attenuation, label, clearance and the hematoma's room.</summary>
    [MethodImpl(Hot.Inline)]
    public void Sample(Vector3 head, out AnatomySample sample) => Evaluate(head, tissue: true, out sample);

    /// <summary>Only where a hematoma may lie (envelope, ventricle, compartment): no tissue values, no cortex lattice.</summary>
    [MethodImpl(Hot.Inline)]
    public void Confinement(Vector3 head, out AnatomySample sample) => Evaluate(head, tissue: false, out sample);

    /// <summary>
    /// A lower bound (head mm) on the distance from a point to the head's outline: every point at least this far
    /// out is air, so rows can skip ahead by it (sphere tracing) without evaluating the anatomy.
    /// </summary>
    [MethodImpl(Hot.Loop)]
    public float OutlineBound(Vector3 head)
    {
        var t = head * _invScale;
        float cavity = Cranium.CavityDistance(t);
        // The thickest skull and scalp anywhere: vault 9.5 mm, skull base 3 mm more, scalp and temporalis.
        float cranial = cavity - (9.5f + 3f + Skull.MaxScalpMm);
        float outline = FaceAndNeck.HeadDistance(t, cranial);
        return (outline - 3) * _minScale * 0.7f;
    }

    [MethodImpl(Hot.Loop)]
    private void Evaluate(Vector3 head, bool tissue, out AnatomySample s)
    {
        var t = head * _invScale;
        float ramp = _ramp;
        var hu = Densities;
        s = default;
        float cavity = Cranium.CavityDistance(t);
        if (!tissue)
        {
            if (cavity < ramp)
            {
                Intracranial(t, cavity, tissue: false, ref s);
                float f = Implicit.Inside(cavity, ramp);
                s.Envelope *= f;
                s.Ventricle *= f;
            }

            return;
        }

        // Deep inside the cavity the outline and the skull are far: skip them.
        float head01 = 1;
        float thickness = 0;
        float clearance = MathF.Abs(cavity);
        if (cavity > -ramp)
        {
            thickness = Skull.Thickness(t, Cortex.Fields(t).W);
            // Inside the bone and the thinnest scalp the outline is far; otherwise measure it.
            float outline = cavity - thickness < Skull.MinScalpMm - (2 * ramp)
                ? cavity - thickness - Skull.MinScalpMm
                : FaceAndNeck.HeadDistance(t, cavity - (thickness + Skull.ScalpThickness(t)));
            if (outline > ramp)
            {
                s.Hu = hu.Air;
                s.Label = TissueLabel.Air;
                // Skull and scalp thickness vary along the surface, so these offsets are looser distances: count half.
                s.Clearance = 0.5f * outline;
                return;
            }

            head01 = Implicit.Inside(outline, ramp);
            clearance = MathF.Min(clearance, 0.5f * MathF.Abs(outline));
        }

        float cavity01 = Implicit.Inside(cavity, ramp);
        float outside = 0;
        var outsideLabel = TissueLabel.SoftTissue;
        if (cavity01 < 1)
        {
            outside = Extracranial(t, cavity, thickness, ref outsideLabel, ref clearance);
        }

        float inside = 0;
        if (cavity01 > 0)
        {
            s.Clearance = clearance;
            Intracranial(t, cavity, tissue: true, ref s);
            inside = s.Hu;
            clearance = s.Clearance;
            s.Envelope *= cavity01 * head01;
            s.Ventricle *= cavity01;
        }

        s.Hu = hu.Air + (head01 * ((cavity01 * inside) + ((1 - cavity01) * outside) - hu.Air));
        s.Clearance = clearance;
        if (head01 < 0.5f)
        {
            s.Label = TissueLabel.Air;
        }
        else if (cavity01 < 0.5f)
        {
            s.Label = outsideLabel;
        }
    }

    [MethodImpl(Hot.Loop)]
    private float Extracranial(Vector3 t, float cavity, float thickness, ref TissueLabel label, ref float clearance)
    {
        var hu = Densities;
        float bone01 = Implicit.Inside(cavity - thickness, _ramp);
        clearance = MathF.Min(clearance, 0.5f * MathF.Abs(cavity - thickness));
        float value = hu.SoftTissue;
        label = TissueLabel.SoftTissue;
        if (bone01 > 0)
        {
            float cortical = Skull.CorticalFraction(t, cavity, thickness, _ramp, out float layers);
            clearance = MathF.Min(clearance, layers);
            // Diploe is mottled: trabecular bone and marrow at a few millimetres' scale.
            float diploe = cortical < 1 ? hu.Diploe + (140 * _texture.At(t * 0.45f)) : hu.Diploe;
            float bone = diploe + (cortical * (hu.CorticalBone - diploe));
            value += bone01 * (bone - value);
            if (bone01 >= 0.5f)
            {
                label = cortical >= 0.5f ? TissueLabel.CorticalBone : TissueLabel.Diploe;
            }
        }

        if (Face.Reaches(t))
        {
            Face.Overlay(t, bone01, hu, _ramp, ref value, ref label, ref clearance);
        }

        return value;
    }

    [MethodImpl(Hot.Loop)]
    private void Intracranial(Vector3 t, float cavity, bool tissue, ref AnatomySample s)
    {
        var hu = Densities;
        float ramp = _ramp;
        float clearance = tissue ? s.Clearance : float.MaxValue;
        var deep = Deep.Sample(t);
        float above = AboveTentorium(t);
        float brainSurface = cavity + _subarachnoid;
        bool supra = above > 0;
        s.Compartment = supra ? Supratentorial : Infratentorial;

        // Supratentorial brain: inside the cavity less the subarachnoid space, above the tentorium.
        float supraBrain = Implicit.Inside(MathF.Max(brainSurface, TentorialGap - above), ramp);
        // Infratentorial brain: cerebellum and brainstem below it.
        float infraDistance = MathF.Max(MathF.Max(MathF.Min(deep.Z, deep.W), above + TentorialGap), cavity + 0.5f);
        float infraBrain = Implicit.Inside(infraDistance, ramp);
        float ventricle = Implicit.Inside(deep.X, ramp);
        float fissure = InterhemisphericFissure(t, ramp, out float fissureDistance);
        float cisternDistance = NearCisterns(t) ? CisternDistance(t, deep.Z) : 50;
        float cistern = Implicit.Inside(cisternDistance, ramp);
        float barrier = MathF.Max(ventricle, MathF.Max(fissure, cistern));
        s.Envelope = MathF.Min(1, supraBrain + infraBrain) * (1 - barrier);
        s.Ventricle = ventricle * MathF.Min(1, supraBrain + infraBrain);
        if (!tissue)
        {
            return;
        }

        clearance = MathF.Min(clearance, MathF.Abs(brainSurface));
        if (MathF.Abs(above) < 40)
        {
            clearance = MathF.Min(clearance, MathF.Min(MathF.Abs(above - TentorialGap), MathF.Abs(above + TentorialGap)));
            // The tentorium and the fossa floors meet at the petrous ridge, and the membrane stops at the incisura.
            clearance = MathF.Min(clearance, MathF.Abs(t.Y - 14 - (0.1f * MathF.Abs(t.X))));
            clearance = MathF.Min(clearance, MathF.Abs(MathF.Max(MathF.Abs(t.X) - 13, t.Y - 30)));
        }

        clearance = MathF.Min(clearance, MathF.Min(MathF.Abs(deep.X), MathF.Abs(deep.Y)));
        clearance = MathF.Min(clearance, MathF.Min(MathF.Abs(deep.Z), MathF.Abs(deep.W)));
        clearance = MathF.Min(clearance, MathF.Min(MathF.Abs(fissureDistance), MathF.Abs(cisternDistance)));
        var label = TissueLabel.Csf;
        float value = hu.Csf;
        var cortex = Cortex;

        if (supraBrain > 0)
        {
            float depth = -brainSurface;
            float grey;
            float sulcal = 0;
            if (depth < cortex.SulcalDepthMm + cortex.RibbonMm + 8)
            {
                cortex.Cerebral(cortex.Fields(t), depth, ramp, out sulcal, out grey, ref clearance);
            }
            else
            {
                // Below the deepest sulcus (mean depth + 4 mm of variation) and its lining.
                grey = 0;
                clearance = MathF.Min(clearance, depth - (cortex.SulcalDepthMm + 4 + cortex.RibbonMm));
            }

            float sylvian = 0;
            if (NearSylvian(t))
            {
                float sylvianDistance = SylvianDistance(t);
                sylvian = Implicit.Inside(sylvianDistance, ramp);
                grey = MathF.Max(grey, Implicit.Inside(sylvianDistance - cortex.RibbonMm, ramp));
                clearance = MathF.Min(clearance, MathF.Min(MathF.Abs(sylvianDistance), MathF.Abs(sylvianDistance - cortex.RibbonMm)));
            }

            if (fissureDistance < 20)
            {
                grey = MathF.Max(grey, Implicit.Inside(fissureDistance - cortex.RibbonMm, ramp));
                clearance = MathF.Min(clearance, MathF.Abs(fissureDistance - cortex.RibbonMm));
            }

            float brain = hu.WhiteMatter + (grey * (hu.GreyMatter - hu.WhiteMatter));
            var brainLabel = grey >= 0.5f ? TissueLabel.GreyMatter : TissueLabel.WhiteMatter;
            Over(ref brain, ref brainLabel, MathF.Max(sulcal, sylvian), hu.Csf, TissueLabel.Csf);
            Over(ref brain, ref brainLabel, Implicit.Inside(deep.Y, ramp), hu.DeepGrey, TissueLabel.DeepGrey);
            Over(ref brain, ref brainLabel, Implicit.Inside(deep.Z, ramp), hu.Brainstem, TissueLabel.Brainstem);
            Over(ref value, ref label, supraBrain, brain, brainLabel);
        }

        if (infraBrain > 0)
        {
            float depth = -deep.W;
            float cerebellum = hu.WhiteMatter;
            var infraLabel = TissueLabel.Cerebellum;
            if (deep.W < 0.5f * ramp)
            {
                Cortex.Cerebellar(cortex.Fields(t), depth, ramp, out float folial, out float grey, ref clearance);
                cerebellum += grey * (hu.GreyMatter - hu.WhiteMatter);
                cerebellum += folial * (hu.Csf - cerebellum);
                infraLabel = folial >= 0.5f ? TissueLabel.Csf : TissueLabel.Cerebellum;
            }

            Over(ref cerebellum, ref infraLabel, Implicit.Inside(deep.Z, ramp), hu.Brainstem, TissueLabel.Brainstem);
            Over(ref value, ref label, infraBrain, cerebellum, infraLabel);
        }

        // Barriers and membranes over the parenchyma: cisterns and fissures hold CSF, the falx and tentorium are dura.
        Over(ref value, ref label, MathF.Max(fissure, cistern), hu.Csf, TissueLabel.Csf);
        float falxDistance = MathF.Max(MathF.Abs(t.X) - 0.4f, FissureRegion(t));
        clearance = MathF.Min(clearance, MathF.Abs(falxDistance));
        float falx = Implicit.Inside(falxDistance, ramp);
        float tentorium = Cranium.BehindPetrousRidge(t.X, t.Y) && !Cranium.InIncisura(t) ? Implicit.Inside(MathF.Abs(above) - 0.4f, ramp) : 0;
        Over(ref value, ref label, MathF.Max(falx, tentorium), hu.Falx, TissueLabel.Falx);
        Over(ref value, ref label, ventricle, hu.Csf, TissueLabel.Ventricle);
        if (NearCalcifications(t))
        {
            float calcification = CalcificationDistance(t);
            clearance = MathF.Min(clearance, MathF.Abs(calcification));
            Over(ref value, ref label, Implicit.Inside(calcification, ramp), hu.Calcification, TissueLabel.Calcification);
        }

        s.Hu = value;
        s.Label = label;
        s.Clearance = clearance;
    }

    [MethodImpl(Hot.Inline)]
    private static bool NearCisterns(Vector3 t) => MathF.Abs(t.X) < 26 && t.Y > -22 && t.Y < 38 && t.Z > -26 && t.Z < 8;

    [MethodImpl(Hot.Inline)]
    private static bool NearSylvian(Vector3 t) => MathF.Abs(t.X) > 30 && t.Y > -42 && t.Y < 26 && t.Z > -30 && t.Z < 25;

    [MethodImpl(Hot.Inline)]
    private bool NearCalcifications(Vector3 t) => _calcifications.Length > 0 && MathF.Abs(t.X) < 28 && t.Y > -8 && t.Y < 40 && t.Z > -6 && t.Z < 20;

    [MethodImpl(Hot.Inline)]
    private static void Over(ref float value, ref TissueLabel label, float fraction, float tissue, TissueLabel tissueLabel)
    {
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

    /// <summary>Height above the tentorium behind the petrous ridges; in front of them, height above the fossa floor.</summary>
    [MethodImpl(Hot.Inline)]
    private static float AboveTentorium(Vector3 t) =>
        Cranium.BehindPetrousRidge(t.X, t.Y) ? t.Z - Cranium.TentoriumHeight(t.X, t.Y) : t.Z - Cranium.FloorHeight(t.X, t.Y) + 0.5f;

    /// <summary>
    /// Signed distance to the region where the fissure between the hemispheres exists: above the corpus callosum,
    /// and everywhere in front of and behind it.
    /// </summary>
    [MethodImpl(Hot.Inline)]
    private static float FissureRegion(Vector3 t)
    {
        float callosum = 17 + (7 * (1 - (t.Y * t.Y / 1600)));
        return MathF.Min(40 - MathF.Abs(t.Y), callosum - t.Z);
    }

    [MethodImpl(Hot.Inline)]
    private float InterhemisphericFissure(Vector3 t, float ramp, out float distance)
    {
        distance = MathF.Max(MathF.Abs(t.X) - _fissure, FissureRegion(t));
        return Implicit.Inside(distance, ramp);
    }

    /// <summary>The Sylvian fissure: a cleft from the lateral surface in to the insula, and the insular cistern.</summary>
    [MethodImpl(Hot.Inline)]
    private float SylvianDistance(Vector3 t)
    {
        float x = MathF.Abs(t.X);
        const float Insula = 36;
        float height = -4 + (_sylvianTilt * (t.Y + 15));
        float across = MathF.Abs(t.Z - height);
        float cleft = MathF.Max(across - _sylvian, Insula - x);
        float cistern = MathF.Max(MathF.Abs(x - Insula - _sylvian) - _sylvian, across - 11);
        return MathF.Max(MathF.Min(cleft, cistern), MathF.Abs(t.Y + 8) - 30);
    }

    [MethodImpl(Hot.Inline)]
    private static float CisternDistance(Vector3 t, float brainstem)
    {
        float suprasellar = Suprasellar.Distance(t);
        float quadrigeminal = Quadrigeminal.Distance(t);
        // The perimesencephalic cisterns: a sleeve of CSF around the midbrain.
        float sleeve = MathF.Max(MathF.Abs(brainstem - 1.2f) - 1.2f, MathF.Abs(t.Z + 7) - 8);
        float cisterns = MathF.Min(MathF.Min(suprasellar, quadrigeminal), sleeve);
        return MathF.Max(cisterns, -brainstem);
    }

    [MethodImpl(Hot.Inline)]
    private float CalcificationDistance(Vector3 t)
    {
        float distance = 50;
        foreach (var c in _calcifications)
        {
            distance = MathF.Min(distance, Vector3.Distance(t, new Vector3(c.X, c.Y, c.Z)) - c.W);
        }

        return distance;
    }

    private static Vector4[] DrawCalcifications(Random random)
    {
        var list = new List<Vector4>();
        if (random.Chance(0.6))
        {
            list.Add(new Vector4(0, 27, 3, random.UniformF(1.2, 3.0)));
        }

        if (random.Chance(0.5))
        {
            float r = random.UniformF(1.2, 2.6);
            list.Add(new Vector4(-21, 32, 13, r));
            list.Add(new Vector4(21, 32, 13, r * random.UniformF(0.7, 1.1)));
        }

        if (random.Chance(0.08))
        {
            float r = random.UniformF(1, 2);
            list.Add(new Vector4(-18.5f, -1, 0, r));
            list.Add(new Vector4(18.5f, -1, 0, r));
        }

        return [.. list];
    }
}
