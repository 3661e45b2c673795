namespace Hem.Prediction.Transport;

/// <summary>A volume bundle cannot be read or does not fit what it is for; <see cref="Problem"/> says which class of fault.</summary>
public sealed class VolumeBundleException : Exception
{
    public VolumeBundleException()
    {
    }

    public VolumeBundleException(string message)
        : base(message)
    {
    }

    public VolumeBundleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public VolumeBundleException(BundleProblem problem, string message)
        : base(message)
    {
        Problem = problem;
    }

    public VolumeBundleException(BundleProblem problem, string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = problem;
    }

    public BundleProblem Problem { get; } = BundleProblem.Corrupt;
}

/// <summary>The classes of bad input, each with its own HTTP status and problem type.</summary>
public enum BundleProblem
{
    /// <summary>Not a bundle: wrong magic, unreadable header, truncated or trailing data.</summary>
    Corrupt,

    /// <summary>More voxels or bytes than the receiver accepts.</summary>
    TooLarge,

    /// <summary>A block's element type is not the one expected (or not one the format knows).</summary>
    WrongDataType,

    /// <summary>Blocks missing, extra, or grid too small for the model.</summary>
    WrongShape,

    /// <summary>The grid's spacing or axes are not what the model runs on.</summary>
    WrongGeometry,

    /// <summary>Values outside their range (NaN, infinity, a mask not 0..1).</summary>
    WrongValues,
}
