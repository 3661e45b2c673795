namespace Hem.Imaging.Evaluation;

/// <summary>The truth or prediction folders cannot be evaluated as given; the message says which case and why.</summary>
public sealed class EvaluationInputException : Exception
{
    public EvaluationInputException()
    {
    }

    public EvaluationInputException(string message)
        : base(message)
    {
    }

    public EvaluationInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
