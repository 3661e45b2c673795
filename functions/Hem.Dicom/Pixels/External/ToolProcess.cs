using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Hem.Dicom.Pixels.External;

/// <summary>Runs a tool with an argument list (no shell), a time limit and cancellation; returns its exit code.</summary>
internal static class ToolProcess
{
    public static async Task<int> RunAsync(string toolName, string executable, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new DicomUnsupportedException($"{toolName} could not be started from {executable}", ex);
        }

        process.StandardInput.Close();

        // Drain both pipes so a talkative tool never blocks on a full buffer. What it prints is discarded unread:
        // tools echo element values in some messages, and those may identify a patient.
        var drained = Task.WhenAll(
            process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None),
            process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Stop(process);
            await process.WaitForExitAsync(CancellationToken.None);
            await drained;
            cancellationToken.ThrowIfCancellationRequested();
            throw new DicomFormatException(string.Create(CultureInfo.InvariantCulture, $"{toolName} did not finish within {timeout.TotalSeconds:0.#} s and was stopped"));
        }

        await drained;
        return process.ExitCode;
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the deadline and the kill.
        }
    }
}
