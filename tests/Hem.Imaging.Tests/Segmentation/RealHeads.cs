using Hem.Dicom;
using Hem.Dicom.Series;
using Hem.Imaging.Segmentation;
using Hem.Imaging.Volumes;
using Hem.Testing;

namespace Hem.Imaging.Tests.Segmentation;

/// <summary>A real series as a HU volume with its brain extraction.</summary>
internal sealed record RealHead(Volume<short> Ct, BrainExtraction Brain);

/// <summary>
/// The two real heads among the fixtures, loaded and brain-extracted once per test class: the Philips Ingenuity
/// phantom (a skull of bone-equivalent plastic with plastic inserts in air; no brain, no blood: the negative
/// control) and the GE HiSpeed head (a real patient, gantry tilt 18.5 degrees, uneven slice steps).
/// </summary>
public sealed class RealHeads : IAsyncLifetime
{
    public const string PhilipsPhantom = "ct_series/philips_ingenuity_brain_5mm";
    public const string TiltedGeHead = "ct_series_extra/ge_hispeed_head_tilt";

    private readonly Dictionary<string, RealHead> _heads = new(StringComparer.Ordinal);

    internal RealHead Get(string fixture)
    {
        string folder = Folder(fixture);
        Assert.SkipUnless(Directory.Exists(folder), $"the DICOM fixture {fixture} is not at {RepositoryPaths.DicomFixtures}");
        return _heads[fixture];
    }

    public static string Folder(string fixture) => Path.Combine(RepositoryPaths.DicomFixtures, fixture);

    public static async Task<Volume<short>> LoadAsync(string fixture, CancellationToken cancellationToken)
    {
        var scan = await SeriesScanner.ScanAsync(DicomFileSource.FromFolder(Folder(fixture)), cancellationToken);
        var series = scan.LargestCtSeries ?? throw new InvalidOperationException($"{fixture} holds no CT series");
        return (await new VolumeBuilder().BuildAsync(series, cancellationToken)).ToVolume();
    }

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        foreach (string fixture in (string[])[PhilipsPhantom, TiltedGeHead])
        {
            if (Directory.Exists(Folder(fixture)))
            {
                var ct = await LoadAsync(fixture, cancellationToken);
                _heads[fixture] = new RealHead(ct, new BrainExtractor().Extract(ct, cancellationToken));
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
