using Hem.Dicom.Series;
using Hem.Imaging.Segmentation;
using Hem.Imaging.Synthetic;
using Hem.Imaging.Volumes;
using Hem.Prediction.Cards;
using Hem.Prediction.Grid;
using Hem.Prediction.Transport;
using Hem.Prediction.Windows;

namespace Hem.Benchmarks;

/// <summary>One study as the inference service receives it: its model grid, its window count and the request body.</summary>
internal sealed record LoadStudy(string Name, GridSize Grid, int Windows, byte[] Body)
{
    /// <summary>The run seed of the studies (that of the synthetic-case benchmark); case n is study n.</summary>
    public const long RunSeed = 7;

    /// <summary>
    /// Synthetic case <paramref name="caseNumber"/> (5 mm, as <c>hem synth</c> makes it) through what a real caller
    /// does before calling the service: brain extraction on the baseline CT, the model input on the card's grid,
    /// the request bundle.
    /// </summary>
    public static async Task<LoadStudy> MakeAsync(int caseNumber, ModelSettings settings, CancellationToken cancellationToken)
    {
        var scan = SyntheticGenerator.Case(RunSeed, caseNumber, ScanProtocol.FiveMillimetre);
        var ct = new Volume<short>(scan.Geometry, CtRenderer.Render(scan, new RenderRequest { FollowUp = false }).Baseline);
        var mask = new Volume<byte>(scan.Geometry, HematomaRasterizer.Rasterize(scan).Baseline);
        var brain = new BrainExtractor().Extract(ct, cancellationToken).Mask;
        var input = new ModelInputPreparer(settings.Grid).Prepare(ct, mask, brain, cancellationToken)
            ?? throw new InvalidOperationException($"case {caseNumber} has an empty baseline mask");
        var size = input.Grid.Geometry.Size;
        int windows = new GaussianSlidingWindow(settings.Window).Windows(size, settings.Grid.PatchSize).Count;
        using var body = new MemoryStream();
        await VolumeBundleFormat.WriteAsync(body, PredictionBundles.Request(input.ModelInput), cancellationToken);
        return new LoadStudy(SyntheticGenerator.CaseFolderName(caseNumber), size, windows, body.ToArray());
    }
}
