using System.Runtime.InteropServices;
using System.Text.Json;
using Hem.Prediction.Cards;

namespace Hem.Prediction.Onnx;

/// <summary>
/// The reference pair a shipped model folder carries in <c>reference/</c> (docs/MODEL-CONTRACT.md): an input batch
/// and the output PyTorch gave for it, raw little-endian float32, with a tolerance. Running it proves that this
/// runtime, on this machine, computes what training computed: the check for a service's readiness and for tests.
/// </summary>
public static class ModelReference
{
    public const string Folder = "reference";

    public const string FileName = "reference.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, RespectNullableAnnotations = true };

    /// <summary>
    /// Runs the model on the reference input and compares with the reference output; null when the folder has no
    /// reference. A reference that does not fit the model is a <see cref="ModelFolderException"/>.
    /// </summary>
    public static async Task<ReferenceOutcome?> CheckAsync(PredictionModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        string folder = Path.Combine(model.Folder, Folder);
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        ReferenceJson reference;
        try
        {
            reference = JsonSerializer.Deserialize<ReferenceJson>(await File.ReadAllTextAsync(path, cancellationToken), Json)
                ?? throw new ModelFolderException($"{Folder}/{FileName} is null");
        }
        catch (JsonException ex)
        {
            throw new ModelFolderException($"{Folder}/{FileName} is not valid: {ex.Message}", ex);
        }

        var predictor = model.Predictor;
        var patch = predictor.PatchSize;
        int count = reference.Input.Shape.Count > 0 ? (int)reference.Input.Shape[0] : 0;
        long[] input = [count, predictor.InputChannels, patch.Z, patch.Y, patch.X];
        long[] output = [count, 1, patch.Z, patch.Y, patch.X];
        if (count < 1 || !reference.Input.Shape.SequenceEqual(input) || !reference.Output.Shape.SequenceEqual(output))
        {
            throw new ModelFolderException($"{Folder}/{FileName}: the shapes {ModelCardReader.Dimensions(reference.Input.Shape)} and {ModelCardReader.Dimensions(reference.Output.Shape)} do not fit the model (input [N, {predictor.InputChannels}, {patch.Z}, {patch.Y}, {patch.X}], output [N, 1, ...])");
        }

        if (!(reference.Tolerance >= 0))
        {
            throw new ModelFolderException($"{Folder}/{FileName}: tolerance must be 0 or more");
        }

        var inputValues = await ReadFloatsAsync(folder, reference.Input, cancellationToken);
        var expected = await ReadFloatsAsync(folder, reference.Output, cancellationToken);
        var actual = new float[expected.Length];
        await predictor.PredictAsync(inputValues, actual, count, cancellationToken);
        double worst = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double difference = Math.Abs(actual[i] - (double)expected[i]);
            worst = double.IsNaN(difference) ? double.PositiveInfinity : Math.Max(worst, difference);
        }

        return new ReferenceOutcome(worst, reference.Tolerance);
    }

    private static async Task<float[]> ReadFloatsAsync(string folder, ReferenceTensor tensor, CancellationToken cancellationToken)
    {
        if (tensor.File.Length == 0 || Path.GetFileName(tensor.File) != tensor.File)
        {
            throw new ModelFolderException($"{Folder}/{FileName}: '{tensor.File}' must be a file name in {Folder}/, without folders");
        }

        string path = Path.Combine(folder, tensor.File);
        if (!File.Exists(path))
        {
            throw new ModelFolderException($"{Folder}/{tensor.File} is missing");
        }

        byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        long expected = tensor.Shape.Aggregate(1L, (a, b) => a * b) * sizeof(float);
        if (bytes.LongLength != expected)
        {
            throw new ModelFolderException($"{Folder}/{tensor.File} holds {bytes.LongLength} bytes; shape {ModelCardReader.Dimensions(tensor.Shape)} in float32 needs {expected}");
        }

        // Raw little-endian float32, as numpy's tofile writes on the machines that train.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("reference files are little endian and read as they lie in memory");
        }

        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private sealed record ReferenceJson(ReferenceTensor Input, ReferenceTensor Output, double Tolerance);

    private sealed record ReferenceTensor(string File, IReadOnlyList<long> Shape);
}

/// <summary>How far the model's output on the reference input lies from the reference output.</summary>
public sealed record ReferenceOutcome(double MaxAbsoluteDifference, double Tolerance)
{
    public bool Passed => MaxAbsoluteDifference <= Tolerance;
}
