using BenchmarkDotNet.Attributes;
using Hem.Dicom.Series;
using Hem.Imaging.Resampling;
using Hem.Imaging.Segmentation;
using Hem.Imaging.Volumes;

namespace Hem.Benchmarks;

/// <summary>
/// Imaging steps of the pipeline on the real 28-slice Philips head CT (512 x 512 x 28 at 0.45 x 0.45 x 5 mm), and
/// brain extraction also on the tilted GE head (512 x 611 x 37 at 0.49 x 0.49 x 4 mm), a patient's head.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class ImagingBenchmark
{
    private readonly BrainExtractor _brainExtractor = new();
    private Volume<short> _ct = null!;
    private Volume<short> _tiltedGe = null!;
    private VolumeGeometry _isotropic = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ct = SeriesLoad.LoadAsync(BenchmarkPaths.PhilipsSeries).GetAwaiter().GetResult().ToVolume();
        _isotropic = ResamplingGrids.Isotropic(_ct.Geometry, 1.0);
        _tiltedGe = SeriesLoad.LoadAsync(BenchmarkPaths.TiltedGeSeries).GetAwaiter().GetResult().ToVolume();
    }

    /// <summary>Target (issue 5): under 150 ms on 2 cores.</summary>
    [Benchmark]
    public Volume<float> ResampleTo1MmIsotropic() => Resampler.Trilinear(_ct, _isotropic);

    /// <summary>Target: under 500 ms on 2 cores for a 512 x 512 x ~30 head CT.</summary>
    [Benchmark]
    public BrainExtraction BrainExtractionPhilips() => _brainExtractor.Extract(_ct);

    /// <summary>The same on a real patient's head, with a brain to find.</summary>
    [Benchmark]
    public BrainExtraction BrainExtractionTiltedGe() => _brainExtractor.Extract(_tiltedGe);
}
