using Hem.Inference;

var app = InferenceApp.Build(args);
await app.RunAsync();
