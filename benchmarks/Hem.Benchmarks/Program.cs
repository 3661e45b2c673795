using System.Globalization;
using BenchmarkDotNet.Running;
using Hem.Benchmarks;

// `compare [repeats]`: this project against pydicom, same machine, same run. Anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "compare")
{
    return await SeriesComparison.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15);
}

BenchmarkSwitcher.FromAssembly(typeof(SeriesReadBenchmark).Assembly).Run(args);
return 0;
