using System.Net;
using System.Net.Http.Headers;
using Hem.Prediction.Transport;

namespace Hem.Pipeline.Inference;

/// <summary>A volume bundle as a request body, written straight to the connection, with its Content-Length.</summary>
internal sealed class VolumeBundleContent : HttpContent
{
    private readonly VolumeBundle _bundle;

    public VolumeBundleContent(VolumeBundle bundle)
    {
        _bundle = bundle;
        Headers.ContentType = new MediaTypeHeaderValue(VolumeBundle.MediaType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        VolumeBundleFormat.WriteAsync(stream, _bundle);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        VolumeBundleFormat.WriteAsync(stream, _bundle, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = VolumeBundleFormat.Length(_bundle);
        return true;
    }
}
