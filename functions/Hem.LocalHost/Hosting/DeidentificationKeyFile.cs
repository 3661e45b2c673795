using System.Security.Cryptography;
using Hem.LocalHost.Processes;

namespace Hem.LocalHost.Hosting;

/// <summary>
/// The local stack's de-identification key: read from a file (base64 of at least 32 bytes), or made once in the
/// stack's folder and kept, readable by its owner only, so study keys and pseudonyms stay the same across restarts.
/// </summary>
public static class DeidentificationKeyFile
{
    public const string DefaultName = "deidentification.key";

    public static async Task<string> ReadOrCreateAsync(string? keyFile, string dataFolder, CancellationToken cancellationToken)
    {
        string path = keyFile ?? Path.Combine(dataFolder, DefaultName);
        if (!File.Exists(path))
        {
            if (keyFile is not null)
            {
                throw new LocalStackException("the key file does not exist");
            }

            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using var file = new FileStream(path, options);
            await using var writer = new StreamWriter(file);
            await writer.WriteLineAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).AsMemory(), cancellationToken);
        }

        string text = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        try
        {
            return Convert.FromBase64String(text).Length >= 32 ? text : throw new LocalStackException("the key file holds fewer than 32 bytes (base64)");
        }
        catch (FormatException ex)
        {
            throw new LocalStackException("the key file is not base64", ex);
        }
    }
}
