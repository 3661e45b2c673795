using System.Text.Json;
using Hem.LocalHost.Processes;

namespace Hem.LocalHost.Hosting;

/// <summary>
/// <c>stack.json</c> in the stack's folder: where a running local stack listens, so <c>hem submit</c> and <c>hem events</c>
/// find it. Holds the host's address, the storage connection string only when it is Azurite's published development
/// account (no secret), and the events file; the topic and inference keys are not written.
/// </summary>
public sealed record StackDescription(Uri HostUrl, string? StorageConnectionString, Uri InferenceUrl, string EventsFile, int ProcessId)
{
    public const string FileName = "stack.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The description of a stack, keeping the connection string only when it holds no secret.</summary>
    public static StackDescription Of(Uri hostUrl, string storageConnectionString, Uri inferenceUrl, string eventsFile) =>
        new(hostUrl, AzuriteServer.IsDevelopmentAccount(storageConnectionString) ? storageConnectionString : null, inferenceUrl, eventsFile, Environment.ProcessId);

    /// <summary>The storage to submit studies to; a clear error when the stack did not write it down.</summary>
    public string RequireStorage() => StorageConnectionString
        ?? throw new LocalStackException("this stack's storage is not Azurite's development account, so its connection string was not written down; upload studies to its incoming container with your own tools");

    public async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        string path = Path.Combine(folder, FileName);
        string temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(this, Json), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public static void Delete(string folder) => File.Delete(Path.Combine(folder, FileName));

    /// <summary>The running stack described in <paramref name="folder"/>; a clear error when there is none.</summary>
    public static async Task<StackDescription> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new LocalStackException($"no local stack is running with its data in {folder}: start one with `hem up` (or give --stack with the folder `hem up --data` used)");
        }

        try
        {
            return JsonSerializer.Deserialize<StackDescription>(await File.ReadAllTextAsync(path, cancellationToken), Json)
                ?? throw new LocalStackException($"{FileName} in {folder} is empty");
        }
        catch (JsonException ex)
        {
            throw new LocalStackException($"{FileName} in {folder} cannot be read: {ex.Message}", ex);
        }
    }
}
