using System.Globalization;
using Hem.Dicom.Series;
using Hem.Imaging.Intensity;

namespace Hem.Prediction.Grid;

/// <summary>
/// Where and how a study is sampled for the model (docs/MODEL-CONTRACT.md, "Model grid and preprocessing"): isotropic
/// voxels of <see cref="SpacingMm"/>, a region of interest <see cref="RoiMarginMm"/> around the baseline hematoma, at
/// least one <see cref="PatchSize"/> per axis, CT normalised by <see cref="Normalisation"/>. Inference reads these
/// from the model card; <c>hem prepare</c> starts from <see cref="Default"/>, so a model is trained on what it will see.
/// </summary>
public sealed record ModelGridSettings
{
    public ModelGridSettings(double spacingMm, double roiMarginMm, GridSize patchSize, IntensityNormalisation normalisation)
    {
        ArgumentNullException.ThrowIfNull(normalisation);
        if (!(spacingMm > 0) || !double.IsFinite(spacingMm))
        {
            throw new ArgumentOutOfRangeException(nameof(spacingMm), "the model grid's spacing is a positive number of millimetres");
        }

        if (!(roiMarginMm >= 0) || !double.IsFinite(roiMarginMm))
        {
            throw new ArgumentOutOfRangeException(nameof(roiMarginMm), "the ROI margin is a finite number of millimetres, 0 or more");
        }

        if (patchSize.X < 1 || patchSize.Y < 1 || patchSize.Z < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(patchSize), $"patch size {patchSize} has an axis that is not positive");
        }

        SpacingMm = spacingMm;
        RoiMarginMm = roiMarginMm;
        PatchSize = patchSize;
        Normalisation = normalisation;
    }

    /// <summary>1.5 mm voxels, 20 mm margin, 32^3 patches, the brain window (hu-clip-0-100-unit).</summary>
    public static ModelGridSettings Default { get; } = new(1.5, 20, new GridSize(32, 32, 32), IntensityNormalisation.BrainWindow);

    /// <summary>Millimetres between model voxel centres, the same on every axis.</summary>
    public double SpacingMm { get; }

    /// <summary>How far the region of interest reaches beyond the baseline hematoma's bounding box, on every side.</summary>
    public double RoiMarginMm { get; }

    /// <summary>The model's input patch in voxels along x, y and z (the card lists it z, y, x).</summary>
    public GridSize PatchSize { get; }

    public IntensityNormalisation Normalisation { get; }

    /// <summary>The normalisations a model may name: the ones Hem.Imaging defines.</summary>
    public static IntensityNormalisation? NormalisationNamed(string name) =>
        new[] { IntensityNormalisation.BrainWindow, IntensityNormalisation.WideWindow }.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.Ordinal));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{SpacingMm:0.###} mm, margin {RoiMarginMm:0.###} mm, patch {PatchSize}, {Normalisation.Name}");
}
