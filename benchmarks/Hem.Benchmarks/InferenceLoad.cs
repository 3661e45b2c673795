using System.Globalization;

namespace Hem.Benchmarks;

/// <summary>
/// `inference-load`: times the inference service (gpu-container/Hem.Inference) under 1, 2, 4... concurrent clients
/// with real model inputs made here from synthetic studies; prints latency percentiles, throughput and refusals.
/// </summary>
internal static class InferenceLoad
{
    public const int Studies = 4;

    public static async Task<int> RunAsync(InferenceLoadArguments arguments, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = arguments.Url, Timeout = TimeSpan.FromMinutes(10) };
        var calls = new PredictionCalls(http, arguments.Key);
        var settings = await calls.ModelSettingsAsync(cancellationToken);
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; model grid {settings.Grid}"));
        var studies = new List<LoadStudy>();
        for (int n = 1; n <= Studies; n++)
        {
            var study = await LoadStudy.MakeAsync(n, settings, cancellationToken);
            studies.Add(study);
            Console.WriteLine(string.Create(c, $"study {study.Name} (seed {LoadStudy.RunSeed}, 5 mm): grid {study.Grid}, {study.Windows} windows, {study.Body.Length / 1e6:0.0} MB request"));
        }

        Console.WriteLine("| clients | requests | p50 ms | p95 ms | max ms | studies/s | not 200 |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---|");
        var levels = new List<LoadLevelResult>();
        foreach (int clients in arguments.Clients)
        {
            var level = await LoadLevel.RunAsync(calls, studies, clients, arguments.Requests, cancellationToken);
            levels.Add(level);
            var refused = level.Calls.Where(r => !r.Succeeded).GroupBy(r => $"{(int)r.Status} {r.ProblemType}").Select(g => $"{g.Count()} x {g.Key}");
            Console.WriteLine(string.Create(c, $"| {clients} | {level.Calls.Count} | {level.Percentile(50):0} | {level.Percentile(95):0} | {level.Percentile(100):0} | {level.Throughput:0.00} | {string.Join(", ", refused.DefaultIfEmpty("none"))} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| clients | " + string.Join(" | ", studies.Select(s => s.Name + " p50 ms")) + " |");
        Console.WriteLine("|---:|" + string.Concat(studies.Select(_ => "---:|")));
        foreach (var level in levels)
        {
            Console.WriteLine(string.Create(c, $"| {level.Clients} | {string.Join(" | ", studies.Select(s => level.Percentile(50, s.Name).ToString("0", c)))} |"));
        }

        return 0;
    }
}
