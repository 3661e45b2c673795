using Hem.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let running work stop cleanly; a second Ctrl+C ends the process.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
return await HemCommandLine.Create().Parse(args).InvokeAsync(cancellationToken: cancellation.Token);
