using BenchmarkDotNet.Attributes;
using Hem.Dicom.Series;

namespace Hem.Benchmarks;

/// <summary>Read and decode the 28-slice Philips head CT into a HU volume (14.7 MB of pixels).</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class SeriesReadBenchmark
{
    private readonly string _folder = BenchmarkPaths.PhilipsSeries;

    [Benchmark]
    public Task<CtVolume> PhilipsSeriesToHuVolume() => SeriesLoad.LoadAsync(_folder);
}
