using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Hem.Benchmarks;

/// <summary>
/// `compare`: times this project's series read and pydicom's (Debian python3-pydicom) on the same machine in the
/// same run, and samples the managed heap during one load for its peak above the starting heap.
/// </summary>
internal static class SeriesComparison
{
    public static async Task<int> RunAsync(int repeats)
    {
        string folder = BenchmarkPaths.PhilipsSeries;
        var warm = await SeriesLoad.LoadAsync(folder);
        long pixelBytes = warm.Voxels.LongLength * sizeof(short);

        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            await SeriesLoad.LoadAsync(folder);
            times.Add(clock.Elapsed.TotalSeconds);
        }

        long peak = await PeakHeapGrowthAsync(folder);
        times.Sort();
        double median = times[times.Count / 2];
        var pydicom = await RunPydicomAsync(folder, repeats);
        double pyMedian = pydicom.GetProperty("medianSeconds").GetDouble();

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}"));
        Console.WriteLine(string.Create(c, $"pixel bytes: {pixelBytes} ({warm.Size})"));
        Console.WriteLine(string.Create(c, $"Hem.Dicom : best {times[0] * 1000:0.0} ms, median {median * 1000:0.0} ms, {pixelBytes / 1e6 / median:0} MB/s, peak heap growth {peak / 1e6:0.0} MB = {(double)peak / pixelBytes:0.00} x pixel bytes"));
        Console.WriteLine(string.Create(c, $"pydicom   : best {pydicom.GetProperty("bestSeconds").GetDouble() * 1000:0.0} ms, median {pyMedian * 1000:0.0} ms, {pydicom.GetProperty("mbPerSecondMedian").GetDouble():0} MB/s, peak traced {pydicom.GetProperty("peakTracedBytes").GetInt64() / 1e6:0.0} MB ({pydicom.GetProperty("tool").GetString()})"));
        Console.WriteLine(string.Create(c, $"speed-up  : {pyMedian / median:0.0} x pydicom (median)"));
        return 0;
    }

    private static async Task<long> PeakHeapGrowthAsync(string folder)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        long start = GC.GetTotalMemory(forceFullCollection: true);
        long peak = start;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            // Polling the heap size is coarse but honest: it sees every live allocation that outlasts a sample.
            while (!done.IsCancellationRequested)
            {
                long now = GC.GetTotalMemory(forceFullCollection: false);
                if (now > Interlocked.Read(ref peak))
                {
                    Interlocked.Exchange(ref peak, now);
                }

                Thread.SpinWait(2000);
            }
        });
        var volume = await SeriesLoad.LoadAsync(folder);
        long end = GC.GetTotalMemory(forceFullCollection: false);
        await done.CancelAsync();
        await sampler;
        GC.KeepAlive(volume);
        return Math.Max(Interlocked.Read(ref peak), end) - start;
    }

    private static async Task<JsonElement> RunPydicomAsync(string folder, int repeats)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pydicom_series.py"));
        start.ArgumentList.Add(folder);
        start.ArgumentList.Add(repeats.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("/usr/bin/python3 did not start");
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("pydicom_series.py failed (is python3-pydicom installed?)");
        }

        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
