namespace Hem.Pipeline.Analysis;

/// <summary>The study was examined and cannot be analysed: a stable code and a sentence a person understands.</summary>
public sealed class StudyRejectedException : Exception
{
    public StudyRejectedException()
    {
    }

    public StudyRejectedException(string message)
        : base(message)
    {
    }

    public StudyRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StudyRejectedException(string code, string reason)
        : base(reason)
    {
        Code = code;
    }

    public string Code { get; } = "rejected";
}

/// <summary>The input cannot be used at all (missing, unreadable, not a study); the message names the problem, never a path or a value.</summary>
public sealed class AnalysisInputException : Exception
{
    public AnalysisInputException()
    {
    }

    public AnalysisInputException(string message)
        : base(message)
    {
    }

    public AnalysisInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
