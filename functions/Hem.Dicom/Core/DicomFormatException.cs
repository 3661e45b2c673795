namespace Hem.Dicom;

/// <summary>
/// The input is not DICOM this library can read. Messages name the problem (a tag, an offset, a UID) and never
/// carry attribute values, which may identify a patient.
/// </summary>
public class DicomFormatException : Exception
{
    public DicomFormatException()
    {
    }

    public DicomFormatException(string message)
        : base(message)
    {
    }

    public DicomFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Well-formed DICOM that uses an encoding this library does not decode (a transfer syntax, a bit depth).</summary>
public sealed class DicomUnsupportedException : DicomFormatException
{
    public DicomUnsupportedException()
    {
    }

    public DicomUnsupportedException(string message)
        : base(message)
    {
    }

    public DicomUnsupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
