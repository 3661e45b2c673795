namespace Hem.Prediction.Grid;

/// <summary>A study cannot be prepared for the model as given (volumes on different grids, say); the message says why.</summary>
public sealed class PredictionInputException : Exception
{
    public PredictionInputException()
    {
    }

    public PredictionInputException(string message)
        : base(message)
    {
    }

    public PredictionInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
