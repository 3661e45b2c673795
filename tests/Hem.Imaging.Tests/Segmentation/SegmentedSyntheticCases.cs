using System.Globalization;
using Hem.Imaging.Segmentation;
using Hem.Imaging.Synthetic;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Segmentation;

/// <summary>
/// One <c>hem synth</c> case segmented as the pipeline does it (brain extraction, then the hematoma baseline with
/// default options, on the baseline CT) and scored against the baseline hematoma mask. Only the figures are kept:
/// ten cases of volumes would hold hundreds of megabytes for the whole test run.
/// </summary>
/// <param name="HyperdenseDice">
/// With the blend sign, the Dice against the truth less its hypodense part (voxels whose centre lies on the
/// hypodense side of the blend interface); null without the sign.
/// </param>
/// <param name="TruthIvhVoxels">Truth voxels whose centre is labelled intraventricular blood: the truth is parenchymal, so none.</param>
/// <param name="FoundIvhMl">Segmented volume whose voxel centres are labelled intraventricular blood.</param>
internal sealed record SegmentedCase(
    int CaseNumber,
    HematomaLocation Location,
    HematomaSigns Signs,
    double TruthMl,
    double FoundMl,
    double Dice,
    double? HyperdenseDice,
    double? HyperdenseMl,
    long TruthIvhVoxels,
    double FoundIvhMl)
{
    public static SegmentedCase Of(long runSeed, int caseNumber, CancellationToken cancellationToken)
    {
        var scan = SyntheticGenerator.Case(runSeed, caseNumber, ScanProtocol.FiveMillimetre);
        var truth = new Volume<byte>(scan.Geometry, HematomaRasterizer.Rasterize(scan).Baseline);
        var rendered = CtRenderer.Render(scan, new RenderRequest { FollowUp = false, Labels = true });
        // The in-memory baseline is the volume the pipeline reads from the written series: SyntheticCaseOutputTests
        // reads the DICOM back through SeriesScanner and VolumeBuilder to the same voxels.
        var ct = new Volume<short>(scan.Geometry, rendered.Baseline);
        var brain = new BrainExtractor().Extract(ct, cancellationToken);
        var found = new HematomaSegmenter().Segment(ct, brain.Mask, cancellationToken);

        const byte ventricularBlood = (byte)TissueLabel.IntraventricularBlood;
        long truthIvh = 0;
        long foundIvh = 0;
        for (int i = 0; i < truth.Voxels.Length; i++)
        {
            truthIvh += truth.Voxels[i] != 0 && rendered.Labels![i] == ventricularBlood ? 1 : 0;
            foundIvh += found.Mask.Voxels[i] != 0 && rendered.Labels![i] == ventricularBlood ? 1 : 0;
        }

        double? hyperdenseDice = null;
        double? hyperdenseMl = null;
        if (scan.Signs.Blend)
        {
            var hyperdense = HyperdensePart(scan, truth);
            hyperdenseDice = Overlap.Dice(found.Mask, hyperdense);
            hyperdenseMl = Overlap.Count(hyperdense) * truth.VoxelVolumeMl;
        }

        return new SegmentedCase(
            caseNumber,
            scan.Location,
            scan.Signs,
            Overlap.Count(truth) * truth.VoxelVolumeMl,
            found.VolumeMl,
            Overlap.Dice(found.Mask, truth),
            hyperdenseDice,
            hyperdenseMl,
            truthIvh,
            foundIvh * truth.VoxelVolumeMl);
    }

    /// <summary>The truth voxels whose centre lies on the hyperdense side of the blend sign's interface (a plane in head space).</summary>
    private static Volume<byte> HyperdensePart(SyntheticCase scan, Volume<byte> truth)
    {
        var density = scan.Baseline.Density;
        var part = Volume.Zeros<byte>(truth.Geometry);
        var size = truth.Size;
        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                for (int x = 0; x < size.X; x++)
                {
                    long i = truth.IndexOf(x, y, z);
                    if (truth.Voxels[i] == 0)
                    {
                        continue;
                    }

                    var head = scan.Pose.ToHead(scan.World(x, y, z));
                    float side = System.Numerics.Vector3.Dot(head - density.Centre, density.BlendNormal) - density.BlendOffset;
                    part.Voxels[i] = (byte)(side <= 0 ? 1 : 0);
                }
            }
        }

        return part;
    }

    public string SignList => string.Join(
        " ",
        new (bool On, string Name)[]
        {
            (Signs.Irregular, "irregular"), (Signs.Swirl, "swirl"), (Signs.Blend, "blend"), (Signs.BlackHole, "black-hole"),
            (Signs.Island, "island"), (Signs.Ivh, "IVH"), (Signs.Oedema, "oedema"),
        }.Where(s => s.On).Select(s => s.Name));

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"case {CaseNumber} {Location}: Dice {Dice:0.000}{(HyperdenseDice is { } h ? $" (hyperdense part {h:0.000}, {HyperdenseMl:0.00} mL)" : string.Empty)}, truth {TruthMl:0.00} mL, found {FoundMl:0.00} mL, ventricular blood found {FoundIvhMl:0.00} mL; {SignList}");
}

/// <summary>The first cases of one <c>hem synth</c> run, each generated and segmented once, when first asked for.</summary>
public sealed class SegmentedSyntheticCases
{
    /// <summary>The run seed of the set; its first ten cases hold deep, lobar and brainstem hematomas, IVH, blend, swirl and black hole signs.</summary>
    public const long RunSeed = 7;

    public const int Count = 10;

    private readonly Lazy<SegmentedCase>[] _cases = [.. Enumerable.Range(1, Count)
        .Select(n => new Lazy<SegmentedCase>(() => SegmentedCase.Of(RunSeed, n, TestContext.Current.CancellationToken)))];

    internal SegmentedCase this[int caseNumber] => _cases[caseNumber - 1].Value;

    internal IEnumerable<SegmentedCase> All => _cases.Select(c => c.Value);
}
