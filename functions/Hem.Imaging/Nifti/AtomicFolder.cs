namespace Hem.Imaging.Nifti;

/// <summary>
/// Writes a folder all at once, as <see cref="AtomicFile"/> writes a file: its files go into a hidden staging
/// sibling, renamed to the folder's name only when every file is written, so readers see the whole folder or none;
/// on failure or cancellation the staging folder is deleted. An existing folder of that name is never touched.
/// </summary>
public static class AtomicFolder
{
    public static async Task WriteAsync(string outputFolder, string name, Func<string, Task> writeFiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writeFiles);
        await WriteAsync(
            outputFolder,
            name,
            async staging =>
            {
                await writeFiles(staging);
                return true;
            },
            cancellationToken);
    }

    /// <returns>What <paramref name="writeFiles"/> returned.</returns>
    public static async Task<T> WriteAsync<T>(string outputFolder, string name, Func<string, Task<T>> writeFiles, CancellationToken cancellationToken = default)
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
            var result = await writeFiles(staging);
            cancellationToken.ThrowIfCancellationRequested();
            Directory.Move(staging, final);
            return result;
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }
}
