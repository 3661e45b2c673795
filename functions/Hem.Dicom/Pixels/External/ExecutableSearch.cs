namespace Hem.Dicom.Pixels.External;

/// <summary>Finds an executable on PATH, as a shell would, without running a shell.</summary>
internal static class ExecutableSearch
{
    public static string? FindOnPath(string name)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        string[] names = OperatingSystem.IsWindows() ? [name + ".exe", name] : [name];
        foreach (string folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (string candidate in names)
            {
                string full = Path.Combine(folder, candidate);
                if (IsExecutable(full))
                {
                    return full;
                }
            }
        }

        return null;
    }

    public static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
