using System.Numerics;
using System.Runtime.CompilerServices;
using Hem.Dicom.Series;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// Everything one synthetic case is, drawn from one seed: the scan grid, the head and its pose, the scanner, the
/// patient's fake identity, the baseline hematoma with its signs, and the follow-up (grown, stable or shrunk) on the
/// same grid. Nothing is rendered here: <see cref="CtRenderer"/> draws the images, <see cref="HematomaRasterizer"/>
/// the masks. The same seed and protocol always give the same case.
/// </summary>
public sealed class SyntheticCase
{
    /// <summary>Median and log-spread of the baseline volume before the location factor (mL).</summary>
    public const double VolumeMedianMl = 15;
    public const double VolumeLogSd = 0.85;
    public const double MinVolumeMl = 2;

    /// <summary>The largest share of a drawn hematoma shape allowed outside its compartment's parenchyma.</summary>
    public const float MaxOutsideShare = 0.08f;

    private static readonly double[] FieldsOfView = [220, 230, 240, 250];
    private static readonly double[] FieldOfViewShares = [0.2, 0.35, 0.3, 0.15];

    private SyntheticCase(int seed, ScanProtocol protocol)
    {
        Seed = seed;
        Protocol = protocol;
        // Seeded System.Random streams from neighbouring seeds start out correlated: scramble the seed first.
        var random = new Random(RandomDraws.Mix(seed, 0x5EED));
        PixelSpacingMm = FieldsOfView[random.PickWeighted(FieldOfViewShares)] / ScanProtocol.Matrix;
        Pose = HeadPose.Draw(random);
        Phantom = HeadPhantom.Draw(random, (float)PixelSpacingMm);
        Scanner = ScannerModel.Draw(random);
        FollowUpNoiseSeed = random.NextSeed();
        Identity = FakeIdentity.Draw(random);
        Geometry = DrawGeometry(random);

        Location = HematomaPlacement.DrawLocation(random);
        double volume = random.LogNormal(VolumeMedianMl, VolumeLogSd) * HematomaPlacement.VolumeFactor(Location);
        TargetBaselineMl = Math.Clamp(volume, MinVolumeMl, HematomaPlacement.VolumeCap(Location));
        float radius = EquivalentRadius(TargetBaselineMl);
        Signs = HematomaSigns.Draw(random, TargetBaselineMl, Location);
        byte compartment = HematomaPlacement.CompartmentOf(Location);
        bool InBrain(Vector3 p)
        {
            Phantom.Confinement(p, out var a);
            return a.Envelope > 0.99f && a.Compartment == compartment;
        }

        // A hematoma dissects brain; it does not lie across a ventricle or a fissure. Redraw the placement while much
        // of the drawn shape falls outside the compartment's parenchyma, and keep the best of a few tries.
        var placement = HematomaPlacement.Draw(random, Phantom, Location, radius);
        var shape = HematomaShape.Draw(random, placement, radius, Signs.Irregular, Signs.Island, InBrain);
        float outside = OutsideShare(shape, radius, compartment);
        for (int attempt = 1; attempt < 8 && outside > MaxOutsideShare; attempt++)
        {
            var nextPlacement = HematomaPlacement.Draw(random, Phantom, Location, radius);
            var nextShape = HematomaShape.Draw(random, nextPlacement, radius, Signs.Irregular, Signs.Island, InBrain);
            float nextOutside = OutsideShare(nextShape, radius, compartment);
            if (nextOutside < outside)
            {
                (placement, shape, outside) = (nextPlacement, nextShape, nextOutside);
            }
        }

        Placement = placement;
        Shape = shape;
        Level = VolumeSolver.SolveLevel(Phantom, Shape, compartment, TargetBaselineMl, radius, out double reached);
        SolvedBaselineMl = reached;
        var density = HematomaDensity.Draw(random, Shape, radius, Signs.Swirl, Signs.Blend, Signs.BlackHole);
        var oedema = Signs.Oedema ? PerihematomalOedema.Draw(random) : null;

        ExpansionProbability = GrowthModel.ExpansionProbability(Signs, TargetBaselineMl);
        ExpansionDrawn = random.Chance(ExpansionProbability);
        TargetFollowUpMl = GrowthModel.DrawFollowUp(random, Signs, SolvedBaselineMl, ExpansionDrawn);
        Growth = GrowthField.Draw(random, Shape, radius, Signs.Irregular);
        GrowthMm = VolumeSolver.SolveGrowth(Phantom, Shape, Level, Growth, compartment, TargetFollowUpMl, radius, out double reachedFollowUp, out var room);
        SolvedFollowUpMl = reachedFollowUp;
        var laterDensity = density.Later(random, out _);
        var laterOedema = oedema?.Later(random) ?? (random.Chance(0.5) ? PerihematomalOedema.Draw(random) : null);
        FollowUpOedema = laterOedema is not null;

        var ivh = Signs.Ivh ? DrawVentricularBlood(random, 0) : null;
        bool newIvh = !Signs.Ivh && ExpansionDrawn && Location is HematomaLocation.Thalamus or HematomaLocation.BasalGanglia && random.Chance(0.35);
        var laterIvh = Signs.Ivh ? DrawVentricularBlood(random, random.UniformF(1, 4)) : newIvh ? DrawVentricularBlood(random, 0) : null;
        FollowUpIvh = laterIvh is not null;

        Baseline = new HematomaScene(Shape, Level, null, 0, null, compartment, density, oedema, ivh);
        FollowUp = new HematomaScene(Shape, Level, Growth, GrowthMm, room, compartment, laterDensity, laterOedema, laterIvh);
        SetBounds(Baseline, radius);
        SetBounds(FollowUp, EquivalentRadius(Math.Max(TargetFollowUpMl, TargetBaselineMl)));
    }

    public int Seed { get; }

    public ScanProtocol Protocol { get; }

    public double PixelSpacingMm { get; }

    public VolumeGeometry Geometry { get; }

    public HeadPose Pose { get; }

    public HeadPhantom Phantom { get; }

    public ScannerModel Scanner { get; }

    public int FollowUpNoiseSeed { get; }

    public FakeIdentity Identity { get; }

    public HematomaLocation Location { get; }

    public HematomaPlacement Placement { get; }

    public HematomaSigns Signs { get; }

    public HematomaShape Shape { get; }

    public float Level { get; }

    public GrowthField Growth { get; }

    /// <summary>The follow-up surface's displacement (mm at growth weight 1; negative when it shrinks).</summary>
    public float GrowthMm { get; }

    public double TargetBaselineMl { get; }

    public double SolvedBaselineMl { get; }

    public double ExpansionProbability { get; }

    /// <summary>Whether the growth model drew expansion (the masks decide whether the HE definition is met).</summary>
    public bool ExpansionDrawn { get; }

    public double TargetFollowUpMl { get; }

    public double SolvedFollowUpMl { get; }

    public bool FollowUpIvh { get; }

    public bool FollowUpOedema { get; }

    public HematomaScene Baseline { get; }

    public HematomaScene FollowUp { get; }

    public static SyntheticCase Create(int seed, ScanProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return new SyntheticCase(seed, protocol);
    }

    public static float EquivalentRadius(double volumeMl) => MathF.Cbrt((float)(volumeMl * 1000 * 3 / (4 * Math.PI)));

    /// <summary>The patient-space (LPS) point of a continuous voxel index.</summary>
    public Vector3 World(double i, double j, double k) => HeadPose.Of(Geometry.IndexToPatient(i, j, k));

    private VolumeGeometry DrawGeometry(Random random)
    {
        double spacing = Protocol.SliceThicknessMm;
        double coverage = random.Uniform(140, 150);
        int slices = (int)Math.Round(coverage / spacing) + 1;
        // The top slice sits at the vertex (a little above or into it, as technologists frame the scan).
        double top = VertexHeight() + random.Uniform(-1, 3);
        double bottom = Math.Round((top - ((slices - 1) * spacing)) * 2) / 2;
        double fov = PixelSpacingMm * ScanProtocol.Matrix;
        double corner = (-fov / 2) + (PixelSpacingMm / 2);
        return new VolumeGeometry(
            new GridSize(ScanProtocol.Matrix, ScanProtocol.Matrix, slices),
            new Vector3D(PixelSpacingMm, PixelSpacingMm, spacing),
            new Vector3D(corner, corner, bottom),
            new Vector3D(1, 0, 0),
            new Vector3D(0, 1, 0),
            new Vector3D(0, 0, 1));
    }

    /// <summary>The highest point of the scalp in patient z, found over the head's upper surface.</summary>
    [MethodImpl(Hot.Loop)]
    private double VertexHeight()
    {
        double best = double.MinValue;
        for (int a = -12; a <= 12; a++)
        {
            for (int b = -12; b <= 12; b++)
            {
                var template = new Vector3(a * 5, b * 6, 0);
                float z = 40;
                while (z < 110 && Cranium.CavityDistance(template with { Z = z }) < Phantom.Skull.VaultMm + 9.5f)
                {
                    z += 0.5f;
                }

                best = Math.Max(best, Pose.ToWorld(Phantom.FromTemplate(template with { Z = z })).Z);
            }
        }

        return best;
    }

    private IntraventricularBlood DrawVentricularBlood(Random random, float extraDepth)
    {
        // The fluid level: a few millimetres in front of the deepest point of the occipital horns (patient y grows posteriorly).
        float deepest = float.MinValue;
        foreach (int side in new[] { -1, 1 })
        {
            deepest = MathF.Max(deepest, Pose.ToWorld(Phantom.FromTemplate(Phantom.Deep.OccipitalHornTip(side))).Y);
        }

        float level = deepest - random.UniformF(2, 7) - extraDepth;
        return new IntraventricularBlood(random.UniformF(50, 68), random.UniformF(6, 18) + (extraDepth * 2), level);
    }

    /// <summary>The share of the unlevelled shape's volume (coarse lattice) that is not parenchyma of the compartment.</summary>
    [MethodImpl(Hot.Loop)]
    private float OutsideShare(HematomaShape shape, float radius, byte compartment)
    {
        float h = MathF.Max(1, radius / 6);
        int n = (int)MathF.Ceiling(shape.Extent / h) + 1;
        double inside = 0;
        double outside = 0;
        for (int k = -n; k <= n; k++)
        {
            for (int j = -n; j <= n; j++)
            {
                for (int i = -n; i <= n; i++)
                {
                    var p = shape.Centre + (h * new Vector3(i, j, k));
                    if (shape.Distance(p, 0) >= 0)
                    {
                        continue;
                    }

                    Phantom.Confinement(p, out var a);
                    float room = a.Compartment == compartment ? a.Envelope : 0;
                    inside += room;
                    outside += 1 - room;
                }
            }
        }

        return inside + outside > 0 ? (float)(outside / (inside + outside)) : 1;
    }

    private void SetBounds(HematomaScene scene, float radius)
    {
        float reach = scene.Reach;
        float half = (Shape.Extent * 1.3f) + MathF.Abs(Level) + (MathF.Abs(GrowthMm) * GrowthField.MaxWeight) + reach + 6;
        // A coarse lattice is enough: a point within h of a lattice point is within h of its value (the surface
        // function changes about 1 mm per mm), so thresholds and margins widen by h.
        float h = MathF.Max(VolumeSolver.Spacing(radius), half / 20);
        float margin = (2 * h) + 1 + (float)PixelSpacingMm;
        var (min, max, maskMin, maskMax) = VolumeSolver.Bounds(Shape.Centre, half, h, scene.Distance, reach + h, margin);
        scene.SetBounds(min, max, maskMin, maskMax);
    }
}
