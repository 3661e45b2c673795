using System.Globalization;
using BenchmarkDotNet.Running;
using Hem.Benchmarks;

// `compare [repeats]`: this project against pydicom, same machine, same run.
if (args.Length > 0 && args[0] == "compare")
{
    return await SeriesComparison.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15);
}

// `inference-load --url URL --key KEY [--requests N] [--clients 1,2,4]`: the inference service under concurrent clients.
if (args.Length > 0 && args[0] == "inference-load")
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    InferenceLoadArguments arguments;
    try
    {
        arguments = InferenceLoadArguments.Parse(args[1..]);
    }
    catch (Exception ex) when (ex is ArgumentException or FormatException)
    {
        Console.Error.WriteLine($"inference-load: {ex.Message} (usage: {InferenceLoadArguments.Usage})");
        return 2;
    }

    return await InferenceLoad.RunAsync(arguments, stop.Token);
}

// `stack-latency [studies]`: the local stack from upload to Completed event, per step (docs/PERFORMANCE.md).
if (args.Length > 0 && args[0] == "stack-latency")
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    return await StackLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10, stop.Token);
}

// `backfill-throughput [studies] [1,2,4]`: backfill studies per minute by concurrency (docs/PERFORMANCE.md).
if (args.Length > 0 && args[0] == "backfill-throughput")
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    int studies = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 12;
    int[] levels = args.Length > 2 ? [.. args[2].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))] : [1, 2, 4];
    return await BackfillThroughput.RunAsync(studies, levels, stop.Token);
}

// Anything else goes to BenchmarkDotNet.
BenchmarkSwitcher.FromAssembly(typeof(SeriesReadBenchmark).Assembly).Run(args);
return 0;
