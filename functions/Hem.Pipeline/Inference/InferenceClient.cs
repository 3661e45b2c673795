using System.Globalization;
using System.Net;
using System.Text.Json;
using Hem.Pipeline.Telemetry;
using Hem.Prediction.Grid;
using Hem.Prediction.Transport;

namespace Hem.Pipeline.Inference;

/// <summary>
/// Calls the inference service (docs/INFERENCE-API.md) over HTTP: the model input out as a volume bundle, the
/// follow-up mask (and probability) on the same grid back. Every failure is a <see cref="TransientInferenceException"/>
/// (retry) or a <see cref="PermanentInferenceException"/> (do not); messages name the fault, never a voxel value.
/// A caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class InferenceClient
{
    public const string ApiKeyHeader = "X-Api-Key";

    public const string ModelVersionHeader = "X-Hem-Model-Version";

    public const string WindowsHeader = "X-Hem-Windows";

    private const string ProblemMediaType = "application/problem+json";

    /// <summary>A problem body is a few hundred bytes; a larger error body is not read further.</summary>
    private const int MaxProblemBytes = 64 * 1024;

    private readonly HttpClient _http;
    private readonly InferenceClientOptions _options;

    public InferenceClient(HttpClient http, InferenceClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
    }

    /// <summary>POST /v1/predictions: the prediction on the input's grid, with the probability when <paramref name="probability"/> is set.</summary>
    public async Task<ModelGridPrediction> PredictAsync(ModelInput input, bool probability, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var geometry = input.Ct.Geometry;
        using var request = Request(HttpMethod.Post, probability ? "v1/predictions?probability=true" : "v1/predictions");
        request.Content = new VolumeBundleContent(PredictionBundles.Request(input));
        return await PipelineTelemetry.InSpanAsync(PipelineTelemetry.StartInference(geometry.Size.VoxelCount), async span =>
        {
            var prediction = await SendAsync(request, async (response, token) =>
            {
                if (response.Content.Headers.ContentType?.MediaType != VolumeBundle.MediaType)
                {
                    throw Invalid($"its content type is '{response.Content.Headers.ContentType?.MediaType}', not {VolumeBundle.MediaType}");
                }

                string version = Header(response, ModelVersionHeader) ?? throw Invalid($"it has no {ModelVersionHeader} header");
                if (!int.TryParse(Header(response, WindowsHeader), NumberStyles.None, CultureInfo.InvariantCulture, out int windows))
                {
                    throw Invalid($"it has no whole number in its {WindowsHeader} header");
                }

                await using var body = await response.Content.ReadAsStreamAsync(token);
                var bundle = await VolumeBundleFormat.ReadAsync(body, response.Content.Headers.ContentLength, new BundleLimits(geometry.Size.VoxelCount), token);
                if (bundle.Geometry != geometry)
                {
                    throw Invalid($"its grid ({bundle.Geometry.Size}, origin {bundle.Geometry.Origin}) is not the request's ({geometry.Size}, origin {geometry.Origin})");
                }

                var (mask, map) = PredictionBundles.ReadResponse(bundle);
                if (probability && map is null)
                {
                    throw Invalid($"the probability was asked for and it has no block '{PredictionBundles.FollowupProbability}'");
                }

                return new ModelGridPrediction(mask, probability ? map : null, version, windows);
            }, cancellationToken);
            span?.SetTag("hem.inference.windows", prediction.Windows);
            return prediction;
        });
    }

    /// <summary>GET /v1/model: the served model's card (model.json) as the service's folder holds it.</summary>
    public async Task<string> GetModelCardAsync(CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, "v1/model");
        return await SendAsync(request, (response, token) => response.Content.ReadAsStringAsync(token), cancellationToken);
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.BaseUrl, path));
        if (_options.ApiKey is { } key)
        {
            request.Headers.Add(ApiKeyHeader, key);
        }

        return request;
    }

    /// <summary>Sends the request under the per-call limit and reads a 2xx answer with <paramref name="read"/>; every failure becomes one of the two exceptions.</summary>
    private async Task<T> SendAsync<T>(HttpRequestMessage request, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureAsync(response, limit.Token);
            }

            return await read(response, limit.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The per-call limit or HttpClient's own timeout: the service may answer next time.
            throw new TransientInferenceException($"the inference service did not answer in time (the per-call limit is {_options.Timeout.TotalSeconds:0.###} s)", null, null, null, ex);
        }
        catch (HttpRequestException ex)
        {
            // Connection refused or reset, DNS, TLS: the exception says which, and holds no payload.
            throw new TransientInferenceException($"the inference service at {_options.BaseUrl} could not be reached: {ex.Message}", null, null, null, ex);
        }
        catch (IOException ex)
        {
            throw new TransientInferenceException($"the connection to the inference service broke while reading its answer: {ex.Message}", null, null, null, ex);
        }
        catch (VolumeBundleException ex)
        {
            throw Invalid(ex.Message, ex);
        }
    }

    private static async Task<Exception> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var (type, detail) = await ReadProblemAsync(response, cancellationToken);
        string message = $"the inference service answered HTTP {(int)status}"
            + (type is null ? " without problem details" : $" ({type})")
            + (detail is null ? string.Empty : $": {detail}");
        if (IsTransient(status))
        {
            return new TransientInferenceException(message, status, type, RetryAfter(response));
        }

        return new PermanentInferenceException(message, status, type, detail);
    }

    /// <summary>Busy, not ready, timed out, a gateway's fault or an unexpected server error: another attempt may succeed.</summary>
    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > DateTimeOffset.UtcNow ? date - DateTimeOffset.UtcNow : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The RFC 7807 <c>type</c> and <c>detail</c>, when the body is problem details.</summary>
    private static async Task<(string? Type, string? Detail)> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not (ProblemMediaType or "application/json"))
        {
            return (null, null);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        byte[] buffer = new byte[MaxProblemBytes];
        int length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(buffer.AsMemory(0, length));
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object ? (Text(root, "type"), Text(root, "detail")) : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static PermanentInferenceException Invalid(string why, Exception? innerException = null) =>
        new($"the inference service's answer is not a valid prediction for the request: {why}", HttpStatusCode.OK, null, null, innerException);
}
