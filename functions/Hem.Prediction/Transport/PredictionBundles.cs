using System.Globalization;
using Hem.Dicom.Series;
using Hem.Imaging.Volumes;
using Hem.Prediction.Cards;
using Hem.Prediction.Grid;

namespace Hem.Prediction.Transport;

/// <summary>
/// The inference service's request and response as volume bundles (docs/INFERENCE-API.md): the request carries the
/// model input (the card's two channels and the brain, on the model grid), the response the follow-up mask on the
/// same grid and, on request, the probability. Reading a request checks it against the model it is for.
/// </summary>
public static class PredictionBundles
{
    public const string Brain = "brain";

    public const string FollowupMask = "followup-mask";

    public const string FollowupProbability = "followup-probability";

    /// <summary>How far the request's spacing may be from the card's (mm), for rounding in the sender's arithmetic.</summary>
    public const double SpacingToleranceMm = 1e-4;

    public static VolumeBundle Request(ModelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new VolumeBundle(input.Ct.Geometry, [
            BundleBlock.Float32(ModelContract.InputChannels[0], input.Ct.Voxels),
            BundleBlock.Float32(ModelContract.InputChannels[1], input.Mask.Voxels),
            BundleBlock.UInt8(Brain, input.Brain.Voxels),
        ]);
    }

    /// <summary>The model input a request carries, or a <see cref="VolumeBundleException"/> naming what does not fit the model.</summary>
    public static ModelInput ReadRequest(VolumeBundle bundle, ModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(settings);
        string[] expected = [ModelContract.InputChannels[0], ModelContract.InputChannels[1], Brain];
        var names = bundle.Blocks.Select(b => b.Name).ToList();
        if (names.Count != expected.Length || expected.Any(e => !names.Contains(e)))
        {
            throw new VolumeBundleException(BundleProblem.WrongShape, $"the request has blocks [{string.Join(", ", names)}]; the model takes exactly [{string.Join(", ", expected)}]");
        }

        var geometry = bundle.Geometry;
        RequireSpacing(geometry, settings.Grid.SpacingMm);
        var patch = settings.Grid.PatchSize;
        if (geometry.Size.X < patch.X || geometry.Size.Y < patch.Y || geometry.Size.Z < patch.Z)
        {
            throw new VolumeBundleException(BundleProblem.WrongShape, $"the grid {geometry.Size} is smaller than the model's patch {patch} on some axis");
        }

        var ct = Float32(bundle, expected[0]);
        var mask = Float32(bundle, expected[1]);
        var brain = bundle.Find(Brain)!.AsUInt8
            ?? throw new VolumeBundleException(BundleProblem.WrongDataType, $"block '{Brain}' must be uint8");
        RequireUnitRange(ct, expected[0]);
        RequireUnitRange(mask, expected[1]);
        if (brain.Any(v => v > 1))
        {
            throw new VolumeBundleException(BundleProblem.WrongValues, $"block '{Brain}' must hold 0 or 1 only");
        }

        return new ModelInput(new Volume<float>(geometry, ct), new Volume<float>(geometry, mask), new Volume<byte>(geometry, brain));
    }

    public static VolumeBundle Response(Volume<byte> mask, Volume<float>? probability)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var blocks = new List<BundleBlock> { BundleBlock.UInt8(FollowupMask, mask.Voxels) };
        if (probability is not null)
        {
            blocks.Add(BundleBlock.Float32(FollowupProbability, probability.Voxels));
        }

        return new VolumeBundle(mask.Geometry, blocks);
    }

    /// <summary>The mask and (when it was asked for) the probability of a response.</summary>
    public static (Volume<byte> Mask, Volume<float>? Probability) ReadResponse(VolumeBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var mask = bundle.Find(FollowupMask)?.AsUInt8
            ?? throw new VolumeBundleException(BundleProblem.WrongShape, $"the response has no uint8 block '{FollowupMask}'");
        var probability = bundle.Find(FollowupProbability) is { } block
            ? block.AsFloat32 ?? throw new VolumeBundleException(BundleProblem.WrongDataType, $"block '{FollowupProbability}' must be float32")
            : null;
        return (new Volume<byte>(bundle.Geometry, mask), probability is null ? null : new Volume<float>(bundle.Geometry, probability));
    }

    private static float[] Float32(VolumeBundle bundle, string name) =>
        bundle.Find(name)!.AsFloat32 ?? throw new VolumeBundleException(BundleProblem.WrongDataType, $"block '{name}' must be float32");

    private static void RequireSpacing(VolumeGeometry geometry, double spacingMm)
    {
        var s = geometry.Spacing;
        if (Math.Abs(s.X - spacingMm) > SpacingToleranceMm || Math.Abs(s.Y - spacingMm) > SpacingToleranceMm || Math.Abs(s.Z - spacingMm) > SpacingToleranceMm)
        {
            throw new VolumeBundleException(BundleProblem.WrongGeometry, string.Create(CultureInfo.InvariantCulture, $"the grid's spacing is {s.X:0.####} x {s.Y:0.####} x {s.Z:0.####} mm; the model runs on {spacingMm:0.####} mm isotropic voxels"));
        }
    }

    private static void RequireUnitRange(float[] values, string name)
    {
        foreach (float v in values)
        {
            // The negated test also catches NaN.
            if (!(v >= 0f && v <= 1f))
            {
                throw new VolumeBundleException(BundleProblem.WrongValues, $"block '{name}' must hold values from 0 to 1 (the contract's normalisation); it holds {(float.IsFinite(v) ? "values outside that range" : "NaN or infinity")}");
            }
        }
    }
}
