using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hem.Imaging.Nifti;
using Hem.Prediction.Cards;
using Hem.Prediction.Grid;

namespace Hem.Prediction.Preparation;

/// <summary>
/// <c>preprocessing.json</c>: the settings every case of a prepared folder was made with, so training can state
/// them in the model card. Lists run z, y, x (<see cref="AxisOrder"/>).
/// </summary>
public sealed record PreprocessingManifest(
    double SpacingMm,
    double RoiMarginMm,
    IReadOnlyList<int> PatchSize,
    string IntensityNormalisation,
    string AxisOrder,
    string Tool,
    string ToolVersion)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // A file, never HTML: keep the '+' of a version's build metadata readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static PreprocessingManifest For(ModelGridSettings settings, string tool)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var p = settings.PatchSize;
        string version = typeof(PreprocessingManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return new PreprocessingManifest(settings.SpacingMm, settings.RoiMarginMm, [p.Z, p.Y, p.X], settings.Normalisation.Name, ModelContract.AxisOrder, tool, version);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>
    /// Writes the manifest into <paramref name="folder"/>, or keeps one with the same settings (cases may be added
    /// to a prepared folder by a later version); other settings mean the folder holds another preparation, which is
    /// refused rather than mixed.
    /// </summary>
    public async Task WriteAsync(string folder, CancellationToken cancellationToken = default)
    {
        string path = Path.Combine(folder, PreparedLayout.Manifest);
        if (File.Exists(path))
        {
            PreprocessingManifest? existing;
            try
            {
                existing = JsonSerializer.Deserialize<PreprocessingManifest>(await File.ReadAllTextAsync(path, cancellationToken), Json);
            }
            catch (JsonException)
            {
                existing = null;
            }

            if (existing is null || !SameSettings(existing))
            {
                throw new IOException($"the output folder already holds a {PreparedLayout.Manifest} with other settings than this run's ({this}); use another folder");
            }

            return;
        }

        await AtomicFile.WriteAsync(path, (stream, token) => stream.WriteAsync(Encoding.UTF8.GetBytes(ToJson()), token).AsTask(), cancellationToken);
    }

    private bool SameSettings(PreprocessingManifest other) =>
        SpacingMm == other.SpacingMm
        && RoiMarginMm == other.RoiMarginMm
        && PatchSize.SequenceEqual(other.PatchSize)
        && string.Equals(IntensityNormalisation, other.IntensityNormalisation, StringComparison.Ordinal)
        && string.Equals(AxisOrder, other.AxisOrder, StringComparison.Ordinal);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{SpacingMm:0.###} mm, margin {RoiMarginMm:0.###} mm, patch {string.Join(" x ", PatchSize)} (z, y, x), {IntensityNormalisation}");
}
