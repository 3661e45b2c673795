using System.Runtime.CompilerServices;
using Azure.Messaging;

namespace Hem.LocalHost.Client;

/// <summary>
/// Reads the local topic's events file (one CloudEvent per line, appended as events are published): every event from
/// a position on, and then, when following, each new one as it is written. A line being written is read once whole.
/// </summary>
public sealed class EventsFile(string path)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public string Path { get; } = path;

    /// <summary>The file's length now: reading from here gives only events published from now on.</summary>
    public long End() => File.Exists(Path) ? new FileInfo(Path).Length : 0;

    public async IAsyncEnumerable<CloudEvent> ReadAsync(long from, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long position = from;
        var pending = new List<byte>();
        var buffer = new byte[1 << 16];
        while (!cancellationToken.IsCancellationRequested)
        {
            if (File.Exists(Path))
            {
                await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Seek(position, SeekOrigin.Begin);
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    position += read;
                    pending.AddRange(buffer.AsSpan(0, read));
                    int newline;
                    while ((newline = pending.IndexOf((byte)'\n')) >= 0)
                    {
                        byte[] line = [.. pending.GetRange(0, newline)];
                        pending.RemoveRange(0, newline + 1);
                        if (line.Length > 0 && CloudEvent.Parse(BinaryData.FromBytes(line)) is { } parsed)
                        {
                            yield return parsed;
                        }
                    }
                }
            }

            if (!follow)
            {
                yield break;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
