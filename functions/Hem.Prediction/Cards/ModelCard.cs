using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hem.Prediction.Cards;

/// <summary>
/// <c>model.json</c>, the card beside <c>model.onnx</c> (docs/MODEL-CONTRACT.md, "Model card"): what the graph
/// takes and gives, the model grid and preprocessing it was trained on, how to tile and threshold it, and what it
/// was trained on. Lists run in the card's axis order (z, y, x). <see cref="ModelCardReader"/> reads and checks it.
/// </summary>
public sealed record ModelCard
{
    public const string FileName = "model.json";

    public required string Name { get; init; }

    public required string Version { get; init; }

    public string? Description { get; init; }

    /// <summary>The ONNX file's name in the model folder (no folders).</summary>
    public required string OnnxFile { get; init; }

    /// <summary>The ONNX file's SHA-256 in hex; when present, a file with other bytes is refused.</summary>
    public string? OnnxSha256 { get; init; }

    public int? Opset { get; init; }

    public required IReadOnlyList<TensorCard> Inputs { get; init; }

    public required IReadOnlyList<TensorCard> Outputs { get; init; }

    public required string AxisOrder { get; init; }

    public required IReadOnlyList<double> SpacingMm { get; init; }

    public required IReadOnlyList<int> PatchSize { get; init; }

    public required double RoiMarginMm { get; init; }

    public required string IntensityNormalisation { get; init; }

    public required SlidingWindowCard SlidingWindow { get; init; }

    public required double Threshold { get; init; }

    public required string OutsideBrain { get; init; }

    public string? TrainingData { get; init; }

    /// <summary>Free-form: how the model was trained (read and kept, never interpreted).</summary>
    public JsonElement? Training { get; init; }

    /// <summary>Free-form: how the model scored (read and kept, never interpreted).</summary>
    public JsonElement? Evaluation { get; init; }

    /// <summary>How cards are read and written: camelCase names, null only where a property may be absent.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>One input or output tensor as the card states it.</summary>
public sealed record TensorCard
{
    public required string Name { get; init; }

    public required string Dtype { get; init; }

    /// <summary>Dimensions, -1 where the graph leaves one open (the batch N).</summary>
    public required IReadOnlyList<long> Shape { get; init; }

    /// <summary>The inputs' channels in order.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>What an output's values are.</summary>
    public string? Meaning { get; init; }
}

/// <summary>The card's sliding-window settings.</summary>
public sealed record SlidingWindowCard
{
    public required double Overlap { get; init; }

    public required string Weighting { get; init; }

    public required double SigmaFraction { get; init; }
}
