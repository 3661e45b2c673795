namespace Hem.Inference;

/// <summary>
/// Builds the inference web application. Until the model issue lands it loads no model: it is alive, and it
/// says plainly that it is not ready.
/// </summary>
public static class InferenceApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
        app.MapGet("/readyz", () => Results.Problem(
            title: "Not ready",
            detail: "No model is loaded: the inference service gains its model in the model and inference issues.",
            statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
