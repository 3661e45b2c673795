using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hem.Prediction.Cards;
using Hem.Prediction.Transport;

namespace Hem.Benchmarks;

/// <summary>One call's outcome: the study sent, its HTTP status, the problem type of a refusal, and the time to the whole response.</summary>
internal sealed record CallResult(string Study, HttpStatusCode Status, string? ProblemType, double Milliseconds)
{
    public bool Succeeded => Status == HttpStatusCode.OK;
}

/// <summary>The inference service's API as a caller uses it: the model card, and predictions timed end to end.</summary>
internal sealed class PredictionCalls(HttpClient http, string key)
{
    /// <summary>The settings of the card the service serves (GET /v1/model), so the studies are made for its model.</summary>
    public async Task<ModelSettings> ModelSettingsAsync(CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, "/v1/model");
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return ModelCardReader.Settings(ModelCardReader.Parse(await response.Content.ReadAsStringAsync(cancellationToken)));
    }

    /// <summary>POST /v1/predictions with one study; the clock stops when the whole response body has arrived.</summary>
    public async Task<CallResult> PredictAsync(LoadStudy study, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "/v1/predictions");
        request.Content = new ByteArrayContent(study.Body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(VolumeBundle.MediaType);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        double ms = clock.Elapsed.TotalMilliseconds;
        string? problem = response.IsSuccessStatusCode ? null : await ProblemTypeAsync(response, cancellationToken);
        return new CallResult(study.Name, response.StatusCode, problem, ms);
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Api-Key", key);
        return request;
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return problem.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
