namespace Hem.Dicom.Series;

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

    public SeriesAssemblyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
