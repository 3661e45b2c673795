using Hem.Prediction.Grid;

namespace Hem.Cli.Commands;

/// <summary>Puts the case's name in front of a problem with its files, so the one-line error says which case.</summary>
internal static class CaseErrors
{
    public static async Task<T> NamedAsync<T>(string name, Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (PredictionInputException ex)
        {
            throw new CommandInputException($"{name}: {ex.Message}");
        }
    }
}
