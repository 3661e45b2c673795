namespace Hem.LocalHost.Processes;

/// <summary>
/// Installs the pinned Azurite of <c>tools/azurite</c> (its package-lock.json) with npm, the first time the local stack
/// starts on a fresh clone, exactly as <c>.ci/run</c> does.
/// </summary>
public static class AzuriteInstall
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(RepositoryLayout repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        string folder = Path.Combine(repository.Root, "tools", "azurite");
        ChildProcess npm;
        try
        {
            npm = ChildProcess.Start("npm", ["ci", "--prefix", folder, "--no-audit", "--no-fund", "--loglevel=error"], workingDirectory: repository.Root);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new LocalStackException("Azurite is not installed and npm was not found: install Node.js 20 or later with npm, or run `npm ci --prefix tools/azurite` yourself", ex);
        }

        await using (npm)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Limit);
            try
            {
                while (!npm.HasExited)
                {
                    await Task.Delay(200, limit.Token);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new LocalStackException($"installing Azurite (npm ci --prefix tools/azurite) took longer than {Limit.TotalMinutes:0} minutes: {npm.OutputTail()}");
            }

            if (npm.ExitCode != 0 || !File.Exists(repository.AzuriteScript))
            {
                throw new LocalStackException($"installing Azurite failed (npm ci --prefix tools/azurite, exit code {npm.ExitCode}): {npm.OutputTail()}");
            }
        }
    }
}
