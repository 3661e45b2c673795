using System.Globalization;
using Hem.Imaging.Metrics;
using Hem.Imaging.Rendering;
using Hem.Imaging.Reporting;
using Hem.Imaging.Tests.Segmentation;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Reporting;

/// <summary>
/// Reports on a small synthetic head (no noise): the deep blob as the baseline hematoma, the
/// same blob grown by 3 mm as the prediction, key images made by <see cref="KeyImageRenderer"/> with the report's
/// outline colours; and a healthy head, where nothing was found.
/// </summary>
internal static class SampleReports
{
    public static readonly DateTimeOffset GeneratedAt = new(2025, 3, 14, 9, 26, 53, TimeSpan.FromHours(1));

    public const string TrainingData = "Trained on synthetic data only: simulated head CT studies; no patient data.";

    private static readonly Lazy<StudyReport> LazyExpanding = new(MakeExpanding);
    private static readonly Lazy<StudyReport> LazyHealthy = new(MakeHealthy);

    /// <summary>About 17 mL at baseline growing to about 28 mL: expansion predicted.</summary>
    public static StudyReport Expanding => LazyExpanding.Value;

    public static StudyReport Healthy => LazyHealthy.Value;

    public const string NoHematomaSentence = "No intracerebral hematoma was found on this scan; no expansion prediction was made.";

    public static string Ml(double ml) => string.Create(CultureInfo.InvariantCulture, $"{ml:0.0} mL");

    /// <summary>The volumes and growth as a report must print them, formatted here rather than by the writers.</summary>
    public static IReadOnlyList<string> FormattedNumbers(StudyReport report)
    {
        double growth = report.PredictedVolumeMl - report.BaselineVolumeMl;
        double percent = 100 * growth / report.BaselineVolumeMl;
        return [Ml(report.BaselineVolumeMl), Ml(report.PredictedVolumeMl), string.Create(CultureInfo.InvariantCulture, $"+{growth:0.0} mL (+{percent:0.0} %)")];
    }

    /// <summary>A report of a study without hematoma says so and claims neither growth nor an expansion verdict.</summary>
    public static void AssertSaysNoHematomaWasFound(string text)
    {
        Assert.Contains(NoHematomaSentence, text);
        Assert.Contains("0.0 mL (none found)", text);
        Assert.DoesNotContain("expansion predicted", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("growth", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Predicted follow-up", text);
    }

    private static StudyReport MakeExpanding()
    {
        var head = new SyntheticHead([SyntheticHead.DeepBlob], noiseSd: 0);
        var baseline = head.BloodTruth();
        var predicted = head.TruthOf(SyntheticHead.DeepBlob.Shape.Grown(3));
        return Report(head.Ct, baseline, predicted) with
        {
            BaselineVolumeMl = MaskVolume.Ml(baseline),
            PredictedVolumeMl = MaskVolume.Ml(predicted),
            AbcOverTwoMl = 15.25,
            Warnings = ["The brain mask is small for an adult head (1010 mL)."],
        };
    }

    private static StudyReport MakeHealthy()
    {
        var head = new SyntheticHead([], noiseSd: 0);
        var nothing = Volume.Zeros<byte>(head.Geometry);
        return Report(head.Ct, nothing, predicted: null);
    }

    private static StudyReport Report(Volume<short> ct, Volume<byte> baseline, Volume<byte>? predicted)
    {
        var outlines = KeyImageColours.Outlines(baseline, predicted);
        var keyImages = KeySliceChooser.Choose(baseline, neighbours: 1).Slices
            .Select(slice => new KeyImage(KeyImageRenderer.RenderPng(ct, outlines, slice), $"slice {slice + 1} of {ct.Size.Z}"))
            .ToList();
        return new StudyReport
        {
            StudyKey = "HEM-7F3A-29C1",
            BaselineVolumeMl = 0,
            PredictedVolumeMl = 0,
            ModelName = "hem-expansion",
            ModelVersion = "1.0.0",
            TrainingDataStatement = TrainingData,
            KeyImages = keyImages,
            Provenance =
            [
                new("Input SHA-256", "3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855a"),
                new("Software", "hem 0.1.0+fcfcd43"),
                new("Model card SHA-256", "f04e6ae4d56b3ef2690d2ddf4b5d4bfcfaef6e32d02b5995ac3bc4ce4c2ef201"),
                new("Timings", "read 1.2 s, brain 2.9 s, hematoma 1.4 s, prediction 0.4 s, report 0.2 s"),
            ],
            GeneratedAt = GeneratedAt,
        };
    }
}
