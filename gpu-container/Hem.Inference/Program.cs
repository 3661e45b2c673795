using Hem.Inference;

// `Hem.Inference --healthcheck URL` is the container's HEALTHCHECK: the CUDA runtime image has no curl.
if (args.Length == 2 && args[0] == "--healthcheck")
{
    return await HealthProbe.RunAsync(new Uri(args[1]));
}

var app = InferenceApp.Build(args);
await app.RunAsync();
return 0;
