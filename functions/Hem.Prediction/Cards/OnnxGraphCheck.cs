using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hem.Prediction.Cards;

/// <summary>
/// Checks that the ONNX graph is the one its card describes: the same single input and output names, float32,
/// rank 5, an open batch dimension, the card's channel counts and fixed spatial dimensions equal to patchSize.
/// </summary>
internal static class OnnxGraphCheck
{
    public static void Verify(InferenceSession session, ModelCard card)
    {
        Verify("inputs[0]", card.Inputs[0], session.InputMetadata, "input", card.OnnxFile);
        Verify("outputs[0]", card.Outputs[0], session.OutputMetadata, "output", card.OnnxFile);
    }

    private static void Verify(string field, TensorCard tensor, IReadOnlyDictionary<string, NodeMetadata> graph, string kind, string onnxFile)
    {
        string names = string.Join(", ", graph.Keys.Order(StringComparer.Ordinal).Select(n => $"'{n}'"));
        if (!graph.TryGetValue(tensor.Name, out var node))
        {
            throw ModelCardReader.Refused($"{field}.name is '{tensor.Name}', but {onnxFile} has no {kind} of that name (its {kind}s: {names})");
        }

        if (graph.Count != 1)
        {
            throw ModelCardReader.Refused($"{onnxFile} has {graph.Count} {kind}s ({names}); the contract has exactly one");
        }

        string at = $"{onnxFile}'s {kind} '{tensor.Name}'";
        if (!node.IsTensor || node.ElementDataType != TensorElementType.Float)
        {
            throw ModelCardReader.Refused($"{field}.dtype is {tensor.Dtype}, but {at} is {(node.IsTensor ? node.ElementDataType.ToString() : node.OnnxValueType.ToString())}");
        }

        long[] dims = [.. node.Dimensions.Select(d => (long)d)];
        if (dims.Length != tensor.Shape.Count)
        {
            throw ModelCardReader.Refused($"{field}.shape has rank {tensor.Shape.Count}, but {at} has rank {dims.Length} ({ModelCardReader.Dimensions(dims)})");
        }

        if (dims[0] != ModelContract.DynamicDimension)
        {
            throw ModelCardReader.Refused($"{at} has a fixed batch size of {dims[0]}; the contract needs N open (-1 in {field}.shape)");
        }

        if (dims[1] != tensor.Shape[1])
        {
            throw ModelCardReader.Refused($"{field}.shape has {tensor.Shape[1]} channel(s), but {at} has {(dims[1] < 0 ? "an open channel count" : dims[1].ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        }

        if (!dims.Skip(2).SequenceEqual(tensor.Shape.Skip(2)))
        {
            throw ModelCardReader.Refused($"patchSize {ModelCardReader.Dimensions(tensor.Shape.Skip(2))} (z, y, x) disagrees with {at}, whose spatial dimensions are {ModelCardReader.Dimensions(dims.Skip(2))} (-1 = open)");
        }
    }
}
