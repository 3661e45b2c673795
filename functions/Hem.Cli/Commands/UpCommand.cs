using System.CommandLine;
using Hem.LocalHost.Hosting;
using Hem.LocalHost.Processes;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem up</c>: the local stack (Azurite, the inference service, the pipeline host) on loopback until Ctrl+C. Prints
/// where each part listens; <c>hem submit</c> and <c>hem events</c> find it through <c>stack.json</c> in its folder.
/// </summary>
public static class UpCommand
{
    public const string DefaultDataFolder = ".hem";

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = $"The stack's folder: Azurite's data, the de-identification key, the events file (default {DefaultDataFolder}). Keep it to keep studies, runs and results across restarts.", DefaultValueFactory = _ => DefaultDataFolder };
        var port = new Option<int>("--port") { Description = "The pipeline host's port on 127.0.0.1 (intake, status, health, result topic); 0 picks a free one.", DefaultValueFactory = _ => 7071 };
        var azuritePort = new Option<int>("--azurite-port") { Description = "Azurite's blob port (queue and table use the next two). An Azurite already answering there is used; 0 starts one on free ports.", DefaultValueFactory = _ => AzuriteServer.DefaultPorts.Blob };
        var inferencePort = new Option<int>("--inference-port") { Description = "The port of the inference service this starts; 0 picks a free one.", DefaultValueFactory = _ => 5080 };
        var inferenceUrl = new Option<Uri?>("--inference-url") { Description = "Use a running inference service instead of starting one (with --inference-key)." };
        var inferenceKey = new Option<string?>("--inference-key") { Description = "The API key of the service given by --inference-url (default: HEM_INFERENCE_API_KEY)." };
        var model = new Option<string?>("--model") { Description = "The model folder the inference service serves (default: the repository's models/hem-expansion)." };
        var keyFile = new Option<string?>("--key-file") { Description = $"The de-identification key file (base64 of at least 32 bytes); by default {DeidentificationKeyFile.DefaultName} in the stack's folder, made on first start." };
        var subscribers = new Option<Uri[]>("--subscriber") { Description = "A webhook that receives every result event (CloudEvents 1.0, one per request, retried). Repeat for more.", AllowMultipleArgumentsPerToken = false };
        var telemetry = new Option<bool>("--telemetry") { Description = "Write the pipeline's OpenTelemetry traces and metrics to the console." };
        var storage = new Option<string?>("--storage") { Description = "Containers only: a storage connection string to use instead of an Azurite on loopback (e.g. the compose file's Azurite). Defaults to the HEM_STORAGE environment variable." };
        var listen = new Option<string>("--listen") { Description = "Containers only: the address the host listens on (0.0.0.0 inside a container whose port the engine publishes to the machine's loopback).", DefaultValueFactory = _ => "127.0.0.1" };
        listen.Validators.Add(result =>
        {
            if (!System.Net.IPAddress.TryParse(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError("--listen takes an IP address, e.g. 127.0.0.1 or 0.0.0.0");
            }
        });
        var topicKey = new Option<string?>("--topic-key") { Description = "The local result topic's key, for another process that publishes to it (default: random per start; HEM_TOPIC_KEY)." };
        var command = new Command("up",
            "Run the local stack until Ctrl+C: Azurite (started from tools/azurite unless one answers on its ports), the inference service as its own process, and the pipeline host: " +
            "the StudyPipeline orchestration on the Durable Task worker with its state in Azurite, the intake webhook, the status API, a local result topic (events also appended to events.jsonl) " +
            "and a development event source that turns new blobs in the incoming container into BlobCreated events. Everything listens on 127.0.0.1. " +
            "Exit codes: 0 stopped by Ctrl+C; 2 the stack could not start (the reason on stderr).")
        {
            data, port, azuritePort, inferencePort, inferenceUrl, inferenceKey, model, keyFile, subscribers, telemetry, storage, listen, topicKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int blob = parse.GetValue(azuritePort);
            var options = new LocalStackOptions
            {
                DataFolder = parse.GetValue(data)!,
                HostPort = parse.GetValue(port),
                AzuritePorts = blob == 0 ? null : new AzuritePorts(blob, blob + 1, blob + 2),
                InferencePort = parse.GetValue(inferencePort),
                InferenceUrl = parse.GetValue(inferenceUrl),
                InferenceApiKey = parse.GetValue(inferenceKey) ?? NonEmpty(Environment.GetEnvironmentVariable("HEM_INFERENCE_API_KEY")),
                ModelFolder = parse.GetValue(model),
                KeyFile = parse.GetValue(keyFile),
                Subscribers = parse.GetValue(subscribers) ?? [],
                ConsoleTelemetry = parse.GetValue(telemetry),
                StorageConnectionString = parse.GetValue(storage) ?? NonEmpty(Environment.GetEnvironmentVariable("HEM_STORAGE")),
                ListenAddress = System.Net.IPAddress.Parse(parse.GetValue(listen)!),
                TopicKey = parse.GetValue(topicKey) ?? NonEmpty(Environment.GetEnvironmentVariable("HEM_TOPIC_KEY")),
            };
            return await RunAsync(options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static async Task<int> RunAsync(LocalStackOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (options.InferenceUrl is not null && string.IsNullOrEmpty(options.InferenceApiKey))
        {
            await stderr.WriteLineAsync("hem up: --inference-url needs --inference-key");
            return StackFailures.Unusable;
        }

        LocalStack stack;
        try
        {
            stack = await LocalStack.StartAsync(options, new StackProgressLines(stderr, "hem up: "), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception ex) when (StackFailures.IsStartFailure(ex))
        {
            await stderr.WriteLineAsync("hem up: " + StackFailures.Describe(ex));
            return StackFailures.Unusable;
        }

        await using (stack)
        {
            foreach (string line in Where(stack, options))
            {
                await stdout.WriteLineAsync(line);
            }

            await stdout.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await stderr.WriteLineAsync("hem up: stopping");
            }
        }

        await stderr.WriteLineAsync("hem up: stopped");
        return 0;
    }

    private static IEnumerable<string> Where(LocalStack stack, LocalStackOptions options)
    {
        var host = stack.Host;
        string data = Path.GetFullPath(options.DataFolder);
        yield return $"pipeline host      {host.BaseUrl}  (intake POST {host.IntakeUrl.AbsolutePath}, status GET /api/studies/{{studyKey|instanceId}}, health GET /api/health)";
        yield return $"result topic       {host.TopicEndpoint}  (events also in {stack.Description.EventsFile})";
        yield return $"durable backend    {host.SidecarAddress}  (task hub {LocalHostOptions.DefaultTaskHub} in Azurite)";
        yield return stack.Azurite is { } azurite
            ? $"Azurite            {azurite.BlobEndpoint}  ({(stack.StartedAzurite ? "started, data in " + Path.Combine(data, "azurite") : "already running")}); drop studies into container incoming"
            : "storage            the given connection; drop studies into container incoming";
        yield return $"inference service  {stack.InferenceUrl}  ({(stack.StartedInference ? "started" : "given")})";
        yield return $"submit a study:    hem submit <zip|folder|nifti>{(options.DataFolder == DefaultDataFolder ? "" : " --stack " + options.DataFolder)}";
        yield return "stop:              Ctrl+C";
    }
}

/// <summary>How the local stack's commands report a stack that cannot start or be reached.</summary>
internal static class StackFailures
{
    public const int Unusable = 2;

    public static bool IsStartFailure(Exception exception) =>
        exception is LocalStackException or IOException or UnauthorizedAccessException or Azure.RequestFailedException or HttpRequestException or System.ComponentModel.Win32Exception or InvalidOperationException;

    public static string Describe(Exception exception) => exception switch
    {
        LocalStackException => exception.Message,
        System.ComponentModel.Win32Exception => "a program of the stack could not be started (is Node.js on PATH?): " + exception.Message,
        Azure.RequestFailedException storage => $"storage answered {storage.Status} ({storage.ErrorCode})",
        _ => $"{exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}",
    };
}
