using Hem.Prediction.Transport;

namespace Hem.Inference;

/// <summary>Writes a volume bundle as the response body, with its length.</summary>
public sealed class BundleResult(VolumeBundle bundle) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = VolumeBundle.MediaType;
        response.ContentLength = VolumeBundleFormat.Length(bundle);
        await VolumeBundleFormat.WriteAsync(response.Body, bundle, httpContext.RequestAborted);
    }
}
