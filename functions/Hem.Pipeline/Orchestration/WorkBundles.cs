using Hem.Dicom.Series;
using Hem.Imaging.Volumes;
using Hem.Prediction.Transport;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// The volume bundles one run keeps in its work area, each on one grid with exact geometry: the study (CT in HU, the
/// brain and a baseline mask that came with the input), the baseline hematoma, the model's probability on the model
/// grid, and the predicted follow-up on the study's grid.
/// </summary>
public static class WorkBundles
{
    public const string Study = "study.hemv";
    public const string BaselineMask = "baseline-mask.hemv";
    public const string ModelOutput = "model-output.hemv";
    public const string Prediction = "prediction.hemv";

    public const string CtBlock = "ct";
    public const string BrainBlock = "brain";
    public const string GivenMaskBlock = "given-mask";
    public const string MaskBlock = "mask";
    public const string ProbabilityBlock = "probability";

    /// <summary>Two blocks of a 512 x 512 x 1024 study: the work area holds whole studies, not the model's 256^3 grid.</summary>
    public static BundleLimits Limits { get; } = new(512L * 512 * 1024);

    public static VolumeBundle OfStudy(Volume<short> ct, Volume<byte> brain, Volume<byte>? givenMask)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentNullException.ThrowIfNull(brain);
        var blocks = new List<BundleBlock> { BundleBlock.Int16(CtBlock, ct.Voxels), BundleBlock.UInt8(BrainBlock, brain.Voxels) };
        if (givenMask is not null)
        {
            blocks.Add(BundleBlock.UInt8(GivenMaskBlock, givenMask.Voxels));
        }

        return new VolumeBundle(ct.Geometry, blocks);
    }

    public static VolumeBundle OfMask(Volume<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return new VolumeBundle(mask.Geometry, [BundleBlock.UInt8(MaskBlock, mask.Voxels)]);
    }

    public static VolumeBundle OfProbability(Volume<float> probability)
    {
        ArgumentNullException.ThrowIfNull(probability);
        return new VolumeBundle(probability.Geometry, [BundleBlock.Float32(ProbabilityBlock, probability.Voxels)]);
    }

    public static Volume<short> Ct(VolumeBundle bundle) => new(Geometry(bundle), Block(bundle, CtBlock).AsInt16 ?? throw Wrong(CtBlock));

    public static Volume<byte> Brain(VolumeBundle bundle) => new(Geometry(bundle), Block(bundle, BrainBlock).AsUInt8 ?? throw Wrong(BrainBlock));

    public static Volume<byte>? GivenMask(VolumeBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return bundle.Find(GivenMaskBlock) is { } block ? new Volume<byte>(bundle.Geometry, block.AsUInt8 ?? throw Wrong(GivenMaskBlock)) : null;
    }

    public static Volume<byte> Mask(VolumeBundle bundle) => new(Geometry(bundle), Block(bundle, MaskBlock).AsUInt8 ?? throw Wrong(MaskBlock));

    public static Volume<float> Probability(VolumeBundle bundle) => new(Geometry(bundle), Block(bundle, ProbabilityBlock).AsFloat32 ?? throw Wrong(ProbabilityBlock));

    private static VolumeGeometry Geometry(VolumeBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return bundle.Geometry;
    }

    private static BundleBlock Block(VolumeBundle bundle, string name) =>
        bundle.Find(name) ?? throw new VolumeBundleException(BundleProblem.WrongShape, $"the intermediate has no block '{name}'");

    private static VolumeBundleException Wrong(string name) => new(BundleProblem.WrongDataType, $"the intermediate's block '{name}' has the wrong element type");
}
