using BenchmarkDotNet.Attributes;
using Hem.Imaging.Synthetic;

namespace Hem.Benchmarks;

/// <summary>
/// One 5 mm <c>hem synth</c> case (run seed 7, case 1: a 15 mL lobar hematoma; about 30 slices of 512 x 512): the case
/// plan alone, the plan with its masks and both CT volumes in memory, and the whole case written as <c>hem synth</c>
/// writes it with its default options (baseline DICOM series, baseline and follow-up CT NIfTI, both masks,
/// case.json) through the same <see cref="SyntheticCaseWriter"/>.
/// </summary>
/// <remarks>
/// A written case is removed after each iteration, outside the measurement: the writer refuses an existing case
/// folder. One invocation per iteration keeps that cleanup between every two writes; a case takes seconds, far above
/// what per-iteration setup can distort.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8, invocationCount: 1)]
public class SyntheticCaseBenchmark
{
    private const long RunSeed = 7;
    private const int CaseNumber = 1;

    /// <summary>What <c>hem synth</c> writes without options beyond --out, --cases and --seed.</summary>
    private static readonly SynthOutputOptions HemSynthDefaults = new();

    private string _root = null!;

    [GlobalSetup]
    public void Setup() => _root = Directory.CreateTempSubdirectory("hem-synth-benchmark-").FullName;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [IterationCleanup(Target = nameof(GenerateAndWriteCase))]
    public void RemoveWrittenCase()
    {
        string folder = Path.Combine(_root, SyntheticGenerator.CaseFolderName(CaseNumber));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The case drawn from its seed: anatomy, pose, scanner, identity, hematoma shape and level, growth.</summary>
    [Benchmark]
    public SyntheticCase PlanCase() => SyntheticGenerator.Case(RunSeed, CaseNumber, ScanProtocol.FiveMillimetre);

    /// <summary>The plan, its baseline and follow-up masks and the CT volumes the writer renders (no files).</summary>
    [Benchmark]
    public RenderedCase GenerateCaseInMemory()
    {
        var scan = SyntheticGenerator.Case(RunSeed, CaseNumber, HemSynthDefaults.Protocol);
        _ = HematomaRasterizer.Rasterize(scan);
        // The request SyntheticCaseWriter makes for these options: the follow-up CT for its NIfTI, no labels.
        return CtRenderer.Render(scan, new RenderRequest { FollowUp = HemSynthDefaults.Nifti || HemSynthDefaults.FollowUpDicom, Labels = HemSynthDefaults.Labels });
    }

    /// <summary>The complete case folder, as one case of <c>hem synth --out DIR --cases 1 --seed 7</c>.</summary>
    [Benchmark]
    public Task<CaseDescription> GenerateAndWriteCase()
    {
        var scan = SyntheticGenerator.Case(RunSeed, CaseNumber, HemSynthDefaults.Protocol);
        return SyntheticCaseWriter.WriteAsync(_root, RunSeed, CaseNumber, scan, HemSynthDefaults);
    }
}
