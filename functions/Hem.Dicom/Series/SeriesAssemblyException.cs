namespace Hem.Dicom.Series;

/// <summary>Which kind of check refused a series, so callers can react without reading the message.</summary>
public enum SeriesAssemblyProblem
{
    /// <summary>Mixed sizes, spacings or orientations, missing geometry, duplicate or missing slices, a stack off its line.</summary>
    InconsistentGeometry,

    /// <summary>A gantry tilt beyond the angle this reader corrects.</summary>
    TiltBeyondLimit,

    /// <summary>The volume (or its widened grid) would be larger than the limits allow.</summary>
    TooLarge,
}

/// <summary>
/// A series that cannot be turned into a geometrically right volume: mixed sizes or orientations, duplicate or
/// missing slices, a tilt beyond the limit. The message names the check that failed, with its numbers, and
/// identifies slices by position in the series or InstanceNumber, never by attribute values or file names.
/// </summary>
public sealed class SeriesAssemblyException : DicomFormatException
{
    public SeriesAssemblyException()
    {
    }

    public SeriesAssemblyException(string message)
        : base(message)
    {
    }

    public SeriesAssemblyException(string message, SeriesAssemblyProblem problem)
        : base(message)
    {
        Problem = problem;
    }

    public SeriesAssemblyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SeriesAssemblyProblem Problem { get; } = SeriesAssemblyProblem.InconsistentGeometry;
}
