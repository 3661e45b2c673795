namespace Hem.Imaging.Nifti;

/// <summary>A file that is not a NIfTI-1 image this reader can use; the message names the field and the problem.</summary>
public sealed class NiftiFormatException : Exception
{
    public NiftiFormatException()
    {
    }

    public NiftiFormatException(string message)
        : base(message)
    {
    }

    public NiftiFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
