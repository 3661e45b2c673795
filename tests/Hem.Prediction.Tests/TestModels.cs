using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Hem.Testing;

namespace Hem.Prediction.Tests;

/// <summary>The test models of Models/ (see Models/README.md), and model folders made from them with edits.</summary>
internal static class TestModels
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "Hem.Prediction.Tests", "Models");

    public static string Dilate => Path.Combine(Folder, "dilate");

    public static string ShiftX => Path.Combine(Folder, "shift-x");

    public static string Variant(string name) => Path.Combine(Folder, "variants", name);

    public static JsonObject DilateCard() => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Dilate, "model.json")))!;

    /// <summary>
    /// A model folder under <paramref name="root"/> holding <paramref name="onnx"/> as model.onnx and the dilate card
    /// after <paramref name="edit"/>; the card's onnxSha256 is that of the copied file unless the edit changes it.
    /// </summary>
    public static string MakeFolder(string root, string onnx, Action<JsonObject>? edit = null)
    {
        string folder = Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string model = Path.Combine(folder, "model.onnx");
        File.Copy(onnx, model);
        var card = DilateCard();
        card["onnxSha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(model)));
        edit?.Invoke(card);
        File.WriteAllText(Path.Combine(folder, "model.json"), card.ToJsonString());
        return folder;
    }
}
