using System.Text;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// Appends accepted events to a JSON-lines file, one event per line, flushed line by line, so a person (or
/// <c>hem demo</c>) can follow what the pipeline published with <c>tail -f</c>. Concurrent publishes take turns: a
/// line is never interleaved with another.
/// </summary>
public sealed class EventsJournal : IAsyncDisposable, IDisposable
{
    private static readonly byte[] NewLine = Encoding.UTF8.GetBytes("\n");

    private readonly FileStream _file;
    private readonly SemaphoreSlim _oneWriter = new(1, 1);

    public EventsJournal(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Readers may follow the file while it is written.
        _file = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 4096, useAsync: true);
    }

    public async Task AppendAsync(IReadOnlyList<TopicEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await _oneWriter.WaitAsync(cancellationToken);
        try
        {
            foreach (var topicEvent in events)
            {
                // Not cancelled once started: a line is written whole or not at all.
                await _file.WriteAsync(topicEvent.Json, CancellationToken.None);
                await _file.WriteAsync(NewLine, CancellationToken.None);
                await _file.FlushAsync(CancellationToken.None);
            }
        }
        finally
        {
            _oneWriter.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        _oneWriter.Dispose();
    }

    public void Dispose()
    {
        _file.Dispose();
        _oneWriter.Dispose();
    }
}
