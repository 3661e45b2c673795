using System.Diagnostics;
using System.Globalization;
using Hem.Prediction.Transport;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Hem.Inference;

/// <summary>
/// POST /v1/predictions: a volume bundle with the model input in, a bundle with the follow-up mask (and the
/// probability with <c>?probability=true</c>) on the same grid out. The request's size is checked before it is
/// read, its header before its data is allocated, its content against the model's card; the whole request has a
/// time limit, and a caller that goes away cancels the model run. Logs sizes and timings, never payload.
/// </summary>
public sealed partial class PredictionEndpoint(ServedModel served, PredictionsInFlight inFlight, IOptions<InferenceOptions> options, ILogger<PredictionEndpoint> logger)
{
    public const string ModelVersionHeader = "X-Hem-Model-Version";

    public const string WindowsHeader = "X-Hem-Windows";

    public async Task<IResult> HandleAsync(HttpContext context, bool probability = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var entered = inFlight.Enter();
        var settings = options.Value;
        if (!served.IsReady)
        {
            context.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Unavailable("not-ready", "Not ready", served.NotReadyReason ?? "the model is not ready");
        }

        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.MediaType.Equals(VolumeBundle.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType(request.ContentType);
        }

        long limit = settings.MaxRequestBytes;
        if (request.ContentLength > limit)
        {
            return Problems.TooLarge(limit);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.RequestTimeoutSeconds));
        var clock = Stopwatch.StartNew();
        try
        {
            var bundle = await VolumeBundleFormat.ReadAsync(request.Body, request.ContentLength, new BundleLimits(settings.MaxVoxels), timeout.Token);
            var input = PredictionBundles.ReadRequest(bundle, served.Model.Settings);
            long readMs = clock.ElapsedMilliseconds;
            var probabilityMap = await served.Predictor.ProbabilityAsync(input, timeout.Token);
            var mask = served.Predictor.Threshold(probabilityMap);
            int windows = served.Predictor.Windows(input.Ct.Size);
            LogPrediction(logger, input.Ct.Size.ToString(), windows, readMs, clock.ElapsedMilliseconds);
            context.Response.Headers[ModelVersionHeader] = served.Model.Card.Version;
            context.Response.Headers[WindowsHeader] = windows.ToString(CultureInfo.InvariantCulture);
            return new BundleResult(PredictionBundles.Response(mask, probability ? probabilityMap : null));
        }
        catch (VolumeBundleException ex)
        {
            LogRefused(logger, ex.Problem.ToString());
            return Problems.Of(ex);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge(limit);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            LogTimedOut(logger, clock.ElapsedMilliseconds);
            context.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.TimedOut(settings.RequestTimeoutSeconds);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away: its model run has stopped and nobody reads an answer.
            LogAbandoned(logger, clock.ElapsedMilliseconds);
            return Results.Empty;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Prediction on a {Grid} grid: {Windows} windows, request read in {ReadMs} ms, done in {TotalMs} ms")]
    private static partial void LogPrediction(ILogger logger, string grid, int windows, long readMs, long totalMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Prediction refused: {Problem}")]
    private static partial void LogRefused(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Prediction abandoned by its caller after {Milliseconds} ms")]
    private static partial void LogAbandoned(ILogger logger, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prediction timed out after {Milliseconds} ms")]
    private static partial void LogTimedOut(ILogger logger, long milliseconds);
}
