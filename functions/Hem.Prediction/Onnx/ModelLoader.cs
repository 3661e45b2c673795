using System.Security.Cryptography;
using Hem.Prediction.Cards;
using Microsoft.ML.OnnxRuntime;

namespace Hem.Prediction.Onnx;

/// <summary>
/// Opens a model folder (<c>model.json</c> and the ONNX file it names) and refuses, with a
/// <see cref="ModelFolderException"/> naming the problem, anything that would make predictions meaningless: a card
/// that breaks the contract, an ONNX file whose SHA-256 is not the card's, a file ONNX Runtime cannot load, or a
/// graph whose inputs and outputs are not the card's.
/// </summary>
public static class ModelLoader
{
    public static async Task<PredictionModel> LoadAsync(string folder, OnnxPredictorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= OnnxPredictorOptions.Default;
        if (!Directory.Exists(folder))
        {
            throw new ModelFolderException("the model folder does not exist");
        }

        string cardPath = Path.Combine(folder, ModelCard.FileName);
        if (!File.Exists(cardPath))
        {
            throw new ModelFolderException($"the model folder has no {ModelCard.FileName}");
        }

        var card = ModelCardReader.Parse(await File.ReadAllTextAsync(cardPath, cancellationToken));
        var settings = ModelCardReader.Settings(card);
        string onnxPath = Path.Combine(folder, card.OnnxFile);
        if (!File.Exists(onnxPath))
        {
            throw new ModelFolderException($"the model folder has no {card.OnnxFile} (the card's onnxFile)");
        }

        byte[] model = await File.ReadAllBytesAsync(onnxPath, cancellationToken);
        if (card.OnnxSha256 is { } expected)
        {
            string actual = Convert.ToHexStringLower(SHA256.HashData(model));
            if (!string.Equals(actual, expected.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelFolderException($"{card.OnnxFile}'s SHA-256 is {actual}, not the card's onnxSha256 {expected}: the file is not the model the card describes");
            }
        }

        InferenceSession session;
        ExecutionProvider provider;
        try
        {
            (session, provider) = OnnxPatchPredictor.OpenSession(model, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelFolderException($"{card.OnnxFile} cannot be loaded by ONNX Runtime: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        try
        {
            OnnxGraphCheck.Verify(session, card);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        var patch = settings.Grid.PatchSize;
        var predictor = new OnnxPatchPredictor(session, card.Inputs[0].Name, card.Outputs[0].Name, patch, ModelContract.InputChannels.Count);
        return new PredictionModel(Path.GetFullPath(folder), card, settings, predictor, provider);
    }
}
