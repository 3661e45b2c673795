using System.Net;
using System.Net.Http.Headers;
using Hem.Prediction.Transport;

namespace Hem.Inference.Tests;

/// <summary>
/// A request body that sends its first bytes and then waits for the test to let the rest go: the request holds its
/// slot in the service for exactly as long as the test wants, with no timing involved.
/// </summary>
internal sealed class StalledContent : HttpContent
{
    private readonly byte[] _bytes;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StalledContent(byte[] bytes)
    {
        _bytes = bytes;
        Headers.ContentType = new MediaTypeHeaderValue(VolumeBundle.MediaType);
    }

    public void Release() => _release.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_bytes.AsMemory(0, 16));
        await stream.FlushAsync();
        await _release.Task;
        await stream.WriteAsync(_bytes.AsMemory(16));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }
}
