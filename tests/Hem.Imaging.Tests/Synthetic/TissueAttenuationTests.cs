using System.Globalization;
using Hem.Imaging.Synthetic;

namespace Hem.Imaging.Tests.Synthetic;

/// <summary>
/// Rendered attenuation per tissue, measured where a tissue is pure (every sample through the voxel at least
/// 1.3 mm from any boundary, so neither partial volume nor the blur reaches it), without and with noise, against
/// the published ranges cited in Synthetic/README.md.
/// </summary>
public sealed class TissueAttenuationTests(TissueAttenuationTests.Rendering rendering) : IClassFixture<TissueAttenuationTests.Rendering>
{
    /// <summary>Clearance required, in the purity volume's 0.1 mm units.</summary>
    private const byte Pure = 13;

    public static TheoryData<TissueLabel, double, double, int> Ranges => new()
    {
        // label, published low, high, minimum number of pure voxels measured
        { TissueLabel.WhiteMatter, 25, 32, 10_000 },
        { TissueLabel.GreyMatter, 35, 45, 200 },
        { TissueLabel.DeepGrey, 30, 45, 300 },
        { TissueLabel.Csf, 0, 15, 500 },
        { TissueLabel.Ventricle, 0, 15, 300 },
        { TissueLabel.SoftTissue, 20, 60, 2_000 },
        { TissueLabel.Air, -1005, -995, 100_000 },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Pure_tissue_without_noise_lies_in_the_published_range(TissueLabel label, double low, double high, int minimum)
    {
        var (mean, sd, count) = rendering.Measure(label, noisy: false);
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture, $"{label}: {mean:0.0} HU (sd {sd:0.0}) over {count} voxels, noise-free"));
        Assert.True(count >= minimum, $"{label}: only {count} pure voxels");
        Assert.InRange(mean, low, high);
        Assert.True(sd < 1.5, $"{label}: a pure region without noise varies by {sd:0.0} HU");
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Pure_tissue_with_noise_keeps_its_mean_and_gains_the_scanner_noise(TissueLabel label, double low, double high, int minimum)
    {
        var (clean, _, _) = rendering.Measure(label, noisy: false);
        var (mean, sd, count) = rendering.Measure(label, noisy: true);
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture, $"{label}: {mean:0.0} HU (sd {sd:0.0}) over {count} voxels, with noise"));
        Assert.True(count >= minimum);
        Assert.InRange(mean, low - 1, high + 1);
        Assert.InRange(mean, clean - 1, clean + 1);
        // Brain is given 3-6 HU of noise (more toward the skull base); air is clipped at -1024 only in its far tail.
        Assert.InRange(sd, 2.5, 9);
    }

    [Fact]
    public void Grey_matter_is_denser_than_white_matter_by_a_real_contrast()
    {
        var (grey, _, _) = rendering.Measure(TissueLabel.GreyMatter, noisy: false);
        var (white, _, _) = rendering.Measure(TissueLabel.WhiteMatter, noisy: false);
        Assert.InRange(grey - white, 7, 15);
    }

    [Fact]
    public void Bone_is_bone_and_the_hematoma_is_acute_blood()
    {
        var (bone, _, boneCount) = rendering.Measure(TissueLabel.CorticalBone, noisy: false, purity: 5);
        Assert.True(boneCount > 1_000);
        Assert.InRange(bone, 700, 1900);
        var (blood, _, bloodCount) = rendering.MeasureHematomaCore();
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture, $"bone {bone:0} HU over {boneCount}; hematoma core {blood:0.0} HU over {bloodCount}"));
        Assert.True(bloodCount > 200);
        Assert.InRange(blood, 55, 80);
    }

    [Fact]
    public void Print_the_tissue_table()
    {
        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"case seed {rendering.Case.Seed}, noise sigma {rendering.Case.Scanner.NoiseSigmaHu:0.0} HU, PSF {rendering.Case.Scanner.PsfFwhmMm:0.00} mm") };
        foreach (var label in new[] { TissueLabel.WhiteMatter, TissueLabel.GreyMatter, TissueLabel.DeepGrey, TissueLabel.Csf, TissueLabel.Ventricle, TissueLabel.SoftTissue, TissueLabel.Air, TissueLabel.Brainstem, TissueLabel.Cerebellum })
        {
            var (clean, cleanSd, count) = rendering.Measure(label, noisy: false);
            var (noisy, noisySd, _) = rendering.Measure(label, noisy: true);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{label}: {clean:0.0} HU noise-free (sd {cleanSd:0.0}), {noisy:0.0} HU with noise (sd {noisySd:0.0}), {count} pure voxels; drawn {rendering.Case.Phantom.Densities.Of(label):0.0}"));
        }

        var (bone, _, boneCount) = rendering.Measure(TissueLabel.CorticalBone, noisy: false, purity: 5);
        var (blood, _, bloodCount) = rendering.MeasureHematomaCore();
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"CorticalBone: {bone:0} HU over {boneCount} voxels (0.5 mm clearance); drawn {rendering.Case.Phantom.Densities.CorticalBone:0}"));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Hematoma core: {blood:0.0} HU over {bloodCount} voxels; drawn {rendering.Case.Baseline.Density.BaseHu:0.0}"));
        foreach (string line in lines)
        {
            TestContext.Current.SendDiagnosticMessage(line);
        }

        if (Environment.GetEnvironmentVariable("HEM_SYNTH_DEBUG") is { } folder)
        {
            File.WriteAllLines(Path.Combine(folder, "tissues.txt"), lines);
        }
    }

    /// <summary>A case with a homogeneous hematoma and no oedema or ventricular blood, rendered with and without noise.</summary>
    public sealed class Rendering
    {
        private readonly RenderedCase _clean;
        private readonly RenderedCase _noisy;
        private readonly byte[] _mask;

        public Rendering()
        {
            Case = Enumerable.Range(1, 40)
                .Select(n => SyntheticGenerator.Case(5, n, ScanProtocol.FiveMillimetre))
                .First(c => !c.Signs.Heterogeneous && !c.Signs.Ivh && !c.Signs.Oedema && !c.FollowUpIvh && c.TargetBaselineMl > 8 && c.Location != HematomaLocation.Brainstem);
            _clean = CtRenderer.Render(Case, new RenderRequest { FollowUp = false, Labels = true, Purity = true, NoiseFree = true });
            _noisy = CtRenderer.Render(Case, new RenderRequest { FollowUp = false });
            _mask = HematomaRasterizer.Rasterize(Case).Baseline;
        }

        public SyntheticCase Case { get; }

        public (double Mean, double Sd, int Count) Measure(TissueLabel label, bool noisy, byte purity = Pure)
        {
            var values = noisy ? _noisy.Baseline : _clean.Baseline;
            var labels = _clean.Labels!;
            var pure = _clean.Purity!;
            double sum = 0;
            double squares = 0;
            int count = 0;
            for (int i = 0; i < values.Length; i++)
            {
                if (labels[i] == (byte)label && pure[i] >= purity)
                {
                    sum += values[i];
                    squares += (double)values[i] * values[i];
                    count++;
                }
            }

            double mean = count > 0 ? sum / count : double.NaN;
            return (mean, Math.Sqrt(Math.Max(0, (squares / Math.Max(1, count)) - (mean * mean))), count);
        }

        /// <summary>The hematoma's voxels whose in-plane neighbours two pixels away are hematoma too (clear of the margin).</summary>
        public (double Mean, double Sd, int Count) MeasureHematomaCore()
        {
            var size = Case.Geometry.Size;
            double sum = 0;
            int count = 0;
            for (int z = 0; z < size.Z; z++)
            {
                for (int y = 2; y < size.Y - 2; y++)
                {
                    for (int x = 2; x < size.X - 2; x++)
                    {
                        long i = ((long)z * size.X * size.Y) + ((long)y * size.X) + x;
                        if (_mask[i] == 1 && _mask[i - 2] == 1 && _mask[i + 2] == 1 && _mask[i - (2 * size.X)] == 1 && _mask[i + (2 * size.X)] == 1
                            && _clean.Labels![i] == (byte)TissueLabel.Hematoma)
                        {
                            sum += _clean.Baseline[i];
                            count++;
                        }
                    }
                }
            }

            return (count > 0 ? sum / count : double.NaN, 0, count);
        }
    }
}
