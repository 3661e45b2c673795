using Hem.Dicom.Series;
using Hem.Imaging.Metrics;
using Hem.Imaging.Volumes;

namespace Hem.Prediction.Grid;

/// <summary>
/// Turns a study (baseline CT in HU, baseline hematoma mask and brain mask, all on the CT's grid) into the model's
/// input on its model grid, and the follow-up of a training case into targets on the same grid: the one
/// implementation of docs/MODEL-CONTRACT.md's preprocessing, used by inference and by <c>hem prepare</c>.
/// </summary>
public sealed class ModelInputPreparer
{
    /// <summary>The share of a model voxel the brain must fill to count as brain.</summary>
    public const float BrainFraction = 0.5f;

    /// <summary>What CT reads outside the scanned volume: air.</summary>
    public const float OutsideHu = -1024f;

    public ModelInputPreparer(ModelGridSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    public ModelGridSettings Settings { get; }

    /// <summary>The model input, or null when the baseline mask is empty (no ROI: nothing to predict).</summary>
    public PreparedInput? Prepare(Volume<short> ct, Volume<byte> baselineMask, Volume<byte> brain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentNullException.ThrowIfNull(baselineMask);
        ArgumentNullException.ThrowIfNull(brain);
        RequireBaselineGrid(ct.Geometry, baselineMask.Geometry, "the baseline mask");
        RequireBaselineGrid(ct.Geometry, brain.Geometry, "the brain mask");
        if (VoxelBox.Of(baselineMask) is not { } box)
        {
            return null;
        }

        var grid = ModelGrid.Around(ct.Geometry, box, Settings);
        var brainFraction = CroppedResampling.Fraction(brain, grid.Geometry);
        var brainOnGrid = brainFraction.SameGrid(Array.ConvertAll(brainFraction.Voxels, f => (byte)(f >= BrainFraction ? 1 : 0)));
        cancellationToken.ThrowIfCancellationRequested();
        var ctChannel = CtChannel(ct, grid.Geometry, brainOnGrid);
        cancellationToken.ThrowIfCancellationRequested();
        var maskChannel = CroppedResampling.Fraction(baselineMask, grid.Geometry);
        return new PreparedInput(grid, ctChannel, maskChannel, brainOnGrid);
    }

    /// <summary>The follow-up mask (on the baseline grid) as a fraction on the model grid, like the baseline mask channel.</summary>
    public static Volume<float> FollowupMask(PreparedInput input, Volume<byte> followupMask)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(followupMask);
        RequireBaselineGrid(input.Grid.Baseline, followupMask.Geometry, "the follow-up mask");
        return CroppedResampling.Fraction(followupMask, input.Grid.Geometry);
    }

    /// <summary>The follow-up CT (on the baseline grid) as a CT channel, masked with the baseline brain.</summary>
    public Volume<float> FollowupCt(PreparedInput input, Volume<short> followupCt)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(followupCt);
        RequireBaselineGrid(input.Grid.Baseline, followupCt.Geometry, "the follow-up CT");
        return CtChannel(followupCt, input.Grid.Geometry, input.Brain);
    }

    private Volume<float> CtChannel(Volume<short> ct, VolumeGeometry target, Volume<byte> brainOnGrid)
    {
        var channel = Settings.Normalisation.Apply(CroppedResampling.Trilinear(ct, target, OutsideHu));
        BrainMasking.ZeroOutside(channel, brainOnGrid);
        return channel;
    }

    private static void RequireBaselineGrid(VolumeGeometry baseline, VolumeGeometry geometry, string what)
    {
        if (!MaskGrids.AreSame(baseline, geometry))
        {
            throw new PredictionInputException($"{what} is not on the baseline CT's grid ({geometry.Size} against {baseline.Size}, or placed differently)");
        }
    }
}
