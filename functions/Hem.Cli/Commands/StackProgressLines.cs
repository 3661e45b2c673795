namespace Hem.Cli.Commands;

/// <summary>
/// Progress as lines on a writer, written at once on the reporting thread under a lock (unlike
/// <see cref="Progress{T}"/>, which posts them to the thread pool, where they could land after the command returned).
/// </summary>
internal sealed class StackProgressLines(TextWriter writer, string prefix) : IProgress<string>
{
    private readonly Lock _lock = new();

    public void Report(string value)
    {
        lock (_lock)
        {
            writer.WriteLine(prefix + value);
        }
    }
}
