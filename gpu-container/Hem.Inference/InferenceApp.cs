using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hem.Inference;

/// <summary>
/// Builds the inference web application: the model loaded and checked at start (<see cref="ModelStartup"/>),
/// /healthz and /readyz open, /v1 behind <see cref="CallerAuthentication"/>, predictions through a concurrency
/// limiter with a bounded queue, problem details for every error.
/// </summary>
public static class InferenceApp
{
    public const string PredictionPolicy = "predictions";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOptions<InferenceOptions>().Bind(builder.Configuration.GetSection(InferenceOptions.Section));
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<ServedModel>();
        builder.Services.AddSingleton<PredictionsInFlight>();
        builder.Services.AddSingleton<PredictionEndpoint>();
        builder.Services.AddHostedService<ModelStartup>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PredictionPolicy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<InferenceOptions>>().Value;
                return RateLimitPartition.GetConcurrencyLimiter(PredictionPolicy, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = settings.MaxConcurrentPredictions,
                    QueueLimit = settings.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var settings = rejected.HttpContext.RequestServices.GetRequiredService<IOptions<InferenceOptions>>().Value;
                rejected.HttpContext.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                var problem = Problems.Unavailable("overloaded", "Overloaded", $"{settings.MaxConcurrentPredictions} predictions are running and {settings.QueueLimit} waiting; try again later");
                await problem.ExecuteAsync(rejected.HttpContext);
            };
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CallerAuthentication>();
        app.UseRateLimiter();
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
        app.MapGet("/readyz", (ServedModel served, PredictionsInFlight inFlight) => served.IsReady
            ? Results.Ok(new
            {
                status = "ready",
                model = served.Model.Card.Name,
                version = served.Model.Card.Version,
                executionProvider = served.Model.ExecutionProvider.Name,
                cudaUnavailableReason = served.Model.ExecutionProvider.CudaUnavailableReason,
                predictionsInFlight = inFlight.Count,
            })
            : Problems.Unavailable("not-ready", "Not ready", served.NotReadyReason ?? "not ready"));
        app.MapGet("/v1/model", (ServedModel served) => served.IsReady
            ? Results.Text(served.CardJson, "application/json")
            : Problems.Unavailable("not-ready", "Not ready", served.NotReadyReason ?? "not ready"));
        app.MapPost("/v1/predictions", (HttpContext context, PredictionEndpoint endpoint, bool? probability) => endpoint.HandleAsync(context, probability ?? false))
            .RequireRateLimiting(PredictionPolicy);
        return app;
    }
}
