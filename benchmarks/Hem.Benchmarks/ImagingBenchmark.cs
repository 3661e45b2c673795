using BenchmarkDotNet.Attributes;
using Hem.Dicom.Series;
using Hem.Imaging.Resampling;
using Hem.Imaging.Volumes;

namespace Hem.Benchmarks;

/// <summary>Imaging steps of the pipeline on the real 28-slice Philips head CT (512 x 512 x 28 at 0.45 x 0.45 x 5 mm).</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class ImagingBenchmark
{
    private Volume<short> _ct = null!;
    private VolumeGeometry _isotropic = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ct = SeriesLoad.LoadAsync(BenchmarkPaths.PhilipsSeries).GetAwaiter().GetResult().ToVolume();
        _isotropic = ResamplingGrids.Isotropic(_ct.Geometry, 1.0);
    }

    /// <summary>Target (issue 5): under 150 ms on 2 cores.</summary>
    [Benchmark]
    public Volume<float> ResampleTo1MmIsotropic() => Resampler.Trilinear(_ct, _isotropic);
}
