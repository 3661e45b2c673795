namespace Hem.Prediction.Cards;

/// <summary>The fixed words of docs/MODEL-CONTRACT.md that a card must use.</summary>
public static class ModelContract
{
    public const string Dtype = "float32";

    /// <summary>Tensor dimensions run [N, C, Z, Y, X]; the card's lists of three run z, y, x.</summary>
    public const string AxisOrder = "zyx";

    public const string Weighting = "gaussian";

    public const string OutsideBrain = "zero";

    public const int Rank = 5;

    /// <summary>The batch dimension in a card's shape: left open.</summary>
    public const long DynamicDimension = -1;

    /// <summary>The input channels <see cref="Grid.ModelInputPreparer"/> makes, in order.</summary>
    public static IReadOnlyList<string> InputChannels { get; } = ["ct-brain-window", "baseline-mask"];
}
