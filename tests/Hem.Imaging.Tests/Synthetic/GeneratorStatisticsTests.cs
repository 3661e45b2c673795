using System.Globalization;
using Hem.Imaging.Synthetic;

namespace Hem.Imaging.Tests.Synthetic;

/// <summary>
/// The population the generator draws, measured on 200 cases through the fast path (case plans and masks, no CT):
/// the HE rate, the baseline volume distribution and the location mix must match the targets in Synthetic/README.md.
/// The run seed is fixed, so the figures are the same on every run.
/// </summary>
public sealed class GeneratorStatisticsTests
{
    private const int Cases = 200;
    private const long RunSeed = 20240401;

    private static readonly Lazy<CaseDescription[]> Population = new(Generate);

    private static CaseDescription[] Generate()
    {
        var cases = new CaseDescription[Cases];
        for (int n = 1; n <= Cases; n++)
        {
            var scan = SyntheticGenerator.Case(RunSeed, n, ScanProtocol.FiveMillimetre);
            var masks = HematomaRasterizer.Rasterize(scan);
            cases[n - 1] = CaseDescription.Create(scan, masks, RunSeed, n, []);
        }

        return cases;
    }

    private static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(sorted.Length - 1, low + 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    [Fact]
    public void About_a_quarter_of_cases_meet_the_HE_definition()
    {
        var cases = Population.Value;
        double rate = cases.Count(c => c.He) / (double)cases.Length;
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture, $"HE rate {rate:P1}"));
        Assert.InRange(rate, 0.20, 0.30);
    }

    [Fact]
    public void HE_is_decided_by_the_masks_with_the_standard_definition()
    {
        foreach (var c in Population.Value)
        {
            Assert.Equal(c.FollowupVolumeMl - c.BaselineVolumeMl >= 6 || c.GrowthPercent >= 33, c.He);
        }
    }

    [Fact]
    public void Expansion_is_commoner_with_the_signs_the_literature_links_to_it()
    {
        var cases = Population.Value;
        double With(Func<CaseDescription, bool> sign) => cases.Where(sign).Select(c => c.He ? 1.0 : 0).DefaultIfEmpty(0).Average();
        double Without(Func<CaseDescription, bool> sign) => cases.Where(c => !sign(c)).Select(c => c.He ? 1.0 : 0).DefaultIfEmpty(0).Average();
        Assert.True(With(c => c.Signs.Island) > Without(c => c.Signs.Island), "island sign");
        Assert.True(With(c => c.Signs.Swirl || c.Signs.Blend || c.Signs.BlackHole) > Without(c => c.Signs.Swirl || c.Signs.Blend || c.Signs.BlackHole), "density signs");
        Assert.True(With(c => c.Signs.Irregular) > Without(c => c.Signs.Irregular), "irregular shape");
    }

    [Fact]
    public void Baseline_volumes_range_from_a_few_to_about_a_hundred_millilitres_with_a_median_of_12_to_20()
    {
        var volumes = Population.Value.Select(c => c.BaselineVolumeMl).ToArray();
        double median = Quantile(volumes, 0.5);
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"volumes: min {volumes.Min():0.0} p5 {Quantile(volumes, 0.05):0.0} p25 {Quantile(volumes, 0.25):0.0} median {median:0.0} p75 {Quantile(volumes, 0.75):0.0} p95 {Quantile(volumes, 0.95):0.0} max {volumes.Max():0.0}"));
        Assert.InRange(median, 10, 20);
        Assert.InRange(Quantile(volumes, 0.05), 1.5, 6);
        Assert.InRange(Quantile(volumes, 0.95), 40, 110);
        Assert.All(volumes, v => Assert.InRange(v, 1, 120));
    }

    [Fact]
    public void Locations_follow_the_mix_of_spontaneous_ICH()
    {
        var cases = Population.Value;
        double Share(string location) => cases.Count(c => c.Location == location) / (double)cases.Length;
        TestContext.Current.SendDiagnosticMessage(string.Join(", ", new[] { "basal-ganglia", "thalamus", "lobar", "cerebellum", "brainstem" }
            .Select(l => string.Create(CultureInfo.InvariantCulture, $"{l} {Share(l):P0}"))));
        Assert.InRange(Share("basal-ganglia"), 0.35, 0.50);
        Assert.InRange(Share("thalamus"), 0.10, 0.20);
        Assert.InRange(Share("lobar"), 0.25, 0.35);
        Assert.InRange(Share("cerebellum"), 0.04, 0.12);
        Assert.InRange(Share("brainstem"), 0.01, 0.08);
    }

    [Fact]
    public void Some_hematomas_shrink_or_stay_and_none_is_empty()
    {
        var cases = Population.Value;
        Assert.Contains(cases, c => c.GrowthMl < 0);
        Assert.Contains(cases, c => Math.Abs(c.GrowthPercent) < 3);
        Assert.All(cases, c => Assert.True(c.BaselineVoxels > 0 && c.FollowupVoxels > 0));
    }

    [Fact]
    public void Print_the_population_figures()
    {
        var cases = Population.Value;
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"HE {cases.Count(c => c.He)}/{cases.Length}; drawn {cases.Count(c => c.ExpansionDrawn)}; mean p {cases.Average(c => c.HeProbability):0.000}"),
        };
        foreach (var (name, sign) in new (string, Func<CaseDescription, bool>)[]
        {
            ("irregular", c => c.Signs.Irregular), ("swirl", c => c.Signs.Swirl), ("blend", c => c.Signs.Blend), ("blackHole", c => c.Signs.BlackHole),
            ("island", c => c.Signs.Island), ("ivh", c => c.Signs.Ivh), ("oedema", c => c.Signs.Oedema),
        })
        {
            var with = cases.Where(sign).ToArray();
            var without = cases.Where(c => !sign(c)).ToArray();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {with.Length / (double)cases.Length:P0} of cases; HE {(with.Length == 0 ? 0 : with.Count(c => c.He) / (double)with.Length):P0} with, {without.Count(c => c.He) / (double)without.Length:P0} without"));
        }

        var growth = cases.Where(c => c.He).Select(c => c.GrowthMl).ToArray();
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"growth in expanders: median {Quantile(growth, 0.5):0.0} mL, p90 {Quantile(growth, 0.9):0.0} mL"));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"drawn vs measured HE disagree in {cases.Count(c => c.He != c.ExpansionDrawn)} cases"));
        var volumes = cases.Select(c => c.BaselineVolumeMl).ToArray();
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"baseline mL: min {volumes.Min():0.0} p5 {Quantile(volumes, 0.05):0.0} p25 {Quantile(volumes, 0.25):0.0} median {Quantile(volumes, 0.5):0.0} p75 {Quantile(volumes, 0.75):0.0} p95 {Quantile(volumes, 0.95):0.0} max {volumes.Max():0.0}"));
        lines.Add(string.Join(", ", new[] { "basal-ganglia", "thalamus", "lobar", "cerebellum", "brainstem" }
            .Select(l => string.Create(CultureInfo.InvariantCulture, $"{l} {cases.Count(c => c.Location == l) / (double)cases.Length:P1}"))));
        foreach (string line in lines)
        {
            TestContext.Current.SendDiagnosticMessage(line);
        }

        string? folder = Environment.GetEnvironmentVariable("HEM_SYNTH_DEBUG");
        if (folder is not null)
        {
            File.WriteAllLines(Path.Combine(folder, "population.txt"), lines);
        }
    }
}
