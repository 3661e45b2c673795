using Hem.Dicom;
using Hem.Dicom.Series;

namespace Hem.Benchmarks;

/// <summary>The measured work: every file of a folder to a Hounsfield-unit volume, as `hem dicom volume` does before writing.</summary>
internal static class SeriesLoad
{
    public static async Task<CtVolume> LoadAsync(string folder, CancellationToken cancellationToken = default)
    {
        var sources = Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(f => new DicomFileSource(f));
        var scan = await SeriesScanner.ScanAsync(sources, cancellationToken);
        var series = scan.LargestCtSeries ?? throw new InvalidOperationException("no CT series in " + folder);
        return await new VolumeBuilder().BuildAsync(series, cancellationToken);
    }
}
