using System.CommandLine;
using Hem.LocalHost.Client;
using Hem.LocalHost.Hosting;

namespace Hem.Cli.Commands;

/// <summary><c>hem events</c>: follows the running local stack's result events (the local topic's events file) until Ctrl+C.</summary>
public static class EventsCommand
{
    public static Command Create()
    {
        var stack = SubmitCommand.StackOption();
        var all = new Option<bool>("--all") { Description = "Start with every event published so far, not only new ones." };
        var noFollow = new Option<bool>("--no-follow") { Description = "Print what is there and stop (with --all: every event so far)." };
        var json = new Option<bool>("--json") { Description = "Print each event as its CloudEvents JSON line." };
        var command = new Command("events",
            "Follow the result events (Hem.Prediction.Completed, Hem.Study.Rejected, Hem.Prediction.Failed) of the running local stack, one line each, until Ctrl+C. " +
            "Exit codes: 0 stopped; 2 no stack is running in the folder.")
        {
            stack, all, noFollow, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(stack)!, parse.GetValue(all), !parse.GetValue(noFollow), parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string stackFolder, bool all, bool follow, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        StackDescription stack;
        try
        {
            stack = await StackDescription.ReadAsync(stackFolder, cancellationToken);
        }
        catch (Exception ex) when (StackFailures.IsStartFailure(ex))
        {
            await stderr.WriteLineAsync("hem events: " + StackFailures.Describe(ex));
            return StackFailures.Unusable;
        }

        var events = new EventsFile(stack.EventsFile);
        if (follow)
        {
            await stderr.WriteLineAsync($"hem events: following {stack.EventsFile} (Ctrl+C to stop)");
        }

        try
        {
            await foreach (var cloudEvent in events.ReadAsync(all ? 0 : events.End(), follow, cancellationToken))
            {
                await stdout.WriteLineAsync(json ? System.Text.Json.JsonSerializer.Serialize(cloudEvent) : ResultEventLines.Summary(cloudEvent));
                await stdout.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: following ends here.
        }

        return 0;
    }
}
