namespace Hem.Prediction.Preparation;

/// <summary>
/// Writes a case folder all at once: its files go into a hidden staging sibling, renamed to the case's name only
/// when every file is written; on failure or cancellation the staging folder is deleted.
/// </summary>
public static class CaseFolder
{
    public static async Task WriteAsync(string outputFolder, string name, Func<string, Task> writeFiles, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(writeFiles);
        string final = Path.Combine(outputFolder, name);
        if (Path.Exists(final))
        {
            throw new IOException($"{name} already exists in the output folder");
        }

        string staging = Path.Combine(outputFolder, $".{name}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(staging);
        try
        {
            await writeFiles(staging);
            cancellationToken.ThrowIfCancellationRequested();
            Directory.Move(staging, final);
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }
}
