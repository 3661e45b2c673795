using System.Globalization;
using System.Text.Json;
using Hem.Dicom.Series;
using Hem.Prediction.Grid;
using Hem.Prediction.Windows;

namespace Hem.Prediction.Cards;

/// <summary>
/// Reads <c>model.json</c> and checks it against the contract on its own (the graph is checked by
/// <see cref="OnnxGraphCheck"/>): every refusal is a <see cref="ModelFolderException"/> naming the field.
/// </summary>
public static class ModelCardReader
{
    public static ModelCard Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<ModelCard>(json, ModelCard.JsonOptions) ?? throw Refused("the card is null");
        }
        catch (JsonException ex)
        {
            throw new ModelFolderException($"{ModelCard.FileName} is not a valid model card: {ex.Message}", ex);
        }
    }

    /// <summary>The settings the card fixes, after checking every field the contract constrains.</summary>
    public static ModelSettings Settings(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (!string.Equals(card.AxisOrder, ModelContract.AxisOrder, StringComparison.Ordinal))
        {
            throw Refused($"axisOrder is '{card.AxisOrder}'; the contract's tensors are [N, C, Z, Y, X] ('{ModelContract.AxisOrder}')");
        }

        if (card.OnnxFile.Length == 0 || Path.GetFileName(card.OnnxFile) != card.OnnxFile || card.OnnxFile is "." or "..")
        {
            throw Refused($"onnxFile '{card.OnnxFile}' must be a file name in the model folder, without folders");
        }

        var patch = Patch(card.PatchSize);
        double spacing = Spacing(card.SpacingMm);
        var normalisation = ModelGridSettings.NormalisationNamed(card.IntensityNormalisation)
            ?? throw Refused($"intensityNormalisation '{card.IntensityNormalisation}' is not one this software implements");
        if (!(card.RoiMarginMm >= 0) || !double.IsFinite(card.RoiMarginMm))
        {
            throw Refused("roiMarginMm must be a finite number of millimetres, 0 or more");
        }

        var window = card.SlidingWindow;
        if (!string.Equals(window.Weighting, ModelContract.Weighting, StringComparison.Ordinal))
        {
            throw Refused($"slidingWindow.weighting is '{window.Weighting}'; only '{ModelContract.Weighting}' is implemented");
        }

        if (!(window.Overlap >= 0 && window.Overlap < 1))
        {
            throw Refused("slidingWindow.overlap must be at least 0 and below 1");
        }

        if (!(window.SigmaFraction > 0) || !double.IsFinite(window.SigmaFraction))
        {
            throw Refused("slidingWindow.sigmaFraction must be positive");
        }

        if (!(card.Threshold > 0 && card.Threshold <= 1))
        {
            throw Refused("threshold must be above 0 and at most 1");
        }

        if (!string.Equals(card.OutsideBrain, ModelContract.OutsideBrain, StringComparison.Ordinal))
        {
            throw Refused($"outsideBrain is '{card.OutsideBrain}'; only '{ModelContract.OutsideBrain}' is implemented");
        }

        CheckTensors(card, patch);
        return new ModelSettings(
            new ModelGridSettings(spacing, card.RoiMarginMm, patch, normalisation),
            new SlidingWindowSettings(window.Overlap, window.SigmaFraction),
            card.Threshold);
    }

    /// <summary>The card's patchSize (z, y, x) as a grid size (x, y, z).</summary>
    private static GridSize Patch(IReadOnlyList<int> zyx)
    {
        if (zyx.Count != 3 || zyx.Any(n => n < 1))
        {
            throw Refused("patchSize must be three positive voxel counts (z, y, x)");
        }

        return new GridSize(zyx[2], zyx[1], zyx[0]);
    }

    private static double Spacing(IReadOnlyList<double> spacing)
    {
        if (spacing.Count != 3 || spacing.Any(s => !(s > 0) || !double.IsFinite(s)) || spacing.Distinct().Count() != 1)
        {
            throw Refused("spacingMm must be three equal positive millimetre values: the model grid is isotropic");
        }

        return spacing[0];
    }

    private static void CheckTensors(ModelCard card, GridSize patch)
    {
        if (card.Inputs.Count != 1)
        {
            throw Refused($"inputs must list exactly one tensor (it lists {card.Inputs.Count})");
        }

        if (card.Outputs.Count != 1)
        {
            throw Refused($"outputs must list exactly one tensor (it lists {card.Outputs.Count})");
        }

        var input = card.Inputs[0];
        var channels = input.Channels ?? throw Refused("inputs[0].channels is missing");
        if (!channels.SequenceEqual(ModelContract.InputChannels, StringComparer.Ordinal))
        {
            throw Refused($"inputs[0].channels is [{string.Join(", ", channels)}]; the preprocessing makes [{string.Join(", ", ModelContract.InputChannels)}]");
        }

        CheckShape("inputs[0]", input, channels.Count, patch);
        CheckShape("outputs[0]", card.Outputs[0], 1, patch);
    }

    private static void CheckShape(string field, TensorCard tensor, int channels, GridSize patch)
    {
        if (!string.Equals(tensor.Dtype, ModelContract.Dtype, StringComparison.Ordinal))
        {
            throw Refused($"{field}.dtype is '{tensor.Dtype}'; the contract's tensors are {ModelContract.Dtype}");
        }

        long[] expected = [ModelContract.DynamicDimension, channels, patch.Z, patch.Y, patch.X];
        if (!tensor.Shape.SequenceEqual(expected))
        {
            throw Refused($"{field}.shape is {Dimensions(tensor.Shape)}; with {channels} channel(s) and patchSize it must be {Dimensions(expected)} (N open as -1)");
        }
    }

    internal static string Dimensions(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>A refusal of the card, prefixed with its file name.</summary>
    internal static ModelFolderException Refused(string problem) => new($"{ModelCard.FileName}: {problem}");
}
